import t from 'tap'
import fc from 'fast-check'
import { createAccountRegistry } from '../src/core/create-account-registry.js'
import { createEngine } from '../src/core/create-engine.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import type { StubResponse } from '../src/core/types.js'
import { buildModel } from '../src/model/build-model.js'
import type { Account } from '../src/model/spec-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { START } from './helpers.js'

const model = buildModel(loadSources())
const FIXTURES: Account[] = [
  { id: '1', fields: { email: 'a@example.com', password: 'pw', profile: { user_id: 7 } } },
  { id: '2', fields: { email: 'b@example.com', password: 'pw', profile: { user_id: 3 } } },
]

t.test('drops the oldest registered account past maxAccounts, never a fixture, and never gives an id twice', async (t) => {
  const accounts = createAccountRegistry(() => FIXTURES, { maxAccounts: 2 })
  const ids = ['x', 'y', 'z'].map((name) => accounts.register({ email: `${name}@example.com`, password: 'pw' }).id)
  t.equal(new Set(ids).size, 3)
  t.equal(accounts.registered(), 2)
  t.equal(accounts.byId(ids[0]), undefined, 'the oldest registered is gone')
  t.equal(accounts.match(['email'], ['x@example.com']), undefined)
  t.equal(accounts.byId(ids[2])?.fields.email, 'z@example.com')
  t.equal(accounts.byId('1')?.fields.email, 'a@example.com', 'fixtures stay')
  t.equal(accounts.match(['email', 'password'], ['y@example.com', 'pw'])?.id, ids[1])
  t.equal(accounts.match(['email', 'password'], ['y@example.com', 'nope']), undefined)
  t.equal(accounts.match(['password'], ['pw'])?.id, '1', 'the first holder: fixtures first')
  const again = accounts.register({ email: 'x@example.com', password: 'pw' })
  t.not(again.id, ids[0], 'a dropped id is not reused: its old credentials name no one')
  accounts.clear()
  t.equal(accounts.registered(), 0)
  t.equal(accounts.match(['email'], ['z@example.com']), undefined)
  t.equal(accounts.byId('2')?.fields.email, 'b@example.com')
})

t.test('numbers profiles on from the fixtures, and not back after a drop', async (t) => {
  const accounts = createAccountRegistry(() => FIXTURES, { maxAccounts: 1 })
  t.equal(accounts.nextNumber('user_id'), 8)
  accounts.register({ email: 'x@example.com', profile: { user_id: 8 } })
  t.equal(accounts.nextNumber('user_id'), 9)
  accounts.register({ email: 'y@example.com', profile: { user_id: 9 } })
  t.equal(accounts.nextNumber('user_id'), 10)
  accounts.clear()
  t.equal(accounts.nextNumber('user_id'), 8)
})

t.test('a lookup reads a few accounts, not all of them', async (t) => {
  let reads = 0
  const counted = (fields: Record<string, string>): Account['fields'] => new Proxy(fields, { get: (target, key) => (reads++, target[key as string]) })
  const accounts = createAccountRegistry(() => FIXTURES, { maxAccounts: 20_000 })
  for (let i = 0; i < 10_000; i++) accounts.register(counted({ email: `u${i}@example.com`, password: 'same-password' }))
  accounts.match(['password', 'email'], ['same-password', 'u0@example.com'])
  reads = 0
  t.equal(accounts.match(['password', 'email'], ['same-password', 'u9999@example.com'])?.fields.email, 'u9999@example.com')
  t.equal(accounts.byId('r5000')?.fields.email, 'u4999@example.com')
  t.ok(reads <= 6, `the most selective field picks the candidates (${reads} reads)`)
  reads = 0
  for (let i = 0; i < 10_000; i++) accounts.register(counted({ email: `v${i}@example.com`, password: 'same-password' }))
  t.ok(reads < 10 * 2 * 10_000, 'registering reads each new account a bounded number of times, not all earlier ones')
})

const json = (response: StubResponse): Record<string, unknown> => JSON.parse(response.body ?? '{}') as Record<string, unknown>

