import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { API_NAMES, buildTestApp, post } from './helpers.js'

t.test('serves every API of spec/ with a health route listing their operations', async (t) => {
  const { call } = await buildTestApp(t)
  const res = await call({ method: 'GET', url: '/__mock/health' })
  t.equal(res.status, 200)
  const body = res.body as { status: string; apis: Array<{ name: string; operations: Array<{ operationId: string; pending?: string }> }> }
  t.equal(body.status, 'ok')
  t.same(body.apis.map((a) => a.name).sort(), API_NAMES)
  const nwapp = body.apis.find((a) => a.name === 'nwapp')
  t.ok(nwapp?.operations.find((o) => o.operationId === 'nwappRegister')?.pending, 'register is marked pending')
})

t.test('unknown routes and wrong methods answer problem+json', async (t) => {
  const { call } = await buildTestApp(t)
  const missing = await call({ method: 'GET', url: '/nope' })
  t.equal(missing.status, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.match(missing.body, { code: 'ERR_NO_ROUTE', status: 404, detail: /GET \/nope/ })
  const wrong = await call({ method: 'DELETE', url: '/api/v1/public/login' })
  t.equal(wrong.status, 405)
  t.equal(wrong.headers.allow, 'POST')
  t.match(wrong.body, { code: 'ERR_METHOD_NOT_ALLOWED' })
  const head = await call({ method: 'HEAD', url: '/api/v1/public/profile' })
  t.equal(head.status, 401, 'HEAD answers like GET')
  t.equal(head.body, '')
})

t.test('a subset of APIs serves only those routes', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'] })
  t.equal((await call({ method: 'GET', url: '/current_user/' })).status, 404)
  t.equal((await call({ method: 'GET', url: '/api/v1/public/profile' })).status, 401)
})

t.test('CORS: localhost origins get credentials; others get nothing', async (t) => {
  const { call } = await buildTestApp(t)
  const ok = await call({ method: 'GET', url: '/api/v1/public/profile', headers: { origin: 'http://localhost:5173' } })
  t.equal(ok.headers['access-control-allow-origin'], 'http://localhost:5173')
  t.equal(ok.headers['access-control-allow-credentials'], 'true')
  t.match(ok.headers['access-control-expose-headers'], /WWW-Authenticate/)
  const preflight = await call({
    method: 'OPTIONS', url: '/users/logout/',
    headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrftoken,content-type' },
  })
  t.equal(preflight.status, 204)
  t.equal(preflight.headers['access-control-allow-origin'], 'http://127.0.0.1:3000')
  t.match(preflight.headers['access-control-allow-headers'], /x-csrftoken/)
  const foreign = await call({ method: 'GET', url: '/api/v1/public/profile', headers: { origin: 'https://evil.example' } })
  t.equal(foreign.headers['access-control-allow-origin'], undefined)
  const plain = await call({ method: 'GET', url: '/api/v1/public/profile' })
  t.equal(plain.headers['access-control-allow-origin'], undefined, 'no Origin, no CORS headers')
  t.equal(plain.headers.vary, 'Origin', 'caches told that answers differ by Origin')
  const notPreflight = await call({ method: 'OPTIONS', url: '/users/logout/', headers: { origin: 'http://localhost:5173' } })
  t.equal(notPreflight.status, 400, 'OPTIONS from an allowed origin without Access-Control-Request-Method')
  t.match(notPreflight.body, { code: 'ERR_BAD_REQUEST', detail: /Access-Control-Request-Method/ })
  const foreignPreflight = await call({ method: 'OPTIONS', url: '/users/logout/', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
  t.equal(foreignPreflight.status, 405, 'no preflight for an origin not allowed: the path does not take OPTIONS')
  t.equal(foreignPreflight.headers.allow, 'POST')
  t.equal(foreignPreflight.headers['access-control-allow-origin'], undefined)
})

t.test('CORS allowlist replaces the localhost default', async (t) => {
  const { call } = await buildTestApp(t, { corsOrigins: ['https://app.example'] })
  const allowed = await call({ method: 'GET', url: '/__mock/health', headers: { origin: 'https://app.example' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example')
  const local = await call({ method: 'GET', url: '/__mock/health', headers: { origin: 'http://localhost:5173' } })
  t.equal(local.headers['access-control-allow-origin'], undefined)
})

t.test('over a real port: login -> profile -> logout -> profile is 401', async (t) => {
  const app = await buildApp({ apis: ['nwapp'] })
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  t.match(base, /^http:\/\/127\.0\.0\.1:\d+$/, 'binds loopback by default')
  const login = await fetch(`${base}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' }) })
  t.equal(login.status, 200)
  const token = ((await login.json()) as { access_token: { token: string } }).access_token.token
  const auth = { authorization: `Bearer ${token}` }
  t.equal((await fetch(`${base}/api/v1/public/profile`, { headers: auth })).status, 200)
  t.equal((await fetch(`${base}/api/v1/public/logout`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).status, 200)
  t.equal((await fetch(`${base}/api/v1/public/profile`, { headers: auth })).status, 401)
})

t.test('the request log gets one line per request', async (t) => {
  const lines: string[] = []
  const { call } = await buildTestApp(t, { apis: ['nwapp'], log: (line) => lines.push(line) })
  await call(post('/api/v1/public/login', {}))
  t.match(lines, [/^POST \/api\/v1\/public\/login 400 \d+\.\dms$/])
})
