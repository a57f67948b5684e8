import t from 'tap'
import { setupServer } from 'msw/node'
import { redactBody, redactUrl } from '../src/core/redact.js'
import { createHandlers } from '../src/msw/index.js'
import { buildTestApp } from './helpers.js'

/**
 * A secret planted in every shape a client can send it: none may reach the
 * request journal (GET /__mock/requests, the MSW controls) or the request log,
 * while the fields around it stay readable.
 */
interface Case {
  name: string
  method: 'GET' | 'POST'
  /** Path and query; SECRET is replaced by the case's planted secret. */
  url: string
  headers?: Record<string, string>
  body?: string
  /** What the journal entry must still show (non-secret fields), as a tap `match` pattern. */
  shows: Record<string, unknown>
}

const JSON_TYPE = { 'content-type': 'application/json' }
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' }
const LOGIN = '/api/v1/public/login'
const pad = 'x'.repeat(5000)

const CASES: Case[] = [
  { name: 'Authorization', method: 'GET', url: '/api/v1/public/profile', headers: { authorization: 'Bearer SECRET', 'x-note': 'visible-note' }, shows: { headers: { authorization: 'Bearer [redacted]', 'x-note': 'visible-note' } } },
  { name: 'Authorization without a scheme', method: 'GET', url: '/api/v1/public/profile', headers: { authorization: 'SECRET more' }, shows: { headers: { authorization: '[redacted]' } } },
  { name: 'Proxy-Authorization', method: 'GET', url: '/api/v1/public/profile', headers: { 'proxy-authorization': 'Basic SECRET' }, shows: { headers: { 'proxy-authorization': 'Basic [redacted]' } } },
  { name: 'X-Auth-Token', method: 'GET', url: '/api/v1/public/profile', headers: { 'x-auth-token': 'SECRET' }, shows: { headers: { 'x-auth-token': '[redacted]' } } },
  { name: 'X-Authorization', method: 'GET', url: '/api/v1/public/profile', headers: { 'x-authorization': 'Token SECRET' }, shows: { headers: { 'x-authorization': 'Token [redacted]' } } },
  { name: 'X-Api-Key', method: 'GET', url: '/api/v1/public/profile', headers: { 'x-api-key': 'SECRET' }, shows: { headers: { 'x-api-key': '[redacted]' } } },
  { name: 'Referer with a secret query', method: 'GET', url: '/api/v1/public/profile', headers: { referer: 'http://app.test/cb?code=1&access_token=SECRET' }, shows: { headers: { referer: 'http://app.test/cb?code=1&access_token=[redacted]' } } },
  { name: 'cookies', method: 'GET', url: '/current_user/', headers: { cookie: 'osessionid=SECRET; theme=dark' }, shows: { headers: { cookie: 'osessionid=[redacted]; theme=[redacted]' } } },
  { name: 'a cookie without a name', method: 'GET', url: '/current_user/', headers: { cookie: 'SECRET' }, shows: { headers: { cookie: '[redacted]' } } },
  { name: 'query password', method: 'GET', url: '/authToken?username=seller-one&password=SECRET', shows: { path: '/authToken', query: { username: 'seller-one', password: '[redacted]' } } },
  { name: 'query under an encoded secret name', method: 'GET', url: '/authToken?username=seller-one&pass%77ord=SECRET', shows: { query: { username: 'seller-one', password: '[redacted]' } } },
  { name: 'query under a name that cannot be decoded', method: 'GET', url: '/authToken?username=seller-one&pa%E0ss=SECRET', shows: { query: { '[redacted]': '[redacted]' } } },
  { name: 'query value that cannot be decoded', method: 'GET', url: '/authToken?username=seller-one&note=SECRET%E0', shows: { query: { username: 'seller-one', note: '[redacted]' } } },
  { name: 'JSON password', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"bart@mikasoftware.com","password":"SECRET"}', shows: { body: { email: 'bart@mikasoftware.com', password: '[redacted]' } } },
  { name: 'JSON nested', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"e@x.test","user":{"name":"Bart","credentials":{"a":"SECRET"},"refresh_token":"SECRET"}}', shows: { body: { email: 'e@x.test', user: { name: 'Bart', credentials: '[redacted]', refresh_token: '[redacted]' } } } },
  { name: 'JSON member with "key" inside its name', method: 'POST', url: '/api/v1/auth/login/', headers: JSON_TYPE, body: '{"keya":"SECRET","privateKeyPem":"SECRET","username":"u","password":"SECRET"}', shows: { body: { keya: '[redacted]', privateKeyPem: '[redacted]', username: 'u', password: '[redacted]' } } },
  { name: 'JSON array-valued password', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"e@x.test","password":["SECRET"]}', shows: { body: { email: 'e@x.test', password: '[redacted]' } } },
  { name: 'JSON object-valued password', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"e@x.test","password":{"a":"SECRET"}}', shows: { body: { email: 'e@x.test', password: '[redacted]' } } },
  { name: 'JSON in an array of logins', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '[{"email":"e@x.test","password":"SECRET"}]', shows: { body: [{ email: 'e@x.test', password: '[redacted]' }] } },
  { name: 'JSON with a __proto__ member', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"__proto__":{"password":"SECRET"},"email":"e@x.test"}', shows: { body: { email: 'e@x.test' } } },
  { name: 'malformed JSON', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"e@x.test","password":"SECRET"', shows: { body: /^\[unparsed body: \d+ bytes, application\/json\]$/ } },
  { name: 'JSON over 4 KiB', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: `{"password":"SECRET","pad":"${pad}"}`, shows: { body: /^\[unparsed body: 50\d\d bytes, application\/json\]$/ } },
  { name: 'form body', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: 'email=e%40x.test&password=SECRET', shows: { body: { email: 'e@x.test', password: '[redacted]' } } },
  { name: 'form body ending in &', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: 'email=e%40x.test&password=SECRET&', shows: { body: { email: 'e@x.test', password: '[redacted]' } } },
  { name: 'form body with a key without =', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: 'email=e%40x.test&SECRET&password=x', shows: { body: /^\[unparsed body: / } },
  { name: 'multipart', method: 'POST', url: LOGIN, headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nSECRET\r\n--b--\r\n', shows: { body: /^\[unparsed body: \d+ bytes, multipart\/form-data\]$/ } },
  { name: 'plain text', method: 'POST', url: LOGIN, headers: { 'content-type': 'text/plain' }, body: 'password SECRET', shows: { body: /^\[unparsed body: \d+ bytes, text\/plain\]$/ } },
  // Found by the fuzz: a JSON body with junk after it was read as a form, the secret inside a "name".
  { name: 'JSON with a NUL after it', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"email":"=a@a.aa","password":"SECRET"}\u0000', shows: { body: /^\[unparsed body: / } },
  { name: 'JSON cut short with = in it', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '{"username":" =  ","password":"SECRET', shows: { body: /^\[unparsed body: / } },
  { name: 'a top-level array of strings', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '["SECRET", 1]', shows: { body: ['[redacted]', 1] } },
  { name: 'a bare JSON string', method: 'POST', url: LOGIN, headers: JSON_TYPE, body: '"SECRET"', shows: { body: '[redacted]' } },
  { name: 'JSON sent as a form', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: '{"email":"=a.a@a.aa","password":"SECRET"}', shows: { body: /^\[unparsed body: / } },
  { name: 'JSON with a secret-named key sent as a form', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: '{"email":"a@a.aa","password":"SECRET=x"}', shows: { body: /^\[unparsed body: / } },
  { name: 'JSON with an & sent as a form', method: 'POST', url: LOGIN, headers: FORM_TYPE, body: '{"x":"1&a=a@a.aa","password":"SECRET"}', shows: { body: /^\[unparsed body: / } },
  { name: 'a bare query value', method: 'GET', url: '/authToken?username=seller-one&SECRET', shows: { query: { '[redacted]': '[redacted]' } } },
  { name: 'query under a junk name', method: 'GET', url: '/authToken?username=seller-one&{"a":"=SECRET', shows: { query: { '[redacted]': '[redacted]' } } },
  { name: 'form-looking text under another type', method: 'POST', url: LOGIN, headers: { 'content-type': 'text/plain' }, body: 'SECRET=1', shows: { body: /^\[unparsed body: / } },
]

const secretOf = (index: number): string => `pl4nted-${index}-zq`
const plant = (text: string, secret: string): string => text.replaceAll('SECRET', secret)

t.test('no planted secret reaches the journal or the request log (server)', async (t) => {
  const lines: string[] = []
  const { app, call } = await buildTestApp(t, { log: (line) => lines.push(line), journalSize: 100 })
  for (const [index, c] of CASES.entries()) {
    const secret = secretOf(index)
    const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, plant(v, secret)]))
    await app.inject({ method: c.method, url: plant(c.url, secret), headers, ...(c.body !== undefined && { payload: plant(c.body, secret) }) })
    const entry = ((await call({ method: 'GET', url: '/__mock/requests?limit=1' })).body as { requests: unknown[] }).requests[0]
    t.match(entry, c.shows, `${c.name}: the other fields stay visible`)
  }
  const journal = JSON.stringify((await call({ method: 'GET', url: '/__mock/requests' })).body)
  const log = lines.join('\n')
  t.ok(lines.some((l) => l.startsWith('GET /authToken?username=seller-one&password=[redacted] ')), 'the log keeps the path and the harmless query')
  for (const [index, c] of CASES.entries()) {
    t.notOk(journal.includes(secretOf(index)), `${c.name}: not in the journal`)
    t.notOk(log.includes(secretOf(index)), `${c.name}: not in the log`)
  }
})

t.test('no planted secret reaches the journal (MSW handlers)', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://api.test', seed: 1 })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  for (const [index, c] of CASES.entries()) {
    const secret = secretOf(index)
    const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, plant(v, secret)]))
    await fetch(`http://api.test${plant(c.url, secret)}`, { method: c.method, headers, ...(c.body !== undefined && { body: plant(c.body, secret) }) })
    t.match((await handlers.requests({ limit: 1 }))[0], c.shows, `${c.name}: the other fields stay visible`)
  }
  const journal = JSON.stringify(await handlers.requests())
  for (const [index, c] of CASES.entries()) t.notOk(journal.includes(secretOf(index)), `${c.name}: not in the journal`)
})

