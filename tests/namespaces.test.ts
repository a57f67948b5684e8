import t from 'tap'
import { setupServer } from 'msw/node'
import { createHandlers } from '../src/msw/create-handlers.js'
import { buildTestApp, post, START } from './helpers.js'

const LOGIN = '/api/v1/public/login'
const PROFILE = '/api/v1/public/profile'
const BART = { email: 'bart@mikasoftware.com', password: '123password' }
const ns = (name: string) => ({ 'x-authmock-namespace': name })

t.test('a namespace is its own state: tokens, switches, clock and journal of one are unknown to another', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'] })
  const login = await call(post(LOGIN, BART, ns('job-1')))
  t.equal(login.status, 200)
  const token = (login.body as { access_token: { token: string } }).access_token.token
  const bearer = { authorization: `Bearer ${token}` }
  t.equal((await call({ method: 'GET', url: PROFILE, headers: { ...bearer, ...ns('job-1') } })).status, 200)
  t.equal((await call({ method: 'GET', url: PROFILE, headers: { ...bearer, ...ns('job-2') } })).status, 401, 'unknown in another namespace')
  t.equal((await call({ method: 'GET', url: PROFILE, headers: bearer })).status, 401, 'and in the default one')

  t.equal((await call(post('/__mock/scenarios', { operation: 'nwappLogin', scenario: 'invalid-credentials' }, ns('job-2')))).status, 201)
  t.not((await call(post(LOGIN, BART, ns('job-2')))).status, 200, 'the switch answers in its namespace')
  t.equal((await call(post(LOGIN, BART, ns('job-1')))).status, 200, 'and nowhere else')
  t.equal((await call(post(LOGIN, BART))).status, 200)

  t.equal((await call(post('/__mock/clock', { advance: '25h' }, ns('job-1')))).status, 200)
  t.same((await call({ method: 'GET', url: '/__mock/clock', headers: ns('job-1') })).body, { now: new Date(START + 25 * 3_600_000).toISOString() })
  t.same((await call({ method: 'GET', url: '/__mock/clock', headers: ns('job-2') })).body, { now: new Date(START).toISOString() }, 'the clock moved in job-1 only')
  t.equal((await call({ method: 'GET', url: PROFILE, headers: { ...bearer, ...ns('job-1') } })).status, 401, 'job-1\'s token expired with its clock')

  const journal = (name: string) => call({ method: 'GET', url: '/__mock/requests', headers: ns(name) }).then((r) => (r.body as { requests: Array<{ operationId?: string }> }).requests)
  t.equal((await journal('job-2')).length, 2, 'job-2 saw its two requests only')
  t.equal((await journal('job-1')).length, 4, 'job-1 its four')

  t.equal((await call(post('/__mock/reset', {}, ns('job-1')))).status, 200)
  t.equal((await journal('job-1')).length, 0, 'reset empties its namespace')
  t.equal((await journal('job-2')).length, 2, 'and no other')
})

t.test('a name that is not one is refused with 400 and a cut, printable echo', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'] })
  for (const bad of ['', 'a b', 'x'.repeat(65), 'ns/1', 'ns"<script>']) {
    const api = await call(post(LOGIN, BART, ns(bad)))
    t.equal(api.status, 400, JSON.stringify(bad))
    t.match(api.body, { code: 'ERR_NAMESPACE_INVALID' })
    t.notMatch(JSON.stringify(api.body), /<script>/)
    const control = await call({ method: 'GET', url: '/__mock/sessions', headers: ns(bad) })
    t.equal(control.status, 400, `control: ${JSON.stringify(bad)}`)
  }
})

t.test('namespaces are bounded: past --max-namespaces a new one gets 429 until one is reset', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'], maxNamespaces: 2 })
  t.equal((await call(post(LOGIN, BART, ns('a')))).status, 200)
  t.equal((await call(post(LOGIN, BART, ns('b')))).status, 200, 'a and b: two besides default')
  const refused = await call(post(LOGIN, BART, ns('c')))
  t.equal(refused.status, 429)
  t.match(refused.body, { code: 'ERR_NAMESPACE_LIMIT', detail: /--max-namespaces 2/ })
  t.equal((await call({ method: 'GET', url: '/__mock/sessions', headers: ns('c') })).status, 429, 'the control API too')
  t.equal((await call(post(LOGIN, BART, ns('a')))).status, 200, 'namespaces in use still answer')
  t.equal((await call(post('/__mock/reset', {}, ns('b')))).status, 200)
  t.equal((await call(post(LOGIN, BART, ns('c')))).status, 200, 'a reset frees a place')
})

t.test('MSW handlers take a namespace; their controls drive it', async (t) => {
  const handlers = createHandlers({ baseUrl: 'http://api.test', apis: ['nwapp'], seed: 1, namespace: 'browser-tab-1' })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  const res = await fetch(`http://api.test${LOGIN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BART) })
  t.equal(res.status, 200)
  t.equal((await handlers.sessions()).length, 2, 'the handlers\' controls see the namespace\'s sessions')
  const engine = handlers.engines[0]
  t.equal((await engine?.controls.sessions())?.length, 0, 'the default namespace has none')
  t.equal((await engine?.controlsFor('browser-tab-1')?.sessions())?.length, 2)
})
