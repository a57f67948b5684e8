import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createProxy, VIOLATIONS_HEADER } from '../src/contract/create-proxy.js'
import type { Violation } from '../src/contract/types.js'
import { verifyServer } from '../src/contract/verify-server.js'
import { buildModel } from '../src/model/build-model.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { buildDeviatingServer, MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

const model = buildModel(loadSources())
const teardown = (t: { teardown(fn: () => unknown): void }, close: () => unknown) => t.teardown(close)

/** A proxy in front of `target`, listening on a free port; its log lines are collected. */
async function startProxy(t: { teardown(fn: () => unknown): void }, target: string, timeoutMs?: number) {
  const log: string[] = []
  const proxy = await createProxy({ model, target, log: (line) => log.push(line), timeoutMs })
  teardown(t, () => proxy.close())
  const url = await listen(proxy, { port: 0 })
  const violations = async (): Promise<{ count: number; violations: Violation[] }> => (await fetch(`${url}/__mock/violations`)).json() as Promise<{ count: number; violations: Violation[] }>
  return { url, log, violations }
}

t.test('in front of authmock itself: verify passes through it, and only its deliberately bad requests are reported', async (t) => {
  const app = await buildApp({ seed: 4 })
  teardown(t, () => app.close())
  const proxy = await startProxy(t, await listen(app, { port: 0 }))
  const result = await verifyServer({ model, baseUrl: proxy.url, accounts: MOCK_ACCOUNTS, only: ['nwappLogin', 'nwappProfile', 'akinonLogin', 'whippyListStocks'] })
  t.ok(result.ok, 'verify through the proxy passes')
  const { count, violations } = await proxy.violations()
  // verify sends deliberately bad requests (missing fields, bad JSON): those, and only those, are request violations.
  t.ok(violations.every((v) => v.case === 'request'), 'no answer departs from the documents')
  t.same([...new Set(violations.map((v) => v.message.replace(/ \(.*\)$/, '')))].sort(), [
    'request body is not valid JSON', 'request body: missing required property "email"', 'request body: missing required property "password"',
  ])
  t.equal(count, violations.length)
})

