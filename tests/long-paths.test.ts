import t from 'tap'
import { setupServer } from 'msw/node'
import { createHandlers } from '../src/msw/index.js'
import { trimTrailingSlashes } from '../src/core/trim-trailing-slashes.js'
import { buildTestApp } from './helpers.js'

// Issue 10 item 8: trailing slashes were trimmed with /\/+$/, which retries from
// every slash of a run that does not reach the end: quadratic. The old code took
// seconds on the "x" cases below (measured: 70,000 slashes + "x" took 4.5 to 10 s per
// request); linear code answers them in milliseconds. The bound is generous so a
// busy machine does not fail it.
const BOUND_MS = 1500
const PATHS: Array<[string, string]> = [
  ['200,000 slashes', '/'.repeat(200_000)],
  ['70,000 slashes then "x"', `/${'/'.repeat(70_000)}x`],
  ['a static path, 70,000 slashes, "x"', `/users/login/${'/'.repeat(70_000)}x`],
  ['a templated path, 70,000 slashes, "x"', `/api/v1/stock-locations/1${'/'.repeat(70_000)}x`],
]

t.test('trimTrailingSlashes matches the regex it replaces', async (t) => {
  for (const path of ['/', '//', '/a', '/a/', '/a///', '/a//b//', '', 'a/', '/a/b']) {
    t.equal(trimTrailingSlashes(path), path.replace(/\/+$/, '') || '/', JSON.stringify(path))
  }
})

t.test('long runs of slashes are answered in linear time by the server', async (t) => {
  const { app } = await buildTestApp(t)
  for (const [label, path] of PATHS) {
    const started = performance.now()
    const res = await app.inject({ method: 'GET', url: path })
    const took = performance.now() - started
    t.equal(res.statusCode, 404, `${label}: no such operation`)
    t.ok(took < BOUND_MS, `${label}: answered in ${took.toFixed(0)} ms (bound ${BOUND_MS})`)
  }
  const res = await app.inject({ method: 'GET', url: `/api/v1/stock-locations/1${'/'.repeat(70_000)}` })
  t.not(res.statusCode, 404, 'trailing slashes after a templated path still route to it')
})

t.test('long runs of slashes are answered in linear time by the MSW handlers', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://api.test' })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'bypass' })
  t.teardown(() => server.close())
  for (const [label, path] of PATHS) {
    const started = performance.now()
    // A path no operation has is left alone: matches() returns false, the request bypasses to the network.
    t.equal(handlers.engines[0]?.matches(path), false, `${label}: not an operation`)
    const took = performance.now() - started
    t.ok(took < BOUND_MS, `${label}: matched in ${took.toFixed(0)} ms (bound ${BOUND_MS})`)
  }
  const started = performance.now()
  const res = await fetch(`http://api.test/users/login${'/'.repeat(70_000)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  t.equal(res.status, 400, 'trailing slashes after a static path still route to it')
  t.ok(performance.now() - started < BOUND_MS, 'and answer in time')
})
