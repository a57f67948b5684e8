import t from 'tap'
import { buildTestApp, HOUR, post, START } from './helpers.js'

const BASE = '/api/v1/public'
const BART = { email: 'bart@mikasoftware.com', password: '123password' }

interface Pair { access_token: { token: string; expires: number; scope: string }; refresh_token: { token: string; revoked: null } }

t.test('nwapp gateway', async (t) => {
  const { call, clock } = await buildTestApp(t, { apis: ['nwapp'] })
  const login = async (): Promise<Pair> => {
    const res = await call(post(`${BASE}/login`, BART))
    t.equal(res.status, 200)
    return res.body as Pair
  }
  const profile = (token: string) => call({ method: 'GET', url: `${BASE}/profile`, headers: { authorization: `Bearer ${token}` } })

  t.test('login answers the documented shape with live tokens', async (t) => {
    const body = await login()
    t.match(body, {
      access_token: { token: /^[A-Za-z0-9]{30}$/, scope: 'read,write,introspection', expires: Math.floor(START / 1000) + 36000 },
      refresh_token: { token: /^[A-Za-z0-9]{30}$/, revoked: null },
      email: 'bart@mikasoftware.com', first_name: 'Bart', middle_name: null, last_name: 'Mika',
      group_membership_id: 1, schema_name: 'public',
    })
    t.not(body.access_token.token, 'pwtYmgPCEwNXFUhPVjVNKcEBxYgvUz', 'not the example token')
  })

  t.test('profile is the token owner\'s', async (t) => {
    const res = await profile((await login()).access_token.token)
    t.equal(res.status, 200)
    t.same(res.body, { email: 'bart@mikasoftware.com', first_name: 'Bart', last_name: 'Mika', user_id: 1 })
    const jane = await call(post(`${BASE}/login`, { email: 'jane.watch@example.com', password: 'neighbourhood-pass' }))
    const janeProfile = await profile((jane.body as Pair).access_token.token)
    t.match(janeProfile.body, { email: 'jane.watch@example.com', user_id: 2 })
  })

  t.test('wrong password and missing fields get the documented 400 shape', async (t) => {
    const wrong = await call(post(`${BASE}/login`, { email: BART.email, password: 'nope' }))
    t.equal(wrong.status, 400)
    t.same(wrong.body, { error: 'Email or password is incorrect.', status: 'Invalid request.' })
    const missing = await call(post(`${BASE}/login`, { email: BART.email }))
    t.equal(missing.status, 400)
    t.match(missing.body, { error: /password/, status: 'Invalid request.' })
    t.notMatch((missing.body as { error: string }).error, /email/, 'names only the missing field')
    const malformed = await call({ method: 'POST', url: `${BASE}/login`, headers: { 'content-type': 'application/json' }, payload: '{"email": ' })
    t.equal(malformed.status, 400)
    t.match(malformed.body, { status: 'Invalid request.', error: String })
  })

  t.test('401s carry WWW-Authenticate: Bearer, with error="invalid_token" for a bad token', async (t) => {
    const none = await call({ method: 'GET', url: `${BASE}/profile` })
    t.equal(none.status, 401)
    t.equal(none.headers['www-authenticate'], 'Bearer realm="api"')
    t.same(none.body, { detail: 'Authentication credentials were not provided.' })
    const bogus = await profile('x'.repeat(30))
    t.equal(bogus.status, 401)
    t.match(bogus.headers['www-authenticate'], /^Bearer realm="api", error="invalid_token"/)
  })

  t.test('logout revokes the access token and the refresh token issued with it', async (t) => {
    const pair = await login()
    const out = await call(post(`${BASE}/logout`, { token: pair.access_token.token }, { authorization: `Bearer ${pair.access_token.token}` }))
    t.equal(out.status, 200)
    t.same(out.body, { detail: 'You are now logged off.' })
    t.equal((await profile(pair.access_token.token)).status, 401)
    const refresh = await call(post(`${BASE}/refresh-token`, { refresh_token: pair.refresh_token.token }))
    t.equal(refresh.status, 401, 'the refresh token went with the logout')
    const again = await call(post(`${BASE}/logout`, {}, { authorization: `Bearer ${pair.access_token.token}` }))
    t.equal(again.status, 401, 'a revoked token cannot log out twice')
  })

  t.test('refresh rotates the pair; the old refresh token is then refused', async (t) => {
    const pair = await login()
    const res = await call(post(`${BASE}/refresh-token`, { refresh_token: pair.refresh_token.token }, { authorization: `Bearer ${pair.access_token.token}` }))
    t.equal(res.status, 200)
    const next = res.body as Pair
    t.not(next.access_token.token, pair.access_token.token)
    t.not(next.refresh_token.token, pair.refresh_token.token)
    t.equal((await profile(next.access_token.token)).status, 200)
    t.equal((await profile(pair.access_token.token)).status, 401, 'old access token revoked')
    const reuse = await call(post(`${BASE}/refresh-token`, { refresh_token: pair.refresh_token.token }))
    t.equal(reuse.status, 401)
    t.same(Object.keys(res.body as object).sort(), ['access_token', 'refresh_token'])
    const missing = await call(post(`${BASE}/refresh-token`, {}))
    t.equal(missing.status, 400, 'refresh_token is required')
  })

  t.test('access tokens expire on the clock; refresh still works after', async (t) => {
    const pair = await login()
    clock.advance(10 * HOUR - 1000)
    t.equal((await profile(pair.access_token.token)).status, 200, 'alive just before 10 h')
    clock.advance(2000)
    const expired = await profile(pair.access_token.token)
    t.equal(expired.status, 401)
    t.match(expired.headers['www-authenticate'], /error="invalid_token"/)
    const res = await call(post(`${BASE}/refresh-token`, { refresh_token: pair.refresh_token.token }))
    t.equal(res.status, 200)
    t.equal((await profile((res.body as Pair).access_token.token)).status, 200)
  })

  t.test('register creates an account that can log in; a taken email is refused', async (t) => {
    const user = { email: 'new@example.com', password: 'long-enough-pass', first_name: 'New', last_name: 'User' }
    const res = await call(post(`${BASE}/register`, user))
    t.equal(res.status, 200)
    t.match(res.body, { email: 'new@example.com', first_name: 'New', access_token: { token: /^[A-Za-z0-9]{30}$/ } })
    t.notMatch(JSON.stringify(res.body), /long-enough-pass/, 'no password echoed')
    t.equal((await call(post(`${BASE}/login`, { email: user.email, password: user.password }))).status, 200)
    const dup = await call(post(`${BASE}/register`, { ...user, email: BART.email }))
    t.equal(dup.status, 400)
    t.same(dup.body, { error: 'Email is not unique.', status: 'Invalid request.' })
  })
})

