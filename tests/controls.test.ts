import t from 'tap'
import { setupServer } from 'msw/node'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { createHandlers } from '../src/msw/index.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { buildTestApp, HOUR, post, START } from './helpers.js'

const model = buildModel(loadSources())
const operations = new Map(model.apis.flatMap((a) => a.operations.map((op) => [op.operationId, op])))
const urlOf = (operationId: string): string => (operations.get(operationId)?.path ?? '').replace(/\{[^}]+\}/g, '1')
const LOGIN_BART = post('/api/v1/public/login', { email: 'bart@mikasoftware.com', password: '123password' })

/** MSW handlers on http://api.test, on the same seed and clock as buildTestApp, closed when the test ends. */
function startMsw(t: { teardown(fn: () => unknown): void }) {
  const handlers = createHandlers({ baseUrl: 'http://api.test', seed: 1, clock: createManualClock(START) })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  return handlers
}

t.test('every declared scenario answers its documented response on the next call, then stops', async (t) => {
  const { call } = await buildTestApp(t)
  const catalog = (await call({ method: 'GET', url: '/__mock/scenarios' })).body as { catalog: Array<{ api: string; name: string; operations: string[] }> }
  t.ok(catalog.catalog.length >= 15, 'the specs declare their scenarios')
  for (const scenario of catalog.catalog) {
    for (const operationId of scenario.operations) {
      const op = operations.get(operationId)
      if (!op) throw new Error(operationId)
      const recipe = model.apis.find((a) => a.name === scenario.api)?.scenarios.find((s) => s.name === scenario.name)?.operations.get(operationId)
      const armed = await call(post('/__mock/scenarios', { operation: operationId, scenario: scenario.name, times: 1 }))
      t.equal(armed.status, 201, `arm ${scenario.name} on ${operationId}`)
      const request = { method: op.method as 'GET', url: urlOf(operationId) }
      const first = await call(request)
      t.equal(first.status, recipe?.status, `${scenario.api} ${scenario.name}: ${operationId} answers ${recipe?.status}`)
      if (recipe?.body !== undefined) t.same(first.body, recipe.body, `${scenario.name}: the documented body`)
      await call(request)
      const last = (await call({ method: 'GET', url: '/__mock/requests?limit=1' })).body as { requests: Array<{ shapedBy?: string }> }
      t.equal(last.requests[0]?.shapedBy, undefined, 'times: 1 is used up: the next call takes the normal flow')
    }
  }
  const throttled = await call(post('/__mock/scenarios', { operation: 'akinonLogin', scenario: 'throttled' }))
  t.equal(throttled.status, 201)
  const login = await call(post('/users/login/', { email: 'shopper@example.com', password: 'shopper-pass' }))
  t.equal(login.status, 429)
  t.equal(login.headers['retry-after'], '60', 'documented headers come along')
  t.equal((await call(post('/users/login/', {}))).status, 429, 'until cleared')
  t.same((await call({ method: 'DELETE', url: '/__mock/scenarios?operation=akinonLogin' })).body, { cleared: 1 })
  t.equal((await call(post('/users/login/', { email: 'shopper@example.com', password: 'shopper-pass' }))).status, 200)
})

t.test('a scenario without an operation arms every operation it names', async (t) => {
  const { call } = await buildTestApp(t)
  const res = await call(post('/__mock/scenarios', { scenario: 'invalid-token', times: 2 }))
  const armed = (res.body as { armed: Array<{ operation: string }> }).armed.map((a) => a.operation).sort()
  t.same(armed, ['unicommerceCountProducts', 'unicommerceListProducts', 'whippyGetStockLocation', 'whippyListStockLocations', 'whippyListStocks'])
})

