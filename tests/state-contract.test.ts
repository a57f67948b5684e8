import t, { type Test } from 'tap'
import { createMemoryState } from '../src/core/create-memory-state.js'
import type { NamespaceState, StateBackend } from '../src/core/namespace-state.js'
import type { StubRequest, StubResponse } from '../src/core/types.js'
import { createRedisState } from '../src/redis/create-redis-state.js'
import type { Credential } from '../src/store/credential-store.js'
import { loadModel } from '../src/spec/load-model.js'
import { startTestRedis } from './redis-server.js'

/**
 * The state contract: the same cases against the in-memory state and the
 * Redis state, so the engine cannot tell them apart (issue 12, item 7).
 */
const model = await loadModel({ apis: ['nwapp'] })
const limits = { maxNamespaces: 4, maxCredentials: 5, maxAccounts: 2, journalSize: 3 }
const cred = (value: string, extra: Partial<Credential> = {}): Credential =>
  ({ api: 'nwapp', kind: 'access', value, family: 'f1', subject: 'u1', issuedAt: 1000, expiresAt: 5000, revokedAt: undefined, ...extra })
const request: StubRequest = { method: 'POST', url: 'http://127.0.0.1/api/v1/public/login', headers: { 'content-type': 'application/json' }, cookies: {}, body: '{"email":"e","password":"secret-pass"}' }
const response: StubResponse = { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: '{"ok":true}', operationId: 'nwappLogin' }

