import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createHttpClient } from '../src/contract/create-http-client.js'
import { formatJunit } from '../src/contract/format-junit.js'
import { formatPretty } from '../src/contract/format-pretty.js'
import { formatTap } from '../src/contract/format-tap.js'
import type { VerifyResult } from '../src/contract/types.js'
import { verifyServer } from '../src/contract/verify-server.js'
import { buildModel } from '../src/model/build-model.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { buildDeviatingServer, DEVIATIONS, MOCK_ACCOUNTS } from './fixtures/deviating-server.js'
import { API_NAMES } from './helpers.js'

const model = buildModel(loadSources())

/** A plain node:http server on a free loopback port, closed when the test ends. */
async function startRaw(t: { teardown(fn: () => unknown): void }, handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const server = createHttpServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => closeServer(server))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

const failed = (result: VerifyResult) => result.cases.filter((c) => c.outcome === 'failed')

t.test('every case passes against authmock\'s own server, for every API, well under 2 s', async (t) => {
  const app = await buildApp({ seed: 1 })
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const started = performance.now()
  const result = await verifyServer({ model, baseUrl: url, accounts: MOCK_ACCOUNTS })
  const elapsed = performance.now() - started
  t.same(failed(result).map((c) => [c.operationId, c.case, c.violations]), [], 'no failed case')
  t.ok(result.ok)
  t.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`)
  t.same([...new Set(result.cases.map((c) => c.api))], [...API_NAMES].sort())
  const skipped = result.cases.filter((c) => c.outcome === 'skipped')
  t.same(skipped.map((c) => [c.operationId, c.reason?.startsWith('pending in the spec')]), [['nwappRegister', true]], 'only the pending operation is skipped, with its reason')

  // The lifecycle runs in a client's order: login, reads, refresh, logout, the read refused.
  const nwapp = result.cases.filter((c) => c.api === 'nwapp' && c.outcome === 'passed').map((c) => `${c.operationId} ${c.case}`)
  const order = ['nwappLogin happy path', 'nwappProfile happy path', 'nwappRefreshToken happy path', 'nwappLogout happy path', 'nwappProfile revoked credential']
  t.same(order.map((name) => nwapp.indexOf(name)), [...order.map((name) => nwapp.indexOf(name))].sort((a, b) => a - b), 'happy path in order')
  t.notOk(order.some((name) => !nwapp.includes(name)), 'every lifecycle step ran')

  const cases = new Set(result.cases.map((c) => `${c.operationId} ${c.case}`))
  for (const expected of [
    'akinonCsrfToken happy path', 'akinonLogout no CSRF header', 'akinonCurrentUser revoked credential',
    'nwappRefreshToken reused refresh token', 'nwappLogin missing fields', 'nwappLogin malformed JSON', 'nwappLogin wrong credentials',
    'whippyGetStockLocation happy path', 'whippyListStocks bogus credential', 'whippyListStocks revoked credential',
    'unicommerceAuthTokenQuery wrong credentials', 'unicommerceListProducts no credential',
  ]) t.ok(cases.has(expected), expected)
})

t.test('against the deviating server every planted deviation is reported, and nothing else', async (t) => {
  const issued = new Set<string>()
  const app = await buildDeviatingServer(issued)
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const result = await verifyServer({ model, baseUrl: url, apis: ['nwapp', 'akinon-commerce'], accounts: MOCK_ACCOUNTS })
  t.notOk(result.ok)
  const violations = result.ok ? [] : result.violations
  t.ok(DEVIATIONS.length >= 10, 'at least ten planted deviations')
  for (const deviation of DEVIATIONS) {
    const found = violations.filter((v) => v.operationId === deviation.operationId && v.case === deviation.case && deviation.message.test(v.message))
    t.equal(found.length, 1, `${deviation.operationId} (${deviation.case}): ${deviation.message}`)
    if (deviation.pointer !== undefined) t.equal(found[0]?.pointer, deviation.pointer, 'with its pointer')
  }
  t.equal(violations.length, DEVIATIONS.length, 'no other violation')
  const byMessage = violations.find((v) => v.operationId === 'nwappLogin' && v.case === 'happy path')
  t.match(byMessage, { schemaPath: '#/allOf/0/properties/access_token/properties/expires/type', expected: 'integer', actual: /\(string\)$/ })
  t.match(violations.find((v) => v.operationId === 'nwappLogout'), { expected: '401', actual: '400' })

  // Reports never carry a password, token, key or cookie value.
  t.ok(issued.size >= 10, `${issued.size} secrets were handed out`)
  const secrets = [...issued, MOCK_ACCOUNTS.nwapp?.password as string, MOCK_ACCOUNTS['akinon-commerce']?.password as string]
  for (const [name, text] of [['pretty', formatPretty(result)], ['tap', formatTap(result)], ['junit', formatJunit(result)], ['json', JSON.stringify(result)]] as const) {
    t.same(secrets.filter((secret) => text.includes(secret)), [], `${name} report shows no secret`)
  }
})

t.test('a dead target is one clear failure, then the rest are skipped with the reason', async (t) => {
  // A port that was free a moment ago: nothing listens there now.
  const probe = createHttpServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await closeServer(probe)
  const started = performance.now()
  const result = await verifyServer({ model, baseUrl: `http://127.0.0.1:${port}`, apis: ['nwapp'], accounts: MOCK_ACCOUNTS })
  t.notOk(result.ok)
  const [first, ...rest] = result.cases.filter((c) => !c.reason?.startsWith('pending'))
  t.equal(first?.outcome, 'failed')
  t.match(first?.violations[0]?.message, /^Cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check that the server is running/)
  t.ok(rest.length > 5 && rest.every((c) => c.outcome === 'skipped' && /^not run: Cannot connect/.test(c.reason ?? '')), 'the rest are not run, and say why')
  t.ok(performance.now() - started < 2000, 'no hang')
})

