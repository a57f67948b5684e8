import t from 'tap'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createHandlers } from '../src/msw/index.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { createAjvValidators } from '../src/model/create-ajv-validators.js'
import { loadSources } from '../src/spec/load-sources.js'
import { HOUR, START } from './helpers.js'

const json = { 'content-type': 'application/json' }
const BART = JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' })

t.test('setupServer with createHandlers: state per call, reset between tests', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://api.test', seed: 1 })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())

  const login = await fetch('http://api.test/api/v1/public/login', { method: 'POST', headers: json, body: BART })
  const token = ((await login.json()) as { access_token: { token: string } }).access_token.token
  const auth = { authorization: `Bearer ${token}` }
  t.equal((await fetch('http://api.test/api/v1/public/profile', { headers: auth })).status, 200)
  await handlers.reset()
  t.equal((await fetch('http://api.test/api/v1/public/profile', { headers: auth })).status, 401, 'reset forgets tokens')

  const other = createHandlers({ baseUrl: 'http://api.test', seed: 1 })
  await fetch('http://api.test/api/v1/public/login', { method: 'POST', headers: json, body: BART })
  t.ok((handlers.engines[0]?.store.size() ?? 0) > 0, 'the handlers in use hold the new tokens')
  t.equal(other.engines[0]?.store.size(), 0, 'another createHandlers call shares none of them')
})

t.test('Akinon session works without handling cookies by hand (the handlers keep a jar)', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://shop.test', apis: ['akinon-commerce'] })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  await fetch('http://shop.test/csrf_token/')
  const login = await fetch('http://shop.test/users/login/', { method: 'POST', headers: json, body: JSON.stringify({ email: 'shopper@example.com', password: 'shopper-pass' }) })
  const csrf = /csrftoken=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))?.[1] as string
  t.equal((await fetch('http://shop.test/current_user/')).status, 200)
  t.equal((await fetch('http://shop.test/users/logout/', { method: 'POST', redirect: 'manual' })).status, 403, 'CSRF still enforced')
  t.equal((await fetch('http://shop.test/users/logout/', { method: 'POST', headers: { 'x-csrftoken': csrf }, redirect: 'manual' })).status, 302, 'the rotated token from login is the one that counts')
  t.equal((await fetch('http://shop.test/current_user/')).status, 401)
})

t.test('base URLs per API, subsets, and requests that are not ours pass through', async (t) => {
  const handlers = createHandlers({ apis: ['nwapp', 'unicommerce'], baseUrl: { nwapp: 'http://nw.test/gateway/', unicommerce: 'http://uni.test' } })
  const server = setupServer(...handlers, http.get('http://nw.test/health', () => HttpResponse.text('app handler')))
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  t.equal(handlers.engines.length, 2, 'one engine per base URL')
  t.equal((await fetch('http://nw.test/gateway/api/v1/public/profile')).status, 401, 'path prefix stripped')
  t.equal((await fetch('http://uni.test/productsCount')).status, 401)
  t.equal(await (await fetch('http://nw.test/health')).text(), 'app handler', 'other paths reach other handlers')
  await t.rejects(fetch('http://uni.test/api/v1/public/profile'), 'nwapp is not served on the Unicommerce base URL (unhandled -> error)')
  await t.rejects(fetch('http://nw.test/gateway/current_user/'), 'Akinon was not asked for')
})

t.test('the clock and token lifetimes work as on the server', async (t) => {
  const clock = createManualClock(START)
  const handlers = createHandlers({ baseUrl: 'http://api.test', clock, tokenTtlMs: { 'nwapp.access': 60_000 } })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  const login = await fetch('http://api.test/api/v1/public/login', { method: 'POST', headers: json, body: BART })
  const token = ((await login.json()) as { access_token: { token: string } }).access_token.token
  clock.advance(HOUR)
  const res = await fetch('http://api.test/api/v1/public/profile', { headers: { authorization: `Bearer ${token}` } })
  t.equal(res.status, 401)
  t.match(res.headers.get('www-authenticate'), /invalid_token/)
})

t.test('custom sources need validators, and work with them', async (t) => {
  t.throws(() => createHandlers({ sources: loadSources({ apis: ['nwapp'] }) }), { code: 'ERR_CONFIG_INVALID' })
  const handlers = createHandlers({ sources: loadSources({ apis: ['nwapp'] }), validators: createAjvValidators(), baseUrl: 'http://own.test' })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  t.equal((await fetch('http://own.test/api/v1/public/login', { method: 'POST', headers: json, body: '{}' })).status, 400)
})
