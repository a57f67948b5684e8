import t from 'tap'
import { buildTestApp } from './helpers.js'

t.test('Prefer returns documented responses verbatim', async (t) => {
  const { call } = await buildTestApp(t)

  t.test('code= picks the status, example= the named example', async (t) => {
    const cases = [
      { url: '/api/v1/public/login', method: 'POST', prefer: 'code=400', status: 400, body: { error: 'Email or password is incorrect.', status: 'Invalid request.' } },
      { url: '/api/v1/public/profile', method: 'GET', prefer: 'code=401', status: 401 },
      { url: '/users/login/', method: 'POST', prefer: 'example=throttled', status: 429, body: { detail: 'Request was throttled. Expected available in 60 seconds.' } },
      { url: '/users/login/', method: 'POST', prefer: 'code=202', status: 202 },
      { url: '/authToken', method: 'POST', prefer: 'code=401, example=invalid-credentials', status: 401, body: { status: 'INVALID_CREDENTIALS' } },
      { url: '/api/v1/stocks/', method: 'GET', prefer: 'example="invalid-token"', status: 401, body: { detail: 'Invalid token.' } },
    ]
    for (const c of cases) {
      const res = await call({ method: c.method as 'GET', url: c.url, headers: { prefer: c.prefer } })
      t.equal(res.status, c.status, `${c.method} ${c.url} ${c.prefer}`)
      if (c.body) t.same(res.body, c.body)
    }
  })

  t.test('a preferred 401 carries the documented WWW-Authenticate', async (t) => {
    const res = await call({ method: 'GET', url: '/api/v1/public/profile', headers: { prefer: 'code=401' } })
    t.match(res.headers['www-authenticate'], /^Bearer/)
  })

  t.test('the documented success example is returned as documented', async (t) => {
    const res = await call({ method: 'POST', url: '/api/v1/public/login', headers: { prefer: 'code=200' } })
    t.match(res.body, { access_token: { token: 'pwtYmgPCEwNXFUhPVjVNKcEBxYgvUz' } })
  })

  t.test('an unknown code or example gets a problem listing what is available', async (t) => {
    for (const prefer of ['code=418', 'example=nope', 'code=200, example=invalid-credentials']) {
      const res = await call({ method: 'POST', url: '/api/v1/public/login', headers: { prefer } })
      t.equal(res.status, 400, prefer)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.body, { code: 'ERR_PREFER_UNKNOWN', available: [{ code: 200, examples: ['success'] }], detail: /Available: 200 \(success\)/ })
    }
  })

  t.test('Prefer without code or example changes nothing', async (t) => {
    const res = await call({ method: 'GET', url: '/api/v1/public/profile', headers: { prefer: 'respond-async' } })
    t.equal(res.status, 401)
    t.same(res.body, { detail: 'Authentication credentials were not provided.' })
  })
})
