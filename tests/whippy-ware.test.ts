import t from 'tap'
import { buildTestApp, post } from './helpers.js'

const LOGIN = '/api/v1/auth/login/'
const STOCKS = '/api/v1/stocks/'

t.test('Whippy Ware token auth', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['whippy-ware'] })
  const login = async (): Promise<string> => {
    const res = await call(post(LOGIN, { username: 'test', password: 'test_pass' }))
    t.equal(res.status, 200)
    return (res.body as { key: string }).key
  }

  t.test('login issues a fresh 40-hex key each time', async (t) => {
    const a = await login()
    const b = await login()
    t.match(a, /^[0-9a-f]{40}$/)
    t.not(a, b)
  })

  t.test('validation errors name exactly the missing fields (DRF field map)', async (t) => {
    const cases = [
      { body: {}, expected: { username: ['This field is required.'], password: ['This field is required.'] } },
      { body: { username: 'test' }, expected: { password: ['This field is required.'] } },
      { body: { password: 'x' }, expected: { username: ['This field is required.'] } },
      { body: { username: '', password: 'x' }, expected: { username: ['This field may not be blank.'] } },
      { body: { username: 5, password: 'x' }, expected: { username: ['Not a valid string.'] } },
      { body: [], expected: { non_field_errors: [String] } },
    ]
    for (const c of cases) {
      const res = await call(post(LOGIN, c.body))
      t.equal(res.status, 400, JSON.stringify(c.body))
      t.match(res.body, c.expected)
      t.same(Object.keys(res.body as object), Object.keys(c.expected), `only the failing fields for ${JSON.stringify(c.body)}`)
    }
  })

  t.test('wrong credentials get the decided DRF non_field_errors', async (t) => {
    const res = await call(post(LOGIN, { username: 'test', password: 'nope' }))
    t.equal(res.status, 400)
    t.same(res.body, { non_field_errors: ['Unable to log in with provided credentials.'] })
  })

  t.test('login accepts an HTML form too (DRF FormParser)', async (t) => {
    const res = await call({ method: 'POST', url: LOGIN, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=test&password=test_pass' })
    t.equal(res.status, 200)
  })

  t.test('protected calls need a live key, with WWW-Authenticate: Token', async (t) => {
    const none = await call({ method: 'GET', url: STOCKS })
    t.equal(none.status, 401)
    t.equal(none.headers['www-authenticate'], 'Token')
    t.same(none.body, { detail: 'Authentication credentials were not provided.' })
    const bogus = await call({ method: 'GET', url: STOCKS, headers: { authorization: 'Token 0000000000000000000000000000000000000000' } })
    t.equal(bogus.status, 401)
    t.same(bogus.body, { detail: 'Invalid token.' })
    const bearer = await call({ method: 'GET', url: STOCKS, headers: { authorization: `Bearer ${await login()}` } })
    t.equal(bearer.status, 401, 'a Bearer header is not DRF token auth')
    const ok = await call({ method: 'GET', url: STOCKS, headers: { authorization: `token ${await login()}` } })
    t.equal(ok.status, 200, 'the scheme word is case-insensitive')
  })

  t.test('stocks page through the fixtures with DRF links', async (t) => {
    const auth = { authorization: `Token ${await login()}` }
    const first = await call({ method: 'GET', url: `${STOCKS}?limit=10`, headers: { ...auth, host: 'mock.localhost' } })
    const page = first.body as { count: number; next: string; previous: null; results: unknown[] }
    t.equal(first.status, 200)
    t.ok(page.count >= 25)
    t.equal(page.results.length, 10)
    t.equal(page.previous, null)
    t.equal(page.next, 'http://mock.localhost/api/v1/stocks/?limit=10&page=2')
    const last = await call({ method: 'GET', url: `${STOCKS}?limit=10&page=${Math.ceil(page.count / 10)}`, headers: auth })
    const lastPage = last.body as { next: null; results: unknown[] }
    t.equal(lastPage.next, null)
    t.equal(lastPage.results.length, page.count - 10 * (Math.ceil(page.count / 10) - 1))
  })

  t.test('one stock location by id, and 404 for an unknown one', async (t) => {
    const auth = { authorization: `Token ${await login()}` }
    const one = await call({ method: 'GET', url: '/api/v1/stock-locations/1/', headers: auth })
    t.equal(one.status, 200)
    t.match(one.body, { pk: 1 })
    const slashless = await call({ method: 'GET', url: '/api/v1/stock-locations/1', headers: auth })
    t.equal(slashless.status, 200, 'slashless path accepted')
    const missing = await call({ method: 'GET', url: '/api/v1/stock-locations/999/', headers: auth })
    t.equal(missing.status, 404)
    t.same(missing.body, { detail: 'Not found.' })
  })

  t.test('expire-token revokes every key of the user; unknown users still get 204', async (t) => {
    const a = await login()
    const b = await login()
    const expire = await call(post('/api/v1/expire-token/', { username: 'test' }))
    t.equal(expire.status, 204)
    t.equal(expire.body, '')
    for (const key of [a, b]) {
      const res = await call({ method: 'GET', url: STOCKS, headers: { authorization: `Token ${key}` } })
      t.equal(res.status, 401)
      t.same(res.body, { detail: 'Invalid token.' })
    }
    t.equal((await call(post('/api/v1/expire-token/', { username: 'nobody' }))).status, 204)
    const missing = await call(post('/api/v1/expire-token/', { email: 'test@test.com' }))
    t.equal(missing.status, 400)
    t.same(missing.body, { username: ['This field is required.'] })
  })

  t.test('a key of another user survives expire-token', async (t) => {
    const other = await call(post(LOGIN, { username: 'warehouse.ops', password: 'warehouse-ops-pass' }))
    const key = (other.body as { key: string }).key
    await call(post('/api/v1/expire-token/', { username: 'test' }))
    t.equal((await call({ method: 'GET', url: STOCKS, headers: { authorization: `Token ${key}` } })).status, 200)
  })
})

t.test('type failures use the message for the expected type', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['whippy-ware'] })
  const login = await call(post(LOGIN, { username: 'test', password: 'test_pass' }))
  const res = await call({ method: 'GET', url: `${STOCKS}?limit=abc`, headers: { authorization: `Token ${(login.body as { key: string }).key}` } })
  t.equal(res.status, 400)
  t.same(res.body, { limit: ['A valid integer is required.'] })
  const list = await call(post(LOGIN, [1]))
  t.same(list.body, { non_field_errors: ['Invalid data. Expected a dictionary.'] })
})
