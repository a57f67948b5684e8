import t from 'tap'
import { buildTestApp } from './helpers.js'

t.test('every method on a known path that does not take it gets 405 with Allow, before any body is read', async (t) => {
  const { call } = await buildTestApp(t)
  const cases: Array<[string, string, string]> = [
    ['TRACE', '/api/v1/public/profile', 'GET, HEAD'],
    ['OPTIONS', '/api/v1/public/profile', 'GET, HEAD'],
    ['OPTIONS', '/users/logout/', 'POST'],
    ['TRACE', '/authToken', 'GET, POST, HEAD'],
    ['PUT', '/api/v1/stocks/', 'GET, HEAD'],
  ]
  for (const [method, url, allow] of cases) {
    const res = await call({ method: method as 'GET', url })
    t.equal(res.status, 405, `${method} ${url}`)
    t.equal(res.headers.allow, allow, `${method} ${url}`)
    t.match(res.body, { code: 'ERR_METHOD_NOT_ALLOWED' })
  }
  for (const [type, payload] of [['application/json', '{"a":1}'], ['application/json', '{broken'], ['', '{}'], ['text/plain', 'x']]) {
    const res = await call({ method: 'DELETE', url: '/api/v1/public/profile', headers: { 'content-type': type as string }, payload })
    t.equal(res.status, 405, `DELETE with ${JSON.stringify(type)} body ${payload}`)
    t.equal(res.headers.allow, 'GET, HEAD')
  }
  t.equal((await call({ method: 'TRACE', url: '/no/such/path' })).status, 404, 'unknown paths stay 404')
  // Found by the fuzz: the CORS OPTIONS route took Fastify's own error handler, so a body with an empty type got Fastify's JSON.
  const options = await call({ method: 'OPTIONS', url: '/api/v1/public/logout', headers: { 'content-type': '' }, payload: '{}' })
  t.equal(options.status, 405)
  t.match(options.body, { code: 'ERR_METHOD_NOT_ALLOWED' })
})

t.test('an empty or unparseable Content-Type is the engine\'s 415 naming the operation, as in MSW', async (t) => {
  const { call } = await buildTestApp(t)
  for (const type of ['', ' ', 'foo', 'application/']) {
    const res = await call({ method: 'POST', url: '/authToken', headers: { 'content-type': type }, payload: '{"username":"seller-one","password":"seller-one-pass"}' })
    t.equal(res.status, 415, JSON.stringify(type))
    t.match(res.body, { code: 'ERR_UNSUPPORTED_MEDIA_TYPE', detail: /unicommerceAuthToken/ }, JSON.stringify(type))
  }
})
