import { connect } from 'node:net'
import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { checkHost } from '../src/server/check-host.js'
import { buildTestApp, post } from './helpers.js'

const REMOTE = '10.1.2.3'
const TOKEN = 'qa-team-secret-0123456789'

/** One raw HTTP/1.1 exchange, so the request target goes out exactly as written. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head))
    let out = ''
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')))
    socket.on('data', (chunk) => { out += chunk })
    socket.on('close', () => resolve(out))
    socket.on('error', reject)
  })
}

t.test('the control API is decided on the route, not the raw URL: encoded and absolute-form targets are guarded too', async (t) => {
  const { call } = await buildTestApp(t)
  for (const url of ['/__mock/reset', '/%5F_mock/reset', '/__mo%63k/reset', '/%5f%5fmock/reset']) {
    const res = await call({ method: 'POST', url, remoteAddress: REMOTE })
    t.equal(res.status, 403, url)
    t.match(res.body, { code: 'ERR_CONTROL_FORBIDDEN' }, url)
  }
  for (const url of ['/%5F_mock/scenarios', '/__mock/clock']) {
    const res = await call({ ...post(url, { advance: '1h' }), remoteAddress: REMOTE })
    t.equal(res.status, 403, url)
  }
  t.equal((await call({ method: 'GET', url: '/__mock/clock' })).status, 200, 'loopback still answered')
})

t.test('an absolute-form target over a real socket reaches the same guarded route', async (t) => {
  const app = await buildApp({ seed: 1 })
  t.teardown(() => app.close())
  const port = Number(new URL(await listen(app, { port: 0 })).port)
  // Loopback: the absolute form is routed like the origin form (and answered).
  const ok = await rawRequest(port, `POST http://127.0.0.1:${port}/__mock/reset HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
  t.match(ok, /^HTTP\/1\.1 200/)
  // The target's own authority is never trusted for URLs: a paged list builds its links from Host.
  const login = await app.inject(post('/api/v1/auth/login/', { username: 'test', password: 'test_pass' }))
  const key = (JSON.parse(login.body) as { key: string }).key
  const listed = await rawRequest(port, `GET http://evil.example/api/v1/stocks/?limit=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Token ${key}\r\nConnection: close\r\n\r\n`)
  t.match(listed, /^HTTP\/1\.1 200/)
  t.notMatch(listed, /evil\.example/, 'no link names the target\'s authority')
})

t.test('cross-site pages cannot drive the control API (CSRF)', async (t) => {
  const { call } = await buildTestApp(t)
  const before = (await call({ method: 'GET', url: '/__mock/clock' })).body
  // What a page on another site can send without a preflight.
  const simple: Array<[string, string]> = [
    ['text/plain', '{"advance":"25h"}'],
    ['text/plain;charset=UTF-8', '{"advance":"25h"}'],
    ['application/x-www-form-urlencoded', '{"advance":"25h"}'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="advance"\r\n\r\n25h\r\n--x--\r\n'],
  ]
  for (const [type, payload] of simple) {
    const res = await call({ method: 'POST', url: '/__mock/clock', headers: { 'content-type': type }, payload })
    t.equal(res.status, 415, type)
    t.match(res.body, { code: 'ERR_CONTROL_CONTENT_TYPE' }, type)
  }
  for (const url of ['/__mock/reset', '/__mock/scenarios', '/__mock/sessions/expire']) {
    const res = await call({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: '{"operation":"nwappLogin","status":500}' })
    t.equal(res.status, 415, url)
  }
  // A bodiless POST carries no Content-Type: its Origin gives it away.
  for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
    const res = await call({ method: 'POST', url: '/__mock/reset', headers: { origin } })
    t.equal(res.status, 403, origin)
    t.match(res.body, { code: 'ERR_CONTROL_ORIGIN' }, origin)
    const read = await call({ method: 'GET', url: '/__mock/requests', headers: { origin } })
    t.equal(read.status, 403, `reads too: ${origin}`)
  }
  t.same((await call({ method: 'GET', url: '/__mock/clock' })).body, before, 'nothing moved the clock')
  t.equal((await call({ ...post('/__mock/clock', { advance: '1h' }), headers: { 'content-type': 'application/json', origin: 'http://localhost:80' } })).status, 200, 'the page on its own origin works')
  t.equal((await call({ ...post('/__mock/clock', { advance: '1h' }), headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' } })).status, 200, 'a local dev server (the CORS default) works')
  t.equal((await call({ method: 'POST', url: '/__mock/reset' })).status, 200, 'curl without a body or Origin works')
})

t.test('Host must be one of the server\'s own names (DNS rebinding) and a junk Host poisons nothing', async (t) => {
  const { call } = await buildTestApp(t)
  const refused = ['evil.example', 'evil.example:4010', '256.256.256.256', '256.256.256.256:4010', 'a b', 'localhost:99999', '[::g]', 'x'.repeat(300), '127.0.0.1.evil.example']
  for (const host of refused) {
    const res = await call({ method: 'GET', url: '/api/v1/stocks/', headers: { host } })
    t.equal(res.status, 403, host)
    t.match(res.body, { code: 'ERR_HOST_NOT_ALLOWED' }, host)
    t.equal((await call({ method: 'POST', url: '/__mock/reset', headers: { host } })).status, 403, `control too: ${host}`)
  }
  for (const host of ['localhost', 'localhost:4010', '127.0.0.1:4010', '[::1]:4010', 'app.localhost:4010', '192.168.1.20:4010', 'LOCALHOST']) {
    t.equal((await call({ method: 'GET', url: '/__mock/health', headers: { host } })).status, 200, host)
  }
  // The journal, sessions and clock keep answering after every refused Host.
  for (const url of ['/__mock/requests', '/__mock/sessions', '/__mock/clock']) t.equal((await call({ method: 'GET', url })).status, 200, url)
})

t.test('--host and --allowed-host add names; "*" turns the check off', async (t) => {
  t.same(checkHost('mock.qa.example:4010', { bindHost: 'mock.qa.example' }), { ok: true })
  t.same(checkHost('a.qa.example', { allowedHosts: ['.qa.example'] }), { ok: true })
  t.same(checkHost('qa.example', { allowedHosts: ['.qa.example'] }), { ok: true })
  t.match(checkHost('evilqa.example', { allowedHosts: ['.qa.example'] }), { ok: false })
  t.same(checkHost('anything.example', { allowedHosts: ['*'] }), { ok: true })
  t.match(checkHost(undefined, {}), { ok: false })
  const { call } = await buildTestApp(t, { allowedHosts: ['mock.qa.example'] })
  t.equal((await call({ method: 'GET', url: '/__mock/health', headers: { host: 'mock.qa.example:4010' } })).status, 200)
})

t.test('with a control token every control call needs it, from any address; the page loads and asks', async (t) => {
  const { call } = await buildTestApp(t, { remoteControl: true, controlToken: TOKEN })
  for (const [remoteAddress, authorization] of [['127.0.0.1', undefined], [REMOTE, undefined], [REMOTE, 'Bearer wrong-token-wrong-token'], [REMOTE, TOKEN], [REMOTE, `Basic ${TOKEN}`]] as const) {
    const res = await call({ method: 'POST', url: '/__mock/reset', remoteAddress, headers: authorization ? { authorization } : {} })
    t.equal(res.status, 401, `${remoteAddress} ${authorization ?? 'no token'}`)
    t.match(res.body, { code: 'ERR_CONTROL_UNAUTHORIZED' })
    t.equal(res.headers['www-authenticate'], 'Bearer realm="authmock control"')
    t.notMatch(JSON.stringify(res), TOKEN, 'the token is never echoed')
  }
  t.equal((await call({ method: 'POST', url: '/__mock/reset', remoteAddress: REMOTE, headers: { authorization: `Bearer ${TOKEN}` } })).status, 200)
  t.equal((await call({ method: 'POST', url: '/__mock/reset', headers: { authorization: `bearer ${TOKEN}` } })).status, 200, 'scheme is case-insensitive')
  const page = await call({ method: 'GET', url: '/__mock/', remoteAddress: REMOTE })
  t.equal(page.status, 200)
  t.match(page.body, /control token/, 'the page loads without the token (it holds no state) and asks for it on a 401')
  t.equal((await call({ method: 'GET', url: '/__mock/', headers: { origin: 'https://evil.example' } })).status, 403, 'the page still follows the Origin rule')
  t.equal((await call({ method: 'GET', url: '/__mock/health', remoteAddress: REMOTE })).status, 200, 'health stays open for load balancers')
})

t.test('remote control without a token refuses to start unless forced', async (t) => {
  await t.rejects(buildApp({ remoteControl: true }), { code: 'ERR_CONFIG_INVALID', message: /--control-token/ })
  const forced = await buildApp({ remoteControl: true, insecureRemoteControl: true })
  t.teardown(() => forced.close())
  t.equal((await forced.inject({ method: 'POST', url: '/__mock/reset', remoteAddress: REMOTE })).statusCode, 200)
})

t.test('GET /__mock (no slash) leads to the control page', async (t) => {
  const { call } = await buildTestApp(t)
  const res = await call({ method: 'GET', url: '/__mock' })
  t.equal(res.status, 302)
  t.equal(res.headers.location, '/__mock/')
  t.equal((await call({ method: 'GET', url: '/__mock', remoteAddress: REMOTE })).status, 403, 'guarded like the page')
})

t.test('the proxy\'s /__mock/violations follows the same rules', async (t) => {
  const { createProxy } = await import('../src/contract/create-proxy.js')
  const { buildModel } = await import('../src/model/build-model.js')
  const { loadSources } = await import('../src/spec/load-sources.js')
  const model = buildModel(loadSources({ apis: ['nwapp'] }))
  // The target is never contacted: only the proxy's own routes are called.
  const proxy = await createProxy({ model, target: 'http://127.0.0.1:9' })
  t.teardown(() => proxy.close())
  t.equal((await proxy.inject({ method: 'GET', url: '/__mock/violations' })).statusCode, 200, 'loopback reads them')
  t.equal((await proxy.inject({ method: 'GET', url: '/__mock/violations', remoteAddress: REMOTE })).statusCode, 403)
  t.equal((await proxy.inject({ method: 'DELETE', url: '/%5F_mock/violations', remoteAddress: REMOTE })).statusCode, 403, 'decided on the route')
  t.equal((await proxy.inject({ method: 'DELETE', url: '/__mock/violations', headers: { origin: 'https://evil.example' } })).statusCode, 403, 'Origin')
  t.equal((await proxy.inject({ method: 'GET', url: '/__mock/violations', headers: { host: 'evil.example' } })).statusCode, 403, 'Host')
  await t.rejects(createProxy({ model, target: 'http://127.0.0.1:9', remoteControl: true }), { code: 'ERR_CONFIG_INVALID', message: /--control-token/ }, 'remote without a token refused, as the server does')
  const guarded = await createProxy({ model, target: 'http://127.0.0.1:9', remoteControl: true, controlToken: TOKEN })
  t.teardown(() => guarded.close())
  t.equal((await guarded.inject({ method: 'GET', url: '/__mock/violations', remoteAddress: REMOTE })).statusCode, 401)
  t.equal((await guarded.inject({ method: 'GET', url: '/__mock/violations', remoteAddress: REMOTE, headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 200)
})