t.test('status, example, fault and delay switches; bad requests are 400s that say why', async (t) => {
  const { call } = await buildTestApp(t)
  t.equal((await call(post('/__mock/scenarios', { operation: 'nwappProfile', status: 401 }))).status, 201)
  const profile = await call({ method: 'GET', url: '/api/v1/public/profile' })
  t.equal(profile.status, 401)
  t.match(profile.headers['www-authenticate'], /^Bearer/)
  const cases: Array<[unknown, string, RegExp]> = [
    [{ operation: 'nwappLogin', scenario: 'throttled' }, 'ERR_SCENARIO_UNKNOWN', /Available: invalid-credentials, missing-fields/],
    [{ operation: 'nope', status: 400 }, 'ERR_UNKNOWN_OPERATION', /nwappLogin/],
    [{ operation: 'nwappLogin', status: 418 }, 'ERR_SCENARIO_NOT_DOCUMENTED', /^The switch asks for "status": 418, which nwappLogin does not document. Available: 200 \(success\)/],
    [{ operation: 'nwappLogin', scenario: 'invalid-credentials', times: 0 }, 'ERR_SCENARIO_INVALID', /times/],
    [{ operation: 'nwappLogin', fault: 'explode' }, 'ERR_SCENARIO_INVALID', /reset, timeout, malformed/],
    [{ operation: 'nwappLogin', delay: '10y' }, 'ERR_SCENARIO_INVALID', /delay/],
    [{ operation: 'nwappLogin' }, 'ERR_SCENARIO_INVALID', /say what to answer/],
    [[1, 2], 'ERR_SCENARIO_INVALID', /JSON object/],
  ]
  for (const [body, code, detail] of cases) {
    const res = await call(post('/__mock/scenarios', body))
    t.equal(res.status, 400, JSON.stringify(body))
    t.match(res.body, { code, detail }, JSON.stringify(body))
  }
  const broken = await call({ method: 'POST', url: '/__mock/scenarios', headers: { 'content-type': 'application/json' }, payload: '{oops' })
  t.match(broken.body, { code: 'ERR_SCENARIO_INVALID', detail: /not JSON/ })
  const active = ((await call({ method: 'GET', url: '/__mock/scenarios' })).body as { active: Array<{ operation: string }> }).active
  t.same(active.map((a) => a.operation), ['nwappProfile'], 'refused switches armed nothing')
})

t.test('query fallbacks for clients that cannot set Prefer', async (t) => {
  const { call } = await buildTestApp(t)
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile?__code=200' })).status, 200)
  const example = await call({ method: 'POST', url: '/users/login/?__example=otp-required' })
  t.equal(example.status, 202)
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile?__fault=explode' })).status, 400)
})