t.test('token lifetimes are configurable per API and kind', async (t) => {
  const { call, clock } = await buildTestApp(t, { apis: ['nwapp'], tokenTtlMs: { 'nwapp.access': 60_000 } })
  const pair = (await call(post(`${BASE}/login`, BART))).body as Pair
  t.equal(pair.access_token.expires, Math.floor(START / 1000) + 60)
  clock.advance(61_000)
  t.equal((await call({ method: 'GET', url: `${BASE}/profile`, headers: { authorization: `Bearer ${pair.access_token.token}` } })).status, 401)
})

t.test('the same seed issues the same tokens', async (t) => {
  const a = await buildTestApp(t, { apis: ['nwapp'], seed: 42 })
  const b = await buildTestApp(t, { apis: ['nwapp'], seed: 42 })
  const first = (await a.call(post(`${BASE}/login`, BART))).body
  const second = (await b.call(post(`${BASE}/login`, BART))).body
  t.same(first, second)
})

t.test('a registered user gets the next user_id and sees their own profile', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'] })
  const res = await call(post(`${BASE}/register`, { email: 'n@example.com', password: 'long-enough-pass', first_name: 'N', last_name: 'U' }))
  const token = (res.body as Pair).access_token.token
  const me = await call({ method: 'GET', url: `${BASE}/profile`, headers: { authorization: `Bearer ${token}` } })
  t.same(me.body, { email: 'n@example.com', first_name: 'N', last_name: 'U', user_id: 3 })
})
