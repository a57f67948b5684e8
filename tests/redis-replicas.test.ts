import type { FastifyInstance, InjectOptions } from 'fastify'
import t, { type Test } from 'tap'
import { createEngine } from '../src/core/create-engine.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { createRedisState } from '../src/redis/create-redis-state.js'
import { buildApp } from '../src/server/build-app.js'
import { loadModel } from '../src/spec/load-model.js'
import { post, START } from './helpers.js'
import { startTestRedis, type TestRedis } from './redis-server.js'

const LOGIN = '/api/v1/public/login'
const PROFILE = '/api/v1/public/profile'
const REFRESH = '/api/v1/public/refresh-token'
const BART = { email: 'bart@mikasoftware.com', password: '123password' }

const redis = await startTestRedis(t)

/** A replica: its own engine, its own Redis client, the same store; a manual clock shared by the test. */
async function replica(t: Test, store: TestRedis, clock = createManualClock(START), timeoutMs = 1000): Promise<{ app: FastifyInstance; call(o: InjectOptions): Promise<{ status: number; body: Record<string, unknown> }> }> {
  const model = await loadModel({ apis: ['nwapp'] })
  const state = await createRedisState(model, { url: store.url, timeoutMs, maxNamespaces: 10, maxCredentials: 1000, maxAccounts: 100, journalSize: 50 })
  const engine = createEngine(model, { clock, state })
  const app = await buildApp({ engine })
  t.teardown(async () => { await app.close(); await state.close() })
  return {
    app,
    async call(options) {
      const res = await app.inject(options)
      return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} }
    },
  }
}

const tokenOf = (body: Record<string, unknown>, name: string): string => (body[name] as { token: string }).token

if (redis) {
  t.test('two replicas on one store answer as one mock: login, profile, logout, register, switches, clock, journal, reset', async (t) => {
    const clock = createManualClock(START)
    const a = await replica(t, redis, clock)
    const b = await replica(t, redis, clock)
    await a.call(post('/__mock/reset', {}))

    const login = await a.call(post(LOGIN, BART))
    t.equal(login.status, 200)
    const bearer = { authorization: `Bearer ${tokenOf(login.body, 'access_token')}` }
    t.equal((await b.call({ method: 'GET', url: PROFILE, headers: bearer })).status, 200, 'a token issued by A works on B')

    const user = { email: 'new@example.com', password: 'long-enough-pass', first_name: 'N', last_name: 'U' }
    t.equal((await b.call(post('/api/v1/public/register', user))).status, 200, 'registered on B')
    t.equal((await a.call(post(LOGIN, { email: user.email, password: user.password }))).status, 200, 'logs in on A')
    t.equal((await a.call(post('/api/v1/public/register', user))).status, 400, 'and its e-mail is taken on A')

    t.equal((await a.call(post('/__mock/scenarios', { operation: 'nwappLogin', scenario: 'invalid-credentials', times: 3 }))).status, 201)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? a : b).call(post(LOGIN, BART))).status)
    t.same(statuses.filter((s) => s !== 200).length, 3, 'a switch armed on A answers three times across both')

    t.equal((await b.call(post('/__mock/clock', { advance: '25h' }))).status, 200)
    t.equal((await a.call({ method: 'GET', url: PROFILE, headers: bearer })).status, 401, 'the clock moved on B expires the token on A')

    const journal = (await a.call({ method: 'GET', url: '/__mock/requests' })).body.requests as Array<{ operationId?: string }>
    t.ok(journal.length >= 12, `one journal for both (${journal.length} entries)`)

    t.equal((await b.call(post('/__mock/reset', {}))).status, 200)
    t.same((await a.call({ method: 'GET', url: '/__mock/requests' })).body.requests, [], 'reset on B empties what A shows')
  })

  t.test('a refresh token works once, when 40 requests race with it over two replicas', async (t) => {
    const a = await replica(t, redis)
    const b = await replica(t, redis)
    const login = await a.call(post(LOGIN, BART))
    const refresh = tokenOf(login.body, 'refresh_token')
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).call(post(REFRESH, { refresh_token: refresh }))))
    t.equal(answers.filter((r) => r.status === 200).length, 1, 'exactly one refresh succeeded')
    t.ok(answers.every((r) => r.status === 200 || r.status === 401), 'the others are the documented 401')
  })

  t.test('namespaces are shared by every replica and isolated from each other', async (t) => {
    const a = await replica(t, redis)
    const b = await replica(t, redis)
    const ns = (name: string) => ({ 'x-authmock-namespace': name })
    const login = await a.call(post(LOGIN, BART, ns('ci-job-7')))
    const bearer = { authorization: `Bearer ${tokenOf(login.body, 'access_token')}` }
    t.equal((await b.call({ method: 'GET', url: PROFILE, headers: { ...bearer, ...ns('ci-job-7') } })).status, 200)
    t.equal((await b.call({ method: 'GET', url: PROFILE, headers: { ...bearer, ...ns('ci-job-8') } })).status, 401)
  })

  t.test('a token outlives the replica that issued it', async (t) => {
    const a = await replica(t, redis)
    const login = await a.call(post(LOGIN, BART))
    await a.app.close()
    const c = await replica(t, redis)
    t.equal((await c.call({ method: 'GET', url: PROFILE, headers: { authorization: `Bearer ${tokenOf(login.body, 'access_token')}` } })).status, 200)
  })

  t.test('Redis gone while serving: 503 within the store timeout, never a 500 or a hang; back, serving resumes', async (t) => {
    const a = await replica(t, redis, createManualClock(START), 300)
    t.equal((await a.call(post(LOGIN, BART))).status, 200)
    await redis.stop()
    const started = Date.now()
    const down = await a.call(post(LOGIN, BART))
    t.equal(down.status, 503)
    t.match(down.body, { code: 'ERR_STORE_UNAVAILABLE', detail: new RegExp(`redis://127\\.0\\.0\\.1:${redis.port}`) })
    t.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`)
    t.equal((await a.call({ method: 'GET', url: '/__mock/sessions' })).status, 503, 'the control API too')
    t.equal((await a.call({ method: 'GET', url: '/__mock/health' })).status, 200, 'the process is up')
    await redis.start()
    let status = 0
    // Bounded: the client reconnects within about a second.
    for (let i = 0; i < 40 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = (await a.call(post(LOGIN, BART))).status
    }
    t.equal(status, 200, 'serving resumed without a restart')
  })
}
