import t from 'tap'
import { buildTestApp, post } from './helpers.js'

const SHOPPER = { email: 'shopper@example.com', password: 'shopper-pass' }

t.test('Akinon Commerce session cookie + CSRF', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['akinon-commerce'] })
  const login = async () => {
    const res = await call(post('/users/login/', SHOPPER))
    t.equal(res.status, 200)
    const session = res.cookies.find((c) => c.name === 'osessionid')
    const csrf = res.cookies.find((c) => c.name === 'csrftoken')
    return { res, session: session?.value as string, csrf: csrf?.value as string }
  }

  t.test('GET /csrf_token/ returns the token in the body and a csrftoken cookie', async (t) => {
    const res = await call({ method: 'GET', url: '/csrf_token/' })
    t.equal(res.status, 200)
    const cookie = res.cookies.find((c) => c.name === 'csrftoken')
    t.ok(cookie)
    t.equal((res.body as { csrf_token: string }).csrf_token, cookie?.value)
  })

  t.test('login sets an HttpOnly session cookie and rotates csrftoken', async (t) => {
    const before = await call({ method: 'GET', url: '/csrf_token/' })
    const { res, session, csrf } = await login()
    t.match(res.body, { key: /^[0-9a-f]{40}$/, redirect_url: null })
    const cookie = res.cookies.find((c) => c.name === 'osessionid')
    t.match(cookie, { httpOnly: true, path: '/' })
    t.match(session, /^[a-z0-9]{32}$/)
    t.not(csrf, (before.body as { csrf_token: string }).csrf_token, 'csrftoken rotated at login')
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string | string[])
    t.ok(setCookie.some((h) => /^osessionid=[a-z0-9]{32};.*HttpOnly/.test(h)), 'raw Set-Cookie has HttpOnly')
  })

  t.test('current_user needs the session (or the key as a Token)', async (t) => {
    const { session, res } = await login()
    const me = await call({ method: 'GET', url: '/current_user/', cookies: { osessionid: session } })
    t.equal(me.status, 200)
    t.match(me.body, { email: 'shopper@example.com', pk: Number, first_name: String, is_email_verified: Boolean })
    const byKey = await call({ method: 'GET', url: '/current_user', headers: { authorization: `Token ${(res.body as { key: string }).key}` } })
    t.equal(byKey.status, 200, 'slashless path and Token auth')
    const anon = await call({ method: 'GET', url: '/current_user/' })
    t.equal(anon.status, 401)
    t.same(anon.body, { detail: 'Authentication credentials were not provided.' })
  })

  t.test('logout needs x-csrftoken matching the cookie, then ends the session', async (t) => {
    const { session, csrf } = await login()
    const cookies = { osessionid: session, csrftoken: csrf }
    const without = await call({ method: 'POST', url: '/users/logout/', cookies })
    t.equal(without.status, 403)
    t.same(without.body, { detail: 'CSRF Failed: CSRF token missing or incorrect.' })
    const wrong = await call({ method: 'POST', url: '/users/logout/', cookies, headers: { 'x-csrftoken': 'nope' } })
    t.equal(wrong.status, 403)
    t.equal((await call({ method: 'GET', url: '/current_user/', cookies })).status, 200, 'a refused logout keeps the session')
    const out = await call({ method: 'POST', url: '/users/logout/?next=/basket/', cookies, headers: { 'X-CSRFToken': csrf } })
    t.equal(out.status, 302)
    t.equal(out.headers.location, '/basket/')
    t.match(out.cookies.find((c) => c.name === 'osessionid'), { value: '', maxAge: 0 })
    t.equal((await call({ method: 'GET', url: '/current_user/', cookies })).status, 401, 'session ended')
  })

  t.test('logout redirects to / by default and refuses an absolute next', async (t) => {
    const { session, csrf } = await login()
    const cookies = { osessionid: session, csrftoken: csrf }
    const evil = await call({ method: 'POST', url: '/users/logout/?next=https://evil.example/', cookies, headers: { 'x-csrftoken': csrf } })
    t.equal(evil.status, 400)
    const out = await call({ method: 'POST', url: '/users/logout/', cookies, headers: { 'x-csrftoken': csrf } })
    t.equal(out.headers.location, '/')
  })

  t.test('login errors', async (t) => {
    const wrong = await call(post('/users/login/', { ...SHOPPER, password: 'x' }))
    t.equal(wrong.status, 400)
    t.same(wrong.body, { non_field_errors: ['Unable to log in with provided credentials.'] })
    const missing = await call(post('/users/login/', { email: SHOPPER.email }))
    t.same(missing.body, { password: ['This field is required.'] })
  })
})

t.test('the session cookie name is configurable (SESSION_COOKIE_NAME)', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['akinon-commerce'], cookieNames: { osessionid: 'shopsession' } })
  const login = await call(post('/users/login/', SHOPPER))
  const session = login.cookies.find((c) => c.name === 'shopsession')
  t.ok(session, 'Set-Cookie uses the deployed name')
  t.notOk(login.cookies.find((c) => c.name === 'osessionid'))
  t.equal((await call({ method: 'GET', url: '/current_user/', cookies: { shopsession: session?.value as string } })).status, 200)
  t.equal((await call({ method: 'GET', url: '/current_user/', cookies: { osessionid: session?.value as string } })).status, 401, 'the documented name no longer counts')
})