t.test('faults over a real port: reset, timeout, malformed, delay', async (t) => {
  const app = await buildApp({ apis: ['nwapp'] })
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const profile = `${base}/api/v1/public/profile`
  await t.rejects(fetch(profile, { headers: { prefer: 'fault=reset' } }), 'reset drops the connection')
  await t.rejects(fetch(profile, { headers: { prefer: 'fault=timeout' }, signal: AbortSignal.timeout(300) }), { name: 'TimeoutError' }, 'timeout never answers')
  const malformed = await fetch(profile, { headers: { prefer: 'fault=malformed' } })
  t.equal(malformed.status, 401, 'malformed keeps the status')
  await t.rejects(malformed.json(), 'but the body does not parse')
  const started = performance.now()
  t.equal((await fetch(profile, { headers: { prefer: 'delay=250' } })).status, 401)
  t.ok(performance.now() - started >= 240, 'delay waits')
  await fetch(`${base}/__mock/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'nwappLogin', fault: 'reset', times: 1 }) })
  await t.rejects(fetch(`${base}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 'a fault switch')
  t.equal((await fetch(`${base}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 400, 'used up: normal again')
  t.equal((await fetch(`${base}/__mock/health`)).status, 200, 'the server keeps serving')
})

t.test('the clock expires tokens per API; refresh works after nwapp access expiry', async (t) => {
  const { call } = await buildTestApp(t)
  const nwapp = (await call(LOGIN_BART)).body as { access_token: { token: string }; refresh_token: { token: string } }
  const uni = ((await call(post('/authToken', { username: 'seller-one', password: 'seller-one-pass' }))).body as { accessToken: string }).accessToken
  const whippy = ((await call(post('/api/v1/auth/login/', { username: 'test', password: 'test_pass' }))).body as { key: string }).key
  const advanced = await call(post('/__mock/clock', { advance: '25h' }))
  t.same(advanced.body, { now: new Date(START + 25 * HOUR).toISOString() })
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile', headers: { authorization: `Bearer ${nwapp.access_token.token}` } })).status, 401, 'nwapp access (10 h) expired')
  t.equal((await call({ method: 'GET', url: '/products', headers: { apikey: uni } })).status, 401, 'Unicommerce (24 h) expired')
  t.equal((await call({ method: 'GET', url: '/api/v1/stocks/', headers: { authorization: `Token ${whippy}` } })).status, 200, 'DRF keys never expire')
  const refreshed = await call(post('/api/v1/public/refresh-token', { refresh_token: nwapp.refresh_token.token }))
  t.equal(refreshed.status, 200, 'refresh token (30 d) still live')
  const set = await call(post('/__mock/clock', { set: '2030-01-01T00:00:00Z' }))
  t.same(set.body, { now: '2030-01-01T00:00:00.000Z' })
  t.equal((await call(post('/__mock/clock', { advance: 'soon' }))).status, 400)
  t.equal((await call(post('/__mock/clock', {}))).status, 400)
  t.equal((await call(post('/__mock/clock', { set: 'yesterday' }))).status, 400)
})

t.test('expire all tokens, sessions view, reset', async (t) => {
  const { call } = await buildTestApp(t)
  const token = ((await call(LOGIN_BART)).body as { access_token: { token: string } }).access_token.token
  const sessions = (await call({ method: 'GET', url: '/__mock/sessions' })).body as { sessions: Array<{ api: string; kind: string; value: string; account?: string }> }
  t.same(sessions.sessions.map((s) => `${s.api}.${s.kind}:${s.account}`).sort(), ['nwapp.access:bart@mikasoftware.com', 'nwapp.refresh:bart@mikasoftware.com'])
  t.notMatch(JSON.stringify(sessions), token, 'values are redacted')
  t.same((await call({ method: 'POST', url: '/__mock/sessions/expire' })).body, { expired: 2 })
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile', headers: { authorization: `Bearer ${token}` } })).status, 401)
  await call(post('/__mock/scenarios', { operation: 'nwappLogin', scenario: 'invalid-credentials' }))
  await call(post('/__mock/clock', { advance: '3d' }))
  t.match((await call({ method: 'POST', url: '/__mock/reset' })).body, { reset: true, now: new Date(START).toISOString() })
  t.same(((await call({ method: 'GET', url: '/__mock/scenarios' })).body as { active: unknown[] }).active, [])
  t.equal((await call(LOGIN_BART)).status, 200, 'switches cleared')
  t.equal(((await call({ method: 'GET', url: '/__mock/requests' })).body as { requests: unknown[] }).requests.length, 1, 'journal restarted')
})

t.test('the journal shows what the client sent, secrets redacted, filtered and bounded', async (t) => {
  const { call } = await buildTestApp(t, { journalSize: 5 })
  const login = await call(post('/users/login/', { email: 'shopper@example.com', password: 'shopper-pass' }))
  const session = login.cookies.find((c) => c.name === 'osessionid')?.value as string
  const csrf = login.cookies.find((c) => c.name === 'csrftoken')?.value as string
  await call({ method: 'POST', url: '/users/logout/', headers: { 'x-csrftoken': csrf }, cookies: { osessionid: session, csrftoken: csrf } })
  await call({ method: 'GET', url: '/authToken?username=seller-one&password=seller-one-pass' })
  const journal = (await call({ method: 'GET', url: '/__mock/requests?operation=akinonLogout' })).body as { requests: Array<Record<string, any>> } // eslint-disable-line @typescript-eslint/no-explicit-any
  t.equal(journal.requests.length, 1)
  const logout = journal.requests[0]
  t.match(logout, { method: 'POST', path: '/users/logout/', status: 302, operationId: 'akinonLogout', headers: { 'x-csrftoken': '[redacted]', cookie: 'osessionid=[redacted]; csrftoken=[redacted]' } })
  const all = JSON.stringify((await call({ method: 'GET', url: '/__mock/requests' })).body)
  for (const secret of [session, csrf, 'shopper-pass', 'seller-one-pass']) t.notMatch(all, secret, 'no secret in the journal')
  t.match(all, /"password":"\[redacted\]"/)
  t.match(all, /osessionid=\[redacted\]; Max-Age=1209600/, 'Set-Cookie attributes kept')
  for (let i = 0; i < 10; i++) await call({ method: 'GET', url: '/nope' })
  const bounded = (await call({ method: 'GET', url: '/__mock/requests' })).body as { requests: Array<{ path: string; status: number }> }
  t.equal(bounded.requests.length, 5, 'bounded')
  t.match(bounded.requests[0], { path: '/nope', status: 404 }, 'unknown paths are journalled too')
  t.equal((await call({ method: 'GET', url: '/__mock/requests?limit=x' })).status, 400)
})

t.test('the control API refuses non-loopback callers unless allowed', async (t) => {
  const { call } = await buildTestApp(t)
  const remote = await call({ method: 'POST', url: '/__mock/reset', remoteAddress: '10.1.2.3' })
  t.equal(remote.status, 403)
  t.match(remote.body, { code: 'ERR_CONTROL_FORBIDDEN', detail: /10\.1\.2\.3.*--remote-control/ })
  t.equal((await call({ method: 'GET', url: '/__mock/', remoteAddress: '10.1.2.3' })).status, 403, 'the page too')
  t.equal((await call({ method: 'GET', url: '/__mock/health', remoteAddress: '10.1.2.3' })).status, 200, 'health stays public')
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile', remoteAddress: '10.1.2.3' })).status, 401, 'the APIs themselves answer anyone')
  const open = await buildTestApp(t, { remoteControl: true, insecureRemoteControl: true })
  t.equal((await open.call({ method: 'POST', url: '/__mock/reset', remoteAddress: '10.1.2.3' })).status, 200)
})

t.test('the MSW handlers expose the same controls with the same answers', async (t) => {
  const { call } = await buildTestApp(t)
  const handlers = startMsw(t)
  const viaMsw = (path: string, init: RequestInit = {}) => fetch(`http://api.test${path}`, init)

  const armedHttp = await call(post('/__mock/scenarios', { operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 }))
  const armedMsw = await handlers.scenarios.use({ operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 })
  t.same(armedMsw, { ok: true, value: (armedHttp.body as { armed: unknown }).armed })
  const serverLogin = await call(LOGIN_BART)
  const mswLogin = await viaMsw('/api/v1/public/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: LOGIN_BART.payload as string })
  t.equal(mswLogin.status, serverLogin.status)
  t.same(await mswLogin.json(), serverLogin.body)
  t.same(await handlers.scenarios.list(), [], 'used up in both')

  t.match(await handlers.scenarios.use({ operation: 'nwappLogin', scenario: 'throttled' }), { ok: false, code: 'ERR_SCENARIO_UNKNOWN', message: /Available: invalid-credentials, missing-fields/, available: ['invalid-credentials', 'missing-fields'] })
  t.same(await handlers.clock.advance('25h'), { ok: true, value: new Date(START + 25 * HOUR).toISOString() })
  t.same((await handlers.clock.advance('soon')).ok, false)
  const requests = await handlers.requests({ operation: 'nwappLogin' })
  t.equal(requests.length, 1)
  t.match(requests[0], { status: 400, shapedBy: 'scenario invalid-credentials', body: { password: '[redacted]' } })
  await viaMsw('/api/v1/public/profile', { headers: { prefer: 'fault=reset' } }).then(() => t.fail('reset should fail the fetch'), () => t.pass('fault=reset is a network error in MSW'))
  const malformed = await viaMsw('/api/v1/public/profile', { headers: { prefer: 'fault=malformed' } })
  await t.rejects(malformed.json())
  // A plain timer (AbortSignal.timeout's is unref'd, and a never-answered request leaves nothing else to keep Node running).
  const abort = new AbortController()
  setTimeout(() => abort.abort(), 200)
  await t.rejects(viaMsw('/api/v1/public/profile', { headers: { prefer: 'fault=timeout' }, signal: abort.signal }), 'fault=timeout never answers')
  await handlers.reset()
  t.same(await handlers.requests(), [])
  t.equal(await handlers.clock.now(), new Date(START).toISOString())
})

t.test('every declared scenario through the MSW handlers answers as through the server', async (t) => {
  const { call } = await buildTestApp(t)
  const handlers = startMsw(t)
  for (const scenario of handlers.scenarios.catalog()) {
    for (const operationId of scenario.operations) {
      const op = operations.get(operationId)
      if (!op) throw new Error(operationId)
      t.equal((await call(post('/__mock/scenarios', { operation: operationId, scenario: scenario.name, times: 1 }))).status, 201)
      t.ok((await handlers.scenarios.use({ operation: operationId, scenario: scenario.name, times: 1 })).ok)
      const viaServer = await call({ method: op.method as 'GET', url: urlOf(operationId) })
      const viaMsw = await fetch(`http://api.test${urlOf(operationId)}`, { method: op.method, redirect: 'manual' })
      t.equal(viaMsw.status, viaServer.status, `${scenario.api} ${scenario.name} on ${operationId}: same status`)
      const text = await viaMsw.text()
      t.same(text ? JSON.parse(text) : '', viaServer.body, `${scenario.name} on ${operationId}: same body`)
    }
  }
})
