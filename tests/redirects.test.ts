import t from 'tap'
import fc from 'fast-check'
import { setupServer } from 'msw/node'
import { createHandlers } from '../src/msw/index.js'
import { encodeCookieValue, encodeHeaderValue } from '../src/core/encode-header-value.js'
import { renderRecipe } from '../src/core/render-recipe.js'
import type { Recipe } from '../src/model/spec-model.js'
import { buildTestApp, post } from './helpers.js'

// Issue 10 item 4: Akinon logout's `next` must keep the redirect on this site
// (spec/akinon-commerce.yaml, akinonLogout), and no header built from request
// input may carry what a header cannot (RFC 9110 §5.5).

const SHOPPER = { email: 'shopper@example.com', password: 'shopper-pass' }

/** `next` as sent (already percent-encoded in the query) -> what must happen. */
const REFUSED: Array<[string, string]> = [
  ['/%09/evil.example', 'a tab browsers drop, leaving //evil.example'],
  ['/%09%5Cevil.example', 'a tab then a backslash (/\\ is // to a browser)'],
  ['/%0D%0A/evil.example', 'CR LF'],
  ['%2F%2Fevil.example', 'a scheme-relative URL'],
  ['/%5Cevil.example', '/\\ (a browser reads it as //)'],
  ['https://evil.example/', 'an absolute URL'],
  ['evil', 'a relative path without the leading slash'],
  ['/%00', 'NUL'],
  ['/%7F', 'DEL'],
  ['/a%C2%85b', 'a C1 control (NEL)'],
  ['/%E2%80%A8', 'U+2028'],
  ['/%0D%0ASet-Cookie:%20x=1', 'header injection'],
]
const REDIRECTED: Array<[string, string, string]> = [
  ['/%F0%9F%98%80', '/%F0%9F%98%80', 'an emoji, UTF-8 percent-encoded'],
  ['/caf%C3%A9%20x', '/caf%C3%A9%20x', 'non-ASCII and a space, percent-encoded'],
  ['/account/?a=1%26b=2', '/account/?a=1&b=2', 'a query of its own'],
  ['/100%25', '/100%25', 'a lone "%" is encoded'],
  ['/a%252Fb', '/a%2Fb', 'an existing %XX triplet is kept'],
  ['', '/', 'empty: the site root'],
]

async function loggedIn(t: { teardown(fn: () => unknown): void }) {
  const { call } = await buildTestApp(t, { apis: ['akinon-commerce'] })
  const login = await call(post('/users/login/', SHOPPER))
  const auth = { authorization: `Token ${(login.body as { key: string }).key}` }
  return { call, auth }
}

t.test('logout refuses a next that would leave the site, before ending the session', async (t) => {
  for (const [next, why] of REFUSED) {
    const { call, auth } = await loggedIn(t)
    const res = await call({ method: 'POST', url: `/users/logout/?next=${next}`, headers: auth })
    t.equal(res.status, 400, `${why}: 400`)
    t.same(res.body, { next: ['Invalid value.'] }, `${why}: the documented invalid-query shape`)
    t.equal(res.headers.location, undefined, `${why}: no Location`)
    t.equal((await call({ method: 'GET', url: '/current_user/', headers: auth })).status, 200, `${why}: still logged in`)
  }
})

t.test('logout redirects to next percent-encoded', async (t) => {
  for (const [next, location, why] of REDIRECTED) {
    const { call, auth } = await loggedIn(t)
    const res = await call({ method: 'POST', url: `/users/logout/?next=${next}`, headers: auth })
    t.equal(res.status, 302, `${why}: 302`)
    t.equal(res.headers.location, location, `${why}: Location ${location}`)
    t.equal((await call({ method: 'GET', url: '/current_user/', headers: auth })).status, 401, `${why}: logged out`)
  }
})

t.test('the MSW handlers refuse and encode next the same way', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://shop.test', apis: ['akinon-commerce'] })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  const login = async () => {
    const res = await fetch('http://shop.test/users/login/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SHOPPER) })
    return { authorization: `Token ${((await res.json()) as { key: string }).key}` }
  }
  for (const [next, why] of REFUSED) {
    const auth = await login()
    const res = await fetch(`http://shop.test/users/logout/?next=${next}`, { method: 'POST', headers: auth, redirect: 'manual' })
    t.equal(res.status, 400, `${why}: 400`)
    t.equal((await fetch('http://shop.test/current_user/', { headers: auth })).status, 200, `${why}: still logged in`)
  }
  for (const [next, location, why] of REDIRECTED) {
    const res = await fetch(`http://shop.test/users/logout/?next=${next}`, { method: 'POST', headers: await login(), redirect: 'manual' })
    t.equal(res.status, 302, `${why}: 302`)
    t.equal(res.headers.get('location'), location, `${why}: Location ${location}`)
  }
})

/** A recipe whose header and cookie echo the request body, as a spec may declare. */
const ECHO: Recipe = {
  example: '', status: 200, set: [],
  headers: [['location', '{body.v}'], ['x-echo', 'was {body.v}']],
  cookies: [{ name: 'echo', value: '{body.v}' }],
}

t.test('header and cookie values rendered from request input are always sendable', async (t) => {
  const res = renderRecipe(ECHO, { body: { v: '/\r\nSet-Cookie: x=1\u0000é😀' } })
  t.equal(res.headers.location, '/%0D%0ASet-Cookie:%20x=1%00%C3%A9%F0%9F%98%80')
  t.equal(res.headers['x-echo'], 'was /%0D%0ASet-Cookie: x=1%00%C3%A9%F0%9F%98%80')
  t.equal(res.cookies[0]?.value, '/%0D%0ASet-Cookie:%20x=1%00%C3%A9%F0%9F%98%80')
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (v) => {
    const out = renderRecipe(ECHO, { body: { v } })
    // What fetch's Headers and Node's http accept: one line of visible ASCII.
    new Headers({ ...out.headers, 'set-cookie': `echo=${out.cookies[0]?.value ?? ''}` })
    return /^[\x20-\x7e]*$/.test(`${out.headers.location}${out.headers['x-echo']}`) &&
      /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/.test(out.cookies[0]?.value ?? '') &&
      !/%(?![0-9A-F]{2})/i.test(out.headers.location ?? '')
  }), { seed: 10, numRuns: 2000 })
})

t.test('values that need nothing are sent as they are', async (t) => {
  for (const v of ['/', '/account/?a=1&b=%2F#top', "Bearer realm=\"api\", error=\"invalid_token\""]) {
    t.equal(encodeHeaderValue('www-authenticate', v), v)
  }
  t.equal(encodeHeaderValue('location', '/account/?a=1&b=%2F#top'), '/account/?a=1&b=%2F#top')
  t.equal(encodeCookieValue('KxlMDi8Nfy0HljwuWTRnJwDMfGtP5Zh8'), 'KxlMDi8Nfy0HljwuWTRnJwDMfGtP5Zh8')
})