t.test('redactUrl keeps the path and hides secret or unreadable query values', async (t) => {
  const cases: Array<[string, string]> = [
    ['/authToken', '/authToken'],
    ['/authToken?username=a&password=b', '/authToken?username=a&password=[redacted]'],
    ['/x?apiKey=k&access_token=t&csrf=c&page=2', '/x?apiKey=[redacted]&access_token=[redacted]&csrf=[redacted]&page=2'],
    ['/x?pass%77ord=b', '/x?pass%77ord=[redacted]'],
    ['/x?pa%E0ss=b&q=1', '/x?[redacted]'],
    ['/x?q=%E0b', '/x?q=[redacted]'],
    ['/x?flag&password=', '/x?[redacted]'],
    ['http://127.0.0.1:4010/x?token=t#frag', 'http://127.0.0.1:4010/x?token=[redacted]'],
  ]
  for (const [url, shown] of cases) t.equal(redactUrl(url), shown, url)
})

t.test('a body is shown parsed and redacted by name, or as its size and type only', async (t) => {
  t.same(redactBody('{"password":{"a":"x"},"n":1}', 'application/json'), { password: '[redacted]', n: 1 })
  t.same(redactBody('a=1&b=%F0%9F%98%80', 'application/x-www-form-urlencoded'), { a: '1', b: '😀' })
  t.equal(redactBody('é€😀', 'text/plain; charset=utf-8'), '[unparsed body: 9 bytes, text/plain]', 'size in UTF-8 bytes')
  t.equal(redactBody('{"a":1}', 'multipart/form-data; boundary=x'), '[unparsed body: 7 bytes, multipart/form-data]', 'multipart is never parsed as something else')
  t.equal(redactBody('', 'application/json'), undefined)
})

t.test('a paging link that repeats a secret query value is shown with it hidden', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['whippy-ware'] })
  const key = ((await call({ method: 'POST', url: '/api/v1/auth/login/', headers: JSON_TYPE, payload: '{"username":"test","password":"test_pass"}' })).body as { key: string }).key
  const secret = 'pl4nted-link-zq'
  const page = await call({ method: 'GET', url: `/api/v1/stocks/?limit=2&token=${secret}`, headers: { authorization: `Token ${key}` } })
  t.match((page.body as { next: string }).next, secret, 'the answer itself repeats the query, as DRF does')
  const entry = ((await call({ method: 'GET', url: '/__mock/requests?limit=1' })).body as { requests: Array<{ responseBody: { next: string } }> }).requests[0]
  t.match(entry?.responseBody.next, /[?&]limit=2&token=\[redacted\]/)
  t.notOk(JSON.stringify(entry).includes(secret), 'nowhere in the entry')
  t.same(redactBody('{"next":"/a?password=x&page=2","name":"/a?b=c"}', 'application/json'), { next: '/a?password=[redacted]&page=2', name: '/a?b=c' })
})