function contract(t: Test, name: string, make: () => Promise<StateBackend>): void {
  t.test(name, async (t) => {
    const backend = await make()
    t.teardown(() => backend.close())
    let n = 0
    const fresh = async (t: Test): Promise<NamespaceState> => {
      const name = `c${++n}`
      await backend.namespace(name).reset()
      // After a reset the state is looked up again: in memory, a reset namespace's state is dropped.
      const state = backend.namespace(name)
      t.teardown(() => backend.namespace(name).reset())
      t.match(await state.begin(undefined), { ok: true, offset: 0, taken: undefined })
      return state
    }

    t.test('credentials: put together, read back, revoked once, expired, listed', async (t) => {
      const s = await fresh(t)
      await s.credentials.putAll([cred('a1'), cred('r1', { kind: 'refresh', expiresAt: undefined })], 1000)
      t.same(await s.credentials.get('nwapp', 'a1'), cred('a1'))
      t.equal(await s.credentials.get('nwapp', 'zz'), undefined)
      t.match(await s.begin(undefined, { api: 'nwapp', value: 'a1' }), { ok: true, credential: cred('a1') }, 'begin reads a credential along')
      t.same(await s.begin(undefined, { api: 'nwapp', value: 'zz' }), { ok: true, offset: 0, taken: undefined, credential: undefined })
      t.same((await s.credentials.live(1000)).map((c) => c.value), ['a1', 'r1'])
      t.same(await Promise.all([s.credentials.revokeFamily('nwapp', 'f1', 2000), s.credentials.revokeFamily('nwapp', 'f1', 2000)]), [2, 0])
      t.equal((await s.credentials.get('nwapp', 'r1'))?.revokedAt, 2000)
      await s.credentials.putAll([cred('b1', { family: 'f2', subject: 'u2' })], 2000)
      t.equal(await s.credentials.expire(2500), 1)
      t.same(await s.credentials.live(2500), [])
      t.equal(await s.credentials.revokeSubject('nwapp', 'u2', 2600), 1)
    })

    t.test('credentials: bounded, the dead go first', async (t) => {
      const s = await fresh(t)
      for (let i = 0; i < 5; i++) await s.credentials.putAll([cred(`v${i}`, { family: `g${i}` })], 1000)
      await s.credentials.revokeFamily('nwapp', 'g3', 1100)
      await s.credentials.putAll([cred('v5', { family: 'g5' })], 1200)
      t.equal(await s.credentials.get('nwapp', 'v3'), undefined, 'the revoked one made room')
      t.ok(await s.credentials.get('nwapp', 'v0'), 'the oldest live one stays')
    })

    t.test('accounts: fixtures first, registered bounded, unique decided once', async (t) => {
      const s = await fresh(t)
      const accounts = s.accounts('nwapp')
      t.equal((await accounts.match(['email', 'password'], ['bart@mikasoftware.com', '123password']))?.id !== undefined, true)
      const made = await Promise.all([1, 2, 3].map((i) => accounts.register({ email: 'x@example.com', password: String(i) }, 'email')))
      t.equal(made.filter(Boolean).length, 1, 'one of three racers registered the e-mail')
      await accounts.register({ email: 'y@example.com' })
      await accounts.register({ email: 'z@example.com' })
      t.equal(await accounts.match(['email'], ['x@example.com']), undefined, 'past maxAccounts the oldest went')
      t.equal((await accounts.match(['email'], ['z@example.com']))?.fields.email, 'z@example.com')
      const first = await accounts.nextNumber('id')
      t.equal(await accounts.nextNumber('id'), first + 1)
    })

    t.test('switches: ids in order, the newest answers, times count down', async (t) => {
      const s = await fresh(t)
      const added = await s.switches.add([{ api: 'nwapp', operation: 'op', status: 400, remaining: null }, { api: 'nwapp', operation: 'op', status: 401, remaining: 2 }])
      t.same(added.map((v) => v.id), [1, 2])
      const taken = []
      for (let i = 0; i < 3; i++) {
        const begun = await s.begin('op')
        taken.push(begun.ok ? begun.taken?.status : 'refused')
      }
      t.same(taken, [401, 401, 400])
      t.same((await s.switches.list()).map((v) => v.id), [1])
      t.equal(await s.switches.clear(), 1)
    })

    t.test('clock offset and journal', async (t) => {
      const s = await fresh(t)
      await s.setOffset(90_000)
      t.equal(await s.offset(), 90_000)
      t.match(await s.begin(undefined), { ok: true, offset: 90_000 })
      for (let i = 0; i < 4; i++) await s.journal.add(1000 + i, 'nwapp', request, response)
      const entries = await s.journal.list()
      t.equal(entries.length, 3, 'journalSize kept')
      t.same(entries.map((e) => e.at), [1001, 1002, 1003].map((ms) => new Date(ms).toISOString()))
      t.notMatch(JSON.stringify(entries), /secret-pass/, 'redacted as in memory')
      t.equal((await s.journal.list({ limit: 1 })).length, 1)
      await s.reset()
      t.same(await backend.namespace(`c${n}`).journal.list(), [])
      t.equal(await backend.namespace(`c${n}`).offset(), 0)
    })

    t.test('useFixtures: the new fixture accounts in every namespace, registered ones and numbers stay; an added API gets a table', async (t) => {
      const s = await fresh(t)
      const accounts = s.accounts('nwapp')
      const registered = await accounts.register({ email: 'reg@example.com', password: 'p', profile: { user_id: await accounts.nextNumber('user_id') } }, 'email')
      t.ok(registered, 'registers')
      const [first] = model.apis[0]?.accounts ?? []
      t.equal((await accounts.byId(first?.id))?.fields.email, 'bart@mikasoftware.com', 'a fixture by id')
      const swapped = { ...model, apis: [{ ...(model.apis[0] as (typeof model.apis)[number]), accounts: [{ id: '1', fields: { email: 'swapped@example.com', password: 'new', profile: { user_id: 500 } } }] }, { ...(model.apis[0] as (typeof model.apis)[number]), name: 'added', accounts: [] }] }
      backend.useFixtures(swapped)
      t.teardown(() => backend.useFixtures(model))
      t.equal((await accounts.byId('1'))?.fields.email, 'swapped@example.com', 'the same id names the new fixture')
      t.equal(await accounts.match(['email'], ['bart@mikasoftware.com']), undefined, 'the old fixture no longer logs in')
      t.equal((await accounts.match(['email', 'password'], ['swapped@example.com', 'new']))?.id, '1')
      t.equal((await accounts.byId(registered?.id))?.fields.email, 'reg@example.com', 'the registered account stays')
      t.equal(await accounts.nextNumber('user_id'), 501, 'numbers go on past the new fixtures')
      t.equal(await s.accounts('added').match(['email'], ['x']), undefined, 'an API the model added has a table')
      t.throws(() => s.accounts('nope'), /no API nope/)
    })

    t.test('namespaces: bounded, a reset frees a place', async (t) => {
      const names = ['n1', 'n2', 'n3', 'n4', 'n5']
      for (const name of names) await backend.namespace(name).reset()
      const results = []
      for (const name of names) results.push((await backend.namespace(name).begin(undefined)).ok)
      t.same(results, [true, true, true, true, false], `${limits.maxNamespaces} besides default; the fifth is refused`)
      t.match(await backend.namespace('default').begin(undefined), { ok: true }, 'default is always there')
      await backend.namespace('n1').reset()
      t.ok((await backend.namespace('n5').begin(undefined)).ok, 'a reset freed a place')
      for (const name of names) await backend.namespace(name).reset()
    })
  })
}

contract(t, 'in memory', async () => createMemoryState(model, limits))
const redis = await startTestRedis(t)
if (redis) contract(t, 'in Redis', async () => createRedisState(model, { ...limits, url: redis.url, timeoutMs: 1000 }))
