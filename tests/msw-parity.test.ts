import t from 'tap'
import { setupServer } from 'msw/node'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { buildApp } from '../src/server/build-app.js'
import { createHandlers } from '../src/msw/index.js'
import { START } from './helpers.js'
import { answerOfFetch, answerOfInject, type Answer } from './parity-answer.js'

/**
 * One table of requests, sent in order through the Fastify app and through the
 * MSW handlers (same seed, same clock): every answer must match. `{name}` in a
 * step is replaced by a value saved from an earlier answer.
 */
interface Step {
  name: string
  method: string
  url: string
  headers?: Record<string, string>
  body?: unknown
  raw?: string
  cookies?: Record<string, string>
  /** name -> dotted path into the parsed body, or "cookie:<name>" for a Set-Cookie value. */
  save?: Record<string, string>
}

const json = { 'content-type': 'application/json' }
const STEPS: Step[] = [
  // nwapp
  { name: 'nwapp login', method: 'POST', url: '/api/v1/public/login', headers: json, body: { email: 'bart@mikasoftware.com', password: '123password' }, save: { access: 'access_token.token', refresh: 'refresh_token.token' } },
  { name: 'nwapp login wrong password', method: 'POST', url: '/api/v1/public/login', headers: json, body: { email: 'bart@mikasoftware.com', password: 'x' } },
  { name: 'nwapp login missing field', method: 'POST', url: '/api/v1/public/login', headers: json, body: { email: 'bart@mikasoftware.com' } },
  { name: 'nwapp login malformed JSON', method: 'POST', url: '/api/v1/public/login', headers: json, raw: '{"email":' },
  { name: 'nwapp login unsupported type', method: 'POST', url: '/api/v1/public/login', headers: { 'content-type': 'text/plain' }, raw: 'hi' },
  { name: 'nwapp profile', method: 'GET', url: '/api/v1/public/profile', headers: { authorization: 'Bearer {access}' } },
  { name: 'nwapp profile no token', method: 'GET', url: '/api/v1/public/profile' },
  { name: 'nwapp profile bogus token', method: 'GET', url: '/api/v1/public/profile', headers: { authorization: 'Bearer nope' } },
  { name: 'nwapp refresh', method: 'POST', url: '/api/v1/public/refresh-token', headers: json, body: { refresh_token: '{refresh}' }, save: { access2: 'access_token.token' } },
  { name: 'nwapp refresh reused', method: 'POST', url: '/api/v1/public/refresh-token', headers: json, body: { refresh_token: '{refresh}' } },
  { name: 'nwapp logout', method: 'POST', url: '/api/v1/public/logout', headers: { ...json, authorization: 'Bearer {access2}' }, body: {} },
  { name: 'nwapp profile revoked', method: 'GET', url: '/api/v1/public/profile', headers: { authorization: 'Bearer {access2}' } },
  { name: 'nwapp register taken', method: 'POST', url: '/api/v1/public/register', headers: json, body: { email: 'bart@mikasoftware.com', password: 'long-enough', first_name: 'B', last_name: 'M' } },
  { name: 'nwapp Prefer code', method: 'GET', url: '/api/v1/public/profile', headers: { prefer: 'code=401' } },
  { name: 'nwapp Prefer unknown', method: 'GET', url: '/api/v1/public/profile', headers: { prefer: 'example=nope' } },
  { name: 'nwapp wrong method', method: 'DELETE', url: '/api/v1/public/profile' },
  // Whippy Ware
  { name: 'whippy login', method: 'POST', url: '/api/v1/auth/login/', headers: json, body: { username: 'test', password: 'test_pass' }, save: { key: 'key' } },
  { name: 'whippy login empty', method: 'POST', url: '/api/v1/auth/login/', headers: json, body: {} },
  { name: 'whippy login form', method: 'POST', url: '/api/v1/auth/login/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: 'username=test&password=test_pass' },
  { name: 'whippy stocks', method: 'GET', url: '/api/v1/stocks/?limit=3&page=2', headers: { authorization: 'Token {key}' } },
  { name: 'whippy stocks bad limit', method: 'GET', url: '/api/v1/stocks/?limit=abc', headers: { authorization: 'Token {key}' } },
  { name: 'whippy location', method: 'GET', url: '/api/v1/stock-locations/2/', headers: { authorization: 'Token {key}' } },
  { name: 'whippy location missing', method: 'GET', url: '/api/v1/stock-locations/999/', headers: { authorization: 'Token {key}' } },
  { name: 'whippy expire', method: 'POST', url: '/api/v1/expire-token/', headers: json, body: { username: 'test' } },
  { name: 'whippy stocks expired key', method: 'GET', url: '/api/v1/stocks/', headers: { authorization: 'Token {key}' } },
  // Akinon Commerce
  // Before login: MSW keeps a cookie jar like a browser, so later anonymous calls would carry the session.
  { name: 'akinon current user anonymous', method: 'GET', url: '/current_user/' },
  { name: 'akinon csrf', method: 'GET', url: '/csrf_token/' },
  { name: 'akinon login', method: 'POST', url: '/users/login/', headers: json, body: { email: 'shopper@example.com', password: 'shopper-pass' }, save: { session: 'cookie:osessionid', csrf: 'cookie:csrftoken' } },
  { name: 'akinon login wrong', method: 'POST', url: '/users/login/', headers: json, body: { email: 'shopper@example.com', password: 'x' } },
  { name: 'akinon current user', method: 'GET', url: '/current_user/', cookies: { osessionid: '{session}' } },
  { name: 'akinon logout without csrf', method: 'POST', url: '/users/logout/', cookies: { osessionid: '{session}', csrftoken: '{csrf}' } },
  { name: 'akinon logout', method: 'POST', url: '/users/logout/?next=/home', headers: { 'x-csrftoken': '{csrf}' }, cookies: { osessionid: '{session}', csrftoken: '{csrf}' } },
  { name: 'akinon current user after logout', method: 'GET', url: '/current_user/', cookies: { osessionid: '{session}' } },
  { name: 'akinon Prefer throttled', method: 'POST', url: '/users/login/', headers: { prefer: 'example=throttled' } },
  // Unicommerce
  { name: 'unicommerce token', method: 'POST', url: '/authToken', headers: json, body: { username: 'seller-two', password: 'seller-two-pass' }, save: { apikey: 'accessToken' } },
  { name: 'unicommerce token wrong', method: 'POST', url: '/authToken', headers: json, body: { username: 'seller-two', password: 'x' } },
  { name: 'unicommerce token GET', method: 'GET', url: '/authToken?username=seller-one&password=seller-one-pass' },
  { name: 'unicommerce products', method: 'GET', url: '/products?pageSize=2&pageNumber=2', headers: { apiKey: '{apikey}' } },
  { name: 'unicommerce count', method: 'GET', url: '/productsCount?publishedStatus=PUBLISHED', headers: { apikey: '{apikey}' } },
  { name: 'unicommerce products no key', method: 'GET', url: '/products' },
]


const fill = (text: string, saved: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => saved[k] ?? `{${k}}`)
const fillDeep = (value: unknown, saved: Record<string, string>): unknown =>
  typeof value === 'string' ? fill(value, saved) : value && typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, saved)])) : value