t.test('in front of the deviating server: the same verify result, answer deviations logged, counted and served', async (t) => {
  const app = await buildDeviatingServer()
  teardown(t, () => app.close())
  const direct = await listen(app, { port: 0 })
  const proxy = await startProxy(t, direct)
  const apis = ['nwapp', 'akinon-commerce']
  const through = await verifyServer({ model, baseUrl: proxy.url, apis, accounts: MOCK_ACCOUNTS })
  const straight = await verifyServer({ model, baseUrl: direct, apis, accounts: MOCK_ACCOUNTS })
  const summary = (r: typeof through) => r.cases.map((c) => [c.operationId, c.case, c.outcome, c.violations.map((v) => v.message.replace(/\d{6,}/g, 'N'))])
  t.same(summary(through), summary(straight), 'the proxy changes nothing verify can see')

  const { violations } = await proxy.violations()
  const answers = [...new Set(violations.filter((v) => v.case === 'response').map((v) => `${v.operationId}: ${v.message}`))].sort()
  t.same(answers, [
    'akinonLogin: body is not valid JSON (line 1, column 1)',
    'akinonLogin: cookie osessionid is not HttpOnly',
    'nwappLogin: must be integer',
    'nwappLogin: undocumented status 401 (documented: 200, 400)',
    'nwappProfile: missing required header www-authenticate',
    'nwappProfile: missing required property "user_id"',
    'nwappRefreshToken: wrong content type',
  ], 'every deviation an answer alone shows (status, body, headers, cookies)')
  t.ok(proxy.log.some((line) => line === 'GET /api/v1/public/profile -> 200: 1 violation(s)'), 'logs the exchange')
  t.ok(proxy.log.some((line) => line === '  GET /api/v1/public/profile (response): missing required property "user_id" at /user_id (schema #/required); expected present, got absent'), 'logs each violation')
  t.notOk(proxy.log.some((line) => line.includes(MOCK_ACCOUNTS.nwapp?.password as string)), 'no password in the log')

  const login = await fetch(`${proxy.url}/users/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(MOCK_ACCOUNTS['akinon-commerce']) })
  t.equal(login.status, 200)
  t.equal(login.headers.get(VIOLATIONS_HEADER), '1', 'the HttpOnly deviation is counted on the answer')
  t.equal(login.headers.getSetCookie().length, 2, 'both Set-Cookie headers pass through')
  t.match(await login.json(), { key: /^[0-9a-f]{40}$/, redirect_url: null })

  const none = await fetch(`${proxy.url}/api/v1/public/profile`)
  const straightNone = await fetch(`${direct}/api/v1/public/profile`)
  t.equal(none.status, straightNone.status)
  t.equal(await none.text(), await straightNone.text(), 'body bytes unchanged')
  t.equal(none.headers.get('content-type'), straightNone.headers.get('content-type'))
  t.equal(none.headers.get(VIOLATIONS_HEADER), '1')

  // A bodiless 302 stays bodiless and unlabelled: the proxy adds only its count.
  const headerNames = (res: Response) => {
    const names: string[] = []
    res.headers.forEach((_value, name) => names.push(name))
    return names.filter((n) => !['date', 'connection', 'keep-alive', VIOLATIONS_HEADER].includes(n)).sort()
  }
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const logout = (base: string) => fetch(`${base}/users/logout/`, { method: 'POST', redirect: 'manual', headers: { cookie } })
  const [viaProxy, viaDirect] = [await logout(proxy.url), await logout(direct)]
  t.equal(viaProxy.status, 302)
  t.same(headerNames(viaProxy), headerNames(viaDirect), 'the same headers as the target sent')
  t.equal(viaProxy.headers.get('location'), viaDirect.headers.get('location'))

  const head = await fetch(`${proxy.url}/api/v1/public/profile`, { method: 'HEAD', headers: { authorization: 'Bearer nope' } })
  t.equal(head.status, 401)
  t.equal(head.headers.get(VIOLATIONS_HEADER), '0', 'HEAD: no body to check, and none is missed')

  const unknown = await fetch(`${proxy.url}/nowhere?x=1`)
  t.equal(unknown.status, 404, 'an undocumented path is still forwarded')
  t.equal(unknown.headers.get(VIOLATIONS_HEADER), '1')
  t.match((await proxy.violations()).violations.at(-1), { case: 'request', path: '/nowhere', message: 'no documented operation has this path' })

  const cleared = await fetch(`${proxy.url}/__mock/violations`, { method: 'DELETE' })
  t.equal(cleared.status, 204)
  t.same(await proxy.violations(), { count: 0, violations: [] })
})

t.test('a dead or silent target is a 502 / 504 problem, not a crash', async (t) => {
  const silent: Server = createServer(() => undefined)
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  teardown(t, () => new Promise((resolve) => { silent.closeAllConnections(); silent.close(resolve) }))
  const slow = await startProxy(t, `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, 100)
  const timedOut = await fetch(`${slow.url}/api/v1/public/profile`)
  t.equal(timedOut.status, 504)
  t.match(timedOut.headers.get('content-type'), /^application\/problem\+json/)
  t.match(await timedOut.json(), { code: 'ERR_PROXY_UPSTREAM', detail: /GET \/api\/v1\/public\/profile to the target: No answer from .* within 100 ms/ })

  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise((resolve) => probe.close(resolve))
  const dead = await startProxy(t, `http://127.0.0.1:${port}`)
  const refused = await fetch(`${dead.url}/users/login/`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
  t.equal(refused.status, 502)
  t.match(await refused.json(), { code: 'ERR_PROXY_UPSTREAM', detail: /Cannot connect to .*ECONNREFUSED/ })
  t.equal(refused.headers.get(VIOLATIONS_HEADER), '2', 'the request itself is still checked')
  const again = await fetch(`${dead.url}/__mock/violations`)
  t.equal(again.status, 200, 'still serving')
})

t.test('a client that sends Expect: 100-continue (curl, for a large body) is forwarded, not refused', async (t) => {
  const app = await buildApp({ apis: ['nwapp'], seed: 5 })
  teardown(t, () => app.close())
  const proxy = new URL((await startProxy(t, await listen(app, { port: 0 }))).url)
  const body = JSON.stringify(MOCK_ACCOUNTS.nwapp)
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const request = httpRequest({
      host: proxy.hostname, port: proxy.port, path: '/api/v1/public/login', method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    })
    request.on('continue', () => request.end(body))
    request.on('response', (response) => response.resume().on('end', () => resolve(response.statusCode)))
    request.on('error', reject)
  })
  t.equal(status, 200)
})