t.test('the engine keeps maxAccounts registered accounts per API; a dropped one can neither log in nor use its tokens', async (t) => {
  const engine = createEngine(model, { seed: 1, clock: createManualClock(START), maxAccounts: 3 })
  const send = (method: string, url: string, body?: unknown, token?: string): Promise<StubResponse> => engine.handle({
    method,
    url,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    cookies: {},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const user = (n: number) => ({ email: `user${n}@example.com`, password: 'long-enough-pass', first_name: 'U', last_name: String(n) })
  const tokens: string[] = []
  const refresh: string[] = []
  for (let n = 0; n < 4; n++) {
    const registered = json(await send('POST', '/api/v1/public/register', user(n)))
    tokens.push((registered.access_token as { token: string }).token)
    refresh.push((registered.refresh_token as { token: string }).token)
  }
  t.equal((await send('GET', '/api/v1/public/profile', undefined, tokens[0])).status, 401, 'the oldest account was dropped: its token no longer works')
  t.equal((await send('POST', '/api/v1/public/refresh-token', { refresh_token: refresh[0] })).status, 401, 'nor its refresh token')
  t.not((await send('POST', '/api/v1/public/login', { email: user(0).email, password: user(0).password })).status, 200, 'nor its login')
  t.equal(json(await send('GET', '/api/v1/public/profile', undefined, tokens[1])).email, 'user1@example.com', 'the others still work')
  t.equal((await send('POST', '/api/v1/public/login', { email: user(3).email, password: user(3).password })).status, 200)
  t.equal((await send('POST', '/api/v1/public/login', { email: 'bart@mikasoftware.com', password: '123password' })).status, 200, 'fixtures are never dropped')
  t.equal((await send('POST', '/api/v1/public/register', user(1))).status, 400, 'a held email is still taken')
  t.equal((await send('POST', '/api/v1/public/register', user(0))).status, 200, 'a dropped email can register again, as a new account')
  t.equal((await send('GET', '/api/v1/public/profile', undefined, tokens[0])).status, 401, 'and the old token does not come back with it')
})

t.test('by default the engine keeps 10,000 registered accounts per API', async (t) => {
  const engine = createEngine(model, { seed: 1, clock: createManualClock(START) })
  const register = async (n: number): Promise<number> => (await engine.handle({
    method: 'POST',
    url: '/api/v1/public/register',
    headers: { 'content-type': 'application/json' },
    cookies: {},
    body: JSON.stringify({ email: `user${n}@example.com`, password: 'long-enough-pass', first_name: 'U', last_name: 'N' }),
  })).status
  let ok = 0
  for (let n = 0; n <= 10_000; n++) ok += (await register(n)) === 200 ? 1 : 0
  t.equal(ok, 10_001)
  t.equal(await register(0), 200, 'the first was dropped, so its email is free again')
  t.equal(await register(2), 400, 'the third is still held')
})

t.test('a registration field past the spec\'s maxLength is the documented 400 and keeps nothing', async (t) => {
  const engine = createEngine(model, { seed: 1, clock: createManualClock(START) })
  const register = (fields: Record<string, string>) => engine.handle({
    method: 'POST',
    url: '/api/v1/public/register',
    headers: { 'content-type': 'application/json' },
    cookies: {},
    body: JSON.stringify({ email: 'long@example.com', password: 'long-enough-pass', first_name: 'U', last_name: 'N', ...fields }),
  })
  const huge = await register({ first_name: 'x'.repeat(512 * 1024) })
  t.equal(huge.status, 400)
  t.match(JSON.parse(huge.body as string), { error: /first_name/, status: 'Invalid request.' })
  t.equal((await register({ first_name: 'x'.repeat(150) })).status, 200, '150 characters is the limit')
})

t.test('answers as a plain list does, through registrations, drops, clears and fixture swaps (property)', async (t) => {
  type Step =
    | { kind: 'register'; email: string; password: string }
    | { kind: 'swap'; fixtures: Array<{ email: string; password: string; n: number }> }
    | { kind: 'clear' }
    | { kind: 'match'; email: string; password?: string }
    | { kind: 'byId'; id: string }
    | { kind: 'number' }
  const email = fc.constantFrom('a@x', 'b@x', 'c@x', 'd@x')
  const password = fc.constantFrom('p1', 'p2')
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('register' as const), email, password }),
    fc.record({ kind: fc.constant('swap' as const), fixtures: fc.array(fc.record({ email, password, n: fc.nat(50) }), { maxLength: 3 }) }),
    fc.constant({ kind: 'clear' as const }),
    fc.record({ kind: fc.constant('match' as const), email, password: fc.option(password, { nil: undefined }) }),
    fc.record({ kind: fc.constant('byId' as const), id: fc.constantFrom('1', '2', '3', 'r1', 'r2', 'r3', 'r4') }),
    fc.constant({ kind: 'number' as const }),
  )
  fc.assert(fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), (steps, maxAccounts) => {
    let fixtures: Account[] = []
    const registry = createAccountRegistry(() => fixtures, { maxAccounts })
    // The plain form: fixtures then registered, oldest first, searched in order.
    let plain: Account[] = []
    let count = 0
    let last = 0
    for (const s of steps) {
      if (s.kind === 'register') {
        const account = registry.register({ email: s.email, password: s.password })
        plain.push({ id: `r${++count}`, fields: { email: s.email, password: s.password } })
        if (plain.length > maxAccounts) plain.shift()
        if (account.id !== `r${count}`) return false
      } else if (s.kind === 'swap') {
        fixtures = s.fixtures.map((f, i) => ({ id: String(i + 1), fields: { email: f.email, password: f.password, profile: { n: f.n } } }))
      } else if (s.kind === 'clear') {
        registry.clear()
        plain = []
        count = 0
        last = 0
      } else if (s.kind === 'match') {
        const fields = s.password === undefined ? ['email'] : ['email', 'password']
        const values = s.password === undefined ? [s.email] : [s.email, s.password]
        const expected = [...fixtures, ...plain].find((a) => fields.every((f, i) => a.fields[f] === values[i]))
        if (registry.match(fields, values)?.id !== expected?.id) return false
      } else if (s.kind === 'byId') {
        if (registry.byId(s.id)?.id !== [...fixtures, ...plain].find((a) => a.id === s.id)?.id) return false
      } else {
        const floor = Math.max(0, ...fixtures.map((a) => (a.fields.profile as { n: number }).n))
        last = Math.max(last, floor) + 1
        if (registry.nextNumber('n') !== last) return false
      }
    }
    return true
  }), { numRuns: 300 })
  t.pass('300 random sequences agree with the plain list')
})
