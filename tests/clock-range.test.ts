import t from 'tap'
import { createEngine } from '../src/core/create-engine.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { MAX_TIME_MS } from '../src/core/clock-range.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { createHandlers } from '../src/msw/index.js'
import { buildTestApp, post, START } from './helpers.js'

const LOGIN_BART = post('/api/v1/public/login', { email: 'bart@mikasoftware.com', password: '123password' })

/** Clock requests that must be refused, as raw JSON bodies (1e400 parses to Infinity). */
const REFUSED_BODIES: Array<[name: string, body: string, field: 'set' | 'advance']> = [
  ['set 1e20 ms', '{"set":1e20}', 'set'],
  ['set past year 9999 by 1 ms', `{"set":${MAX_TIME_MS + 1}}`, 'set'],
  ['set to the largest Date', '{"set":8640000000000000}', 'set'],
  ['set just past the largest Date', '{"set":8640000000000001}', 'set'],
  ['set before 1970', '{"set":-1}', 'set'],
  ['set -1e20', '{"set":-1e20}', 'set'],
  ['set Infinity (1e400)', '{"set":1e400}', 'set'],
  ['set an ISO time with a six-digit year', '{"set":"+275760-09-13T00:00:00.000Z"}', 'set'],
  ['set year 10000', '{"set":"+010000-01-01T00:00:00Z"}', 'set'],
  ['set a year before 1970', '{"set":"1969-12-31T23:59:59Z"}', 'set'],
  ['set an object', '{"set":{}}', 'set'],
  ['set true', '{"set":true}', 'set'],
  ['advance 99999999999d', '{"advance":"99999999999d"}', 'advance'],
  ['advance 1e400h (not a duration)', '{"advance":"1e400h"}', 'advance'],
  ['advance 400 nines of hours (Infinity)', `{"advance":"${'9'.repeat(400)}h"}`, 'advance'],
  ['advance 1e20 ms', '{"advance":1e20}', 'advance'],
  ['advance -1e20 ms', '{"advance":-1e20}', 'advance'],
  ['advance back before 1970', `{"advance":${-(START + 1)}}`, 'advance'],
  ['advance Infinity (1e400)', '{"advance":1e400}', 'advance'],
  ['advance an object', '{"advance":{"h":1}}', 'advance'],
  ['advance true', '{"advance":true}', 'advance'],
]

t.test('the control API refuses a clock outside 1970..9999 and every view keeps answering', async (t) => {
  const { call } = await buildTestApp(t)
  t.equal((await call(LOGIN_BART)).status, 200)
  const before = new Date(START).toISOString()
  for (const [name, payload, field] of REFUSED_BODIES) {
    const refused = await call({ method: 'POST', url: '/__mock/clock', headers: { 'content-type': 'application/json' }, payload })
    t.equal(refused.status, 400, `${name}: 400`)
    t.match(refused.body, { code: 'ERR_CONTROL_INVALID', detail: new RegExp(`"${field}"`) }, `${name}: names "${field}"`)
    const clock = await call({ method: 'GET', url: '/__mock/clock' })
    t.same([clock.status, clock.body], [200, { now: before }], `${name}: the clock did not move`)
    t.equal((await call({ method: 'GET', url: '/__mock/requests' })).status, 200, `${name}: requests answers`)
    const sessions = await call({ method: 'GET', url: '/__mock/sessions' })
    t.equal(sessions.status, 200, `${name}: sessions answers`)
    t.equal((sessions.body as { sessions: unknown[] }).sessions.length, 2, `${name}: the login's tokens are still live`)
  }
  const message = (await call(post('/__mock/clock', { set: 1e20 }))).body as { detail: string }
  t.match(message.detail, '1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z', 'the message states the allowed range')
})

t.test('the edges of the range are accepted, one ms past them is refused', async (t) => {
  const { call } = await buildTestApp(t)
  t.same((await call(post('/__mock/clock', { set: MAX_TIME_MS }))).body, { now: '9999-12-31T23:59:59.999Z' })
  t.equal((await call(post('/__mock/clock', { advance: 1 }))).status, 400, 'one ms past the end')
  t.equal((await call(post('/__mock/clock', { advance: '1ms' }))).status, 400)
  t.same((await call(post('/__mock/clock', { advance: -MAX_TIME_MS }))).body, { now: '1970-01-01T00:00:00.000Z' }, 'back to the epoch')
  t.equal((await call(post('/__mock/clock', { advance: -1 }))).status, 400, 'one ms before the epoch')
  t.same((await call(post('/__mock/clock', { set: '1970-01-01T00:00:00Z' }))).body, { now: '1970-01-01T00:00:00.000Z' })
  t.same((await call(post('/__mock/clock', { set: '2030-01-01T00:00:00Z' }))).body, { now: '2030-01-01T00:00:00.000Z' })
  t.equal((await call(LOGIN_BART)).status, 200)
  t.equal((await call({ method: 'GET', url: '/__mock/sessions' })).status, 200)
})

t.test('the engine controls and the MSW controls refuse before changing anything', async (t) => {
  const engine = createEngine(buildModel(loadSources()), { seed: 1, clock: createManualClock(START) })
  const handlers = createHandlers({ baseUrl: 'http://api.test', seed: 1, clock: createManualClock(START) })
  const before = new Date(START).toISOString()
  for (const [name, controls] of [['engine', engine.controls], ['msw', handlers]] as const) {
    for (const set of [1e20, -1, Number.NaN, Infinity, -Infinity, MAX_TIME_MS + 1, '+275760-09-13T00:00:00.000Z', '']) {
      const result = await controls.clock.set(set)
      t.match(result, { ok: false, code: 'ERR_CONTROL_INVALID', message: /"set"/ }, `${name} set ${String(set)}`)
      t.equal(await controls.clock.now(), before, `${name} set ${String(set)}: not moved`)
    }
    for (const by of [1e20, -1e20, Number.NaN, Infinity, -Infinity, -(START + 1), '99999999999d', '1e400h', `${'9'.repeat(400)}d`, '-1h']) {
      const result = await controls.clock.advance(by)
      t.match(result, { ok: false, code: 'ERR_CONTROL_INVALID', message: /"advance"/ }, `${name} advance ${String(by).slice(0, 16)}`)
      t.equal(await controls.clock.now(), before, `${name} advance ${String(by).slice(0, 16)}: not moved`)
    }
    await t.resolves(controls.sessions())
    await t.resolves(controls.requests())
  }
})

t.test('a token lifetime past what a Date holds is shown as never, not a failure', async (t) => {
  const engine = createEngine(buildModel(loadSources()), { seed: 1, clock: createManualClock(START), tokenTtlMs: { '*': 1e300 } })
  const response = await engine.handle({ method: 'POST', url: '/api/v1/public/login', headers: { 'content-type': 'application/json' }, cookies: {}, body: '{"email":"bart@mikasoftware.com","password":"123password"}' })
  t.equal(response.status, 200)
  t.same((await engine.controls.sessions()).map((s) => s.expiresAt), [null, null])
})