async function runTable(send: (step: Step) => Promise<Answer>): Promise<Answer[]> {
  const saved: Record<string, string> = {}
  const answers: Answer[] = []
  for (const step of STEPS) {
    const answer = await send(fillDeep(step, saved) as Step)
    answers.push(answer)
    for (const [name, path] of Object.entries(step.save ?? {})) {
      if (path.startsWith('cookie:')) {
        const cookie = answer.setCookie.find((c) => c.startsWith(`${path.slice(7)}=`))
        saved[name] = cookie?.split(';')[0]?.split('=')[1] ?? ''
      } else {
        saved[name] = String(path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], JSON.parse(answer.body)))
      }
    }
  }
  return answers
}

// Fastify adds "; charset=utf-8" to string bodies; MSW sends the type as given. Same media type either way.
const payload = (step: Step): string | undefined => step.raw ?? (step.body === undefined ? undefined : JSON.stringify(step.body))
const cookieHeader = (cookies: Record<string, string> | undefined): Record<string, string> =>
  cookies ? { cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') } : {}

t.test('the Fastify server and the MSW handlers answer the same table the same way', async (t) => {
  const app = await buildApp({ seed: 7, clock: createManualClock(START) })
  t.teardown(() => app.close())
  const viaServer = await runTable(async (step) => {
    return answerOfInject(await app.inject({ method: step.method as 'GET', url: step.url, headers: { ...step.headers, ...cookieHeader(step.cookies) }, payload: payload(step) }))
  })

  const handlers = createHandlers({ baseUrl: 'http://localhost:80', seed: 7, clock: createManualClock(START) })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  const viaMsw = await runTable(async (step) => {
    return answerOfFetch(await fetch(`http://localhost:80${step.url}`, { method: step.method, headers: { ...step.headers, ...cookieHeader(step.cookies) }, body: payload(step), redirect: 'manual' }))
  })

  t.equal(viaMsw.length, STEPS.length)
  STEPS.forEach((step, i) => t.same(viaMsw[i], viaServer[i], step.name))
  // The table must exercise what it claims to: successes, documented errors, auth failures, Prefer, mock errors.
  const statuses = new Set(viaServer.map((a) => a.status))
  for (const status of [200, 204, 302, 400, 401, 403, 404, 405, 415, 429]) t.ok(statuses.has(status), `the table covers ${status}`)
})