t.test('a server that never answers times out per request, and the run stops after two timeouts', async (t) => {
  const url = await startRaw(t, () => undefined)
  const started = performance.now()
  const result = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, timeoutMs: 150 })
  const elapsed = performance.now() - started
  const ran = result.cases.filter((c) => c.outcome === 'failed')
  t.equal(ran.length, 2, 'two cases waited for the timeout')
  t.match(ran[0]?.violations[0]?.message, /No answer from http:\/\/127\.0\.0\.1:\d+ within 150 ms: raise --timeout/)
  t.ok(elapsed < 1500, `stopped after ${Math.round(elapsed)} ms`)
})

t.test('a redirect loop and a non-JSON answer are failures with clear messages', async (t) => {
  const url = await startRaw(t, (request, response) => {
    if (request.url === '/api/v1/public/login') response.writeHead(302, { location: '/api/v1/public/login' }).end()
    else response.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>')
  })
  const result = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, only: ['nwappLogin', 'nwappProfile'] })
  const login = result.cases.find((c) => c.operationId === 'nwappLogin' && c.case === 'happy path')
  t.match(login?.violations[0]?.message, /^Redirect loop: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/public\/login -> http:\/\/127\.0\.0\.1:\d+\/api\/v1\/public\/login/)
  const profile = result.cases.find((c) => c.operationId === 'nwappProfile' && c.case === 'no credential')
  t.match(profile?.violations.map((v) => v.message), [/accepted/, /body is not valid JSON/])
})

t.test('TLS: a self-signed certificate fails with a hint, and --insecure accepts it', async (t) => {
  const app = await buildApp({ apis: ['nwapp'], seed: 2 })
  await app.ready()
  t.teardown(() => app.close())
  const server = createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, (request, response) => app.routing(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }))
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  const strict = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS })
  t.notOk(strict.ok)
  t.match(failed(strict)[0]?.violations[0]?.message, /^TLS with https:\/\/127\.0\.0\.1:\d+ failed \(.*\): use a valid certificate, or pass --insecure/)
  const insecure = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, insecure: true })
  t.ok(insecure.ok, 'every case passes over TLS with --insecure')
})

t.test('--only reports just the named operations; the login they need runs silently', async (t) => {
  const app = await buildApp({ apis: ['nwapp'], seed: 3 })
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const result = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, only: ['nwappProfile'] })
  t.ok(result.ok)
  t.same(result.cases.map((c) => c.case), ['happy path', 'revoked credential', 'no credential', 'bogus credential'])
})

t.test('retries happen only when asked', async (t) => {
  let calls = 0
  const url = await startRaw(t, (_request, response) => {
    calls++
    if (calls % 3 !== 0) response.writeHead(503, { 'content-type': 'application/json' }).end('{}')
    else response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"x","status":"Invalid request."}')
  })
  const once = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, only: ['nwappLogin'] })
  t.match(once.cases[0]?.violations[0]?.message, /undocumented status 503/, 'no retry by default')
  calls = 0
  const retried = await verifyServer({ model, baseUrl: url, apis: ['nwapp'], accounts: MOCK_ACCOUNTS, only: ['nwappLogin'], retries: 2 })
  t.match(retried.cases[0]?.violations[0], { message: 'wrong status', expected: '200', actual: '400' }, 'the third attempt answered')
})

t.test('the HTTP client bounds every answer: too large, a stalled body, a reset connection', async (t) => {
  const url = await startRaw(t, (request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', ...(request.url === '/reset' ? { 'content-length': '100' } : {}) })
    if (request.url === '/big') response.end(Buffer.alloc(20_000, 'a'))
    else if (request.url === '/stall') response.write('partial')
    else setTimeout(() => response.destroy(), 10)
  })
  const client = createHttpClient({ timeoutMs: 200, maxBodyBytes: 10_000 })
  t.teardown(() => client.close())
  const codes = await Promise.all(['/big', '/stall', '/reset'].map(async (path) => {
    const result = await client.send({ method: 'GET', url: `${url}${path}` })
    return result.ok ? result.response.status : result.failure.code
  }))
  t.same(codes, ['ERR_TARGET_TOO_LARGE', 'ERR_TARGET_TIMEOUT', 'ERR_TARGET_FAILED'])
})

// A self-signed certificate for 127.0.0.1 (EC P-256, valid until 2126), only for the TLS test.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZfnyWWPydEg3pGzK
EA/CUqDw16/OZLVJt72SCZt7vEShRANCAATgBT10wHTsXT7yp+ohHHe+uPCvZeDV
ixY2GgoTfDm/jl3GeP6o8tsIxdxDdpJp0ByS64qh8/mGCcX7wB0UiTwj
-----END PRIVATE KEY-----
`
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUJeSr0BSSZS2JcLpGXOMW/XVcjcAwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNzA3NTkwOFoYDzIxMjYxMTAz
MDc1OTA4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATgBT10wHTsXT7yp+ohHHe+uPCvZeDVixY2GgoTfDm/jl3GeP6o8tsI
xdxDdpJp0ByS64qh8/mGCcX7wB0UiTwjo2QwYjAdBgNVHQ4EFgQUDQ61httQN0Cx
c5WRJK1E4B3NLrcwHwYDVR0jBBgwFoAUDQ61httQN0Cxc5WRJK1E4B3NLrcwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQCeuGYa3Mvmx+Lm9QiXEdab6g5Gy5MJSHYWFy/V2gGmKAIgSq8pcBfGf4tVyUeI
2oY5+VZfjyboJPbbrS7nTJl5iB4=
-----END CERTIFICATE-----
`
