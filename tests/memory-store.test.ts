import t from 'tap'
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createMemoryStore } from '../src/store/create-memory-store.js'
import type { Credential, CredentialStore } from '../src/store/credential-store.js'
import { createPlainCredentialStore } from './plain-credential-store.js'

const credential = (value: string, extra: Partial<Credential> = {}): Credential =>
  ({ api: 'a', kind: 'token', value, family: `f-${value}`, subject: 's', issuedAt: 0, ...extra })

t.test('past the bound, with every credential live, the oldest is evicted', async (t) => {
  const store = createMemoryStore({ maxCredentials: 3 })
  for (const v of ['1', '2', '3', '4']) store.put(credential(v))
  t.equal(store.size(), 3)
  t.equal(store.get('a', '1'), undefined, 'oldest gone')
  t.ok(store.get('a', '4'))
})

t.test('sweeps expired and revoked credentials once past the graveyard time, a few per put', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100, sweepStep: 8, graveyardMs: 10 })
  store.put(credential('old', { expiresAt: 5 }))
  store.put(credential('revoked', { issuedAt: 1, revokedAt: 2 }))
  store.put(credential('live', { expiresAt: 1000, issuedAt: 100 }))
  t.equal(store.get('a', 'old'), undefined, 'expired long enough ago: swept')
  t.equal(store.get('a', 'revoked'), undefined, 'revoked long enough ago: swept')
  t.ok(store.get('a', 'live'))
  t.equal(store.size(), 1)
  const fresh = createMemoryStore({ maxCredentials: 100, sweepStep: 2, graveyardMs: 1000 })
  fresh.put(credential('recent', { expiresAt: 5 }))
  fresh.put(credential('next', { issuedAt: 100 }))
  t.ok(fresh.get('a', 'recent'), 'within the graveyard time it stays, to be answered as expired')
})

t.test('200,000 puts of short-lived credentials keep the count within the bound: the newest is kept, the long-expired gone', async (t) => {
  const store = createMemoryStore({ maxCredentials: 500, graveyardMs: 0 })
  for (let i = 0; i < 200_000; i++) store.put(credential(String(i), { family: String(i), issuedAt: i, expiresAt: i + 50 }))
  t.ok(store.size() <= 500)
  t.ok(store.get('a', '199999'))
  t.equal(store.get('a', '1000'), undefined)
})

t.test('revokes a family and a subject, keeps APIs apart, lists the live ones, and clear() empties it', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100 })
  store.put(credential('x1', { family: 'f1' }))
  store.put(credential('x2', { family: 'f1', kind: 'refresh' }))
  store.put(credential('y', { family: 'f2', subject: 'other' }))
  store.put(credential('x1', { api: 'b', family: 'f1' }))
  t.equal(store.revokeFamily('a', 'f1', 7), 2)
  t.equal(store.get('a', 'x2')?.revokedAt, 7)
  t.equal(store.get('b', 'x1')?.revokedAt, undefined, 'same value in another API untouched')
  t.equal(store.revokeSubject('a', 'other', 8), 1)
  t.equal(store.live(0).length, 1)
  store.clear()
  t.equal(store.size(), 0)
})

t.test('a million puts keep the count at the bound, the newest credential kept', async (t) => {
  const store = createMemoryStore({ maxCredentials: 1000 })
  for (let i = 0; i < 1_000_000; i++) store.put(credential(String(i), { family: String(i) }))
  t.equal(store.size(), 1000)
  t.ok(store.get('a', '999999'))
})

t.test('a family stays whole when members are put apart, evicted or replaced', async (t) => {
  const store = createMemoryStore({ maxCredentials: 4 })
  store.put(credential('a1', { family: 'A' }))
  store.put(credential('b1', { family: 'B' }))
  store.put(credential('a2', { family: 'A' }))
  store.put(credential('a3', { family: 'A' }))
  store.put(credential('b2', { family: 'B' })) // evicts a1, the oldest
  t.equal(store.get('a', 'a1'), undefined)
  t.equal(store.revokeFamily('a', 'A', 5), 2, 'a2 and a3 are still linked after a1 left the family')
  store.put(credential('a3', { family: 'C' })) // same value again: replaces it, in the slot it vacated, evicting nothing
  t.equal(store.size(), 4)
  t.ok(store.get('a', 'b1'), 'a free slot is used before any live credential is evicted')
  t.equal(store.get('a', 'a3')?.family, 'C')
  t.equal(store.get('a', 'a3')?.revokedAt, undefined, 'the replacement is a new credential')
  t.equal(store.revokeFamily('a', 'A', 6), 0, 'a2 was revoked already; a3 left the family')
  t.equal(store.revokeFamily('a', 'B', 6), 2, 'b1 and b2 are family B')
  t.equal(store.revokeFamily('a', 'nope', 6), 0)
})

t.test('a credential put again under the same value, just after itself, is still found by its family', async (t) => {
  const store = createMemoryStore({ maxCredentials: 10 })
  store.put(credential('v', { family: 'F' }))
  store.put(credential('v', { family: 'F' }))
  t.equal(store.revokeFamily('a', 'F', 1), 1, 'the replacement took the vacated slot and its family index entry (found by the comparison with the plain form)')
  t.equal(store.get('a', 'v')?.revokedAt, 1)
})

t.test('hands out copies; live() lists oldest first after evictions reused slots; expire() ends every live credential', async (t) => {
  const store = createMemoryStore({ maxCredentials: 3 })
  for (const v of ['1', '2', '3', '4', '5']) store.put(credential(v, { expiresAt: 100 }))
  const got = store.get('a', '4') as Credential
  got.revokedAt = 1
  got.expiresAt = 1
  t.same(store.live(50).map((c) => c.value), ['3', '4', '5'], 'changing a returned object changes nothing stored')
  t.equal(store.expire(10), 3)
  t.same(store.live(10), [])
  t.equal(store.get('a', '5')?.expiresAt, 10)
})

/** A login: an access and a refresh credential of one family, as the engine puts them. */
function login(store: ReturnType<typeof createMemoryStore>, n: number, at: number, ttl = 3_600_000): void {
  store.put(credential(`access-${n}`, { family: `login-${n}`, issuedAt: at, expiresAt: at + ttl }))
  store.put(credential(`refresh-${n}`, { family: `login-${n}`, kind: 'refresh', issuedAt: at, expiresAt: at + 30 * ttl }))
}

t.test('a live credential outlives any number of login/logout pairs: revoked ones are evicted first', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100 })
  store.put(credential('long-lived', { family: 'keep', issuedAt: 0, expiresAt: undefined }))
  let revoked = 0
  for (let n = 0; n < 10_000; n++) {
    login(store, n, n)
    revoked += store.revokeFamily('a', `login-${n}`, n)
  }
  t.equal(revoked, 20_000, 'every logout revoked its pair')
  t.ok(store.get('a', 'long-lived'), 'the first token still resolves')
  t.equal(store.get('a', 'long-lived')?.revokedAt, undefined)
  t.equal(store.size(), 100, 'still bounded')
  t.ok(store.get('a', 'access-9999'), 'the newest logout is kept, to be answered as revoked')
})

t.test('with only live credentials the oldest live one is evicted', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100 })
  for (let n = 0; n < 100; n++) store.put(credential(`live-${n}`, { issuedAt: n }))
  store.put(credential('one-more', { issuedAt: 100 }))
  t.equal(store.get('a', 'live-0'), undefined, 'the oldest went')
  t.ok(store.get('a', 'live-1'))
  t.ok(store.get('a', 'one-more'))
  store.put(credential('two-more', { issuedAt: 101 }))
  t.equal(store.get('a', 'live-1'), undefined, 'then the next oldest')
  t.same(store.live(101).slice(0, 2).map((c) => c.value), ['live-2', 'live-3'], 'live() stays oldest first')
})

t.test('expired credentials are evicted before live ones, and before revoked ones', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100 })
  store.put(credential('oldest-live', { issuedAt: 0 }))
  store.put(credential('revoked', { issuedAt: 0 }))
  store.revokeFamily('a', 'f-revoked', 1)
  for (let n = 0; n < 10; n++) store.put(credential(`short-${n}`, { issuedAt: 0, expiresAt: 10 + n }))
  for (let n = 0; n < 88; n++) store.put(credential(`live-${n}`, { issuedAt: 0, expiresAt: 1_000_000 }))
  t.equal(store.size(), 100)
  // At t=15, short-0..short-5 have expired.
  for (let n = 0; n < 6; n++) store.put(credential(`new-${n}`, { issuedAt: 15, expiresAt: 1_000_000 }))
  t.same([0, 1, 2, 3, 4, 5, 6].map((n) => store.get('a', `short-${n}`) !== undefined), [false, false, false, false, false, false, true], 'the expired ones went, first-expiring first')
  t.ok(store.get('a', 'revoked'), 'the revoked one is still there while expired ones remain')
  t.ok(store.get('a', 'oldest-live'))
  store.put(credential('new-6', { issuedAt: 15, expiresAt: 1_000_000 }))
  t.equal(store.get('a', 'revoked'), undefined, 'then the revoked one')
  t.ok(store.get('a', 'short-6'), 'short-6 is not expired yet at t=15')
  store.put(credential('new-7', { issuedAt: 15, expiresAt: 1_000_000 }))
  t.equal(store.get('a', 'oldest-live'), undefined, 'only then the oldest live one')
  t.ok(store.get('a', 'short-6'))
})

t.test('the revocation queue and expiry heap stay bounded under churn', async (t) => {
  const store = createMemoryStore({ maxCredentials: 50, graveyardMs: 10 })
  store.put(credential('long-lived', { family: 'keep', issuedAt: 0 }))
  // Every third login is never logged out; its tokens expire (1 and 30 time units), so the live ones stay under the bound.
  const churn = (from: number, to: number): void => {
    for (let n = from; n < to; n++) {
      login(store, n, n, 1)
      if (n % 3 !== 0) store.revokeFamily('a', `login-${n}`, n)
    }
  }
  churn(0, 200_000)
  t.ok(store.get('a', 'long-lived'))
  t.ok(store.size() <= 50)
  // Heap, queue and slots are typed arrays: their growth shows in arrayBuffers, not heapUsed.
  const before = process.memoryUsage().arrayBuffers
  churn(200_000, 400_000)
  t.ok(process.memoryUsage().arrayBuffers - before < 512 * 1024, 'no growth with churn: stale entries are dropped')
  t.ok(store.get('a', 'long-lived'))
})

t.test('subjects are forgotten with their last credential: a million distinct subjects do not pile up', async (t) => {
  const store = createMemoryStore({ maxCredentials: 100 })
  const put = (from: number, to: number): void => {
    for (let i = from; i < to; i++) store.put(credential(String(i), { family: String(i), subject: `r${i}` }))
  }
  // A full collection before each reading, so only what the store keeps is counted.
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  put(0, 10_000)
  gc()
  const before = process.memoryUsage().heapUsed
  put(10_000, 1_000_000)
  gc()
  const grown = process.memoryUsage().heapUsed - before
  t.ok(grown < 4 * 1024 * 1024, `heap grew ${Math.round(grown / 1024)} KiB`)
  t.equal(store.get('a', '999999')?.subject, 'r999999')
  t.equal(store.revokeSubject('a', 'r999999', 1), 1)
  t.equal(store.revokeSubject('a', 'r5', 1), 0, 'a forgotten subject owns nothing')
})

t.test('a slot vacated and reused keeps no say in the eviction order: the entry must match the slot\'s time', async (t) => {
  // Expiry: A's slot goes to C (evicted live while full); E expired first, so E goes, not C.
  const expiring = createMemoryStore({ maxCredentials: 3 })
  expiring.put(credential('A', { expiresAt: 5 }))
  expiring.put(credential('B'))
  expiring.put(credential('E', { expiresAt: 8 }))
  expiring.put(credential('C', { issuedAt: 1, expiresAt: 11 }))
  t.equal(expiring.get('a', 'A'), undefined, 'A, the oldest live, made room for C')
  expiring.put(credential('F', { issuedAt: 12 }))
  t.equal(expiring.get('a', 'E'), undefined, 'E, expired at 8, went')
  t.equal(expiring.get('a', 'C')?.expiresAt, 11, 'C, expired at 11 in the slot A expired from at 5, stays')

  // Revocation: A revoked at 1 then evicted as expired; its slot goes to D; B revoked at 7 goes before D revoked at 8.
  const revoking = createMemoryStore({ maxCredentials: 3 })
  revoking.put(credential('A', { expiresAt: 5 }))
  revoking.put(credential('B'))
  revoking.put(credential('C'))
  revoking.revokeFamily('a', 'f-A', 1)
  revoking.put(credential('D', { issuedAt: 6 }))
  t.equal(revoking.get('a', 'A'), undefined, 'A, expired, made room for D')
  revoking.revokeFamily('a', 'f-B', 7)
  revoking.revokeFamily('a', 'f-D', 8)
  revoking.put(credential('E', { issuedAt: 9 }))
  t.equal(revoking.get('a', 'B'), undefined, 'B, revoked first, went')
  t.equal(revoking.get('a', 'D')?.revokedAt, 8, 'D, revoked later in the slot A was revoked from, stays')
})

/** One step of a random session, run against the memory store and its plain form alike. */
type Step =
  | { op: 'put'; api: string; value: string; family: string; subject: string | undefined; kind: string; ttl: number | undefined; dt: number }
  | { op: 'get'; api: string; value: string }
  | { op: 'revokeFamily'; api: string; family: string }
  | { op: 'revokeSubject'; api: string; subject: string }
  | { op: 'expire' }
  | { op: 'live' }

/** Runs the steps on both stores; every answer must be the same (copies, so compared by content). Throws at the first that differs, for fast-check to shrink. */
function sameAnswers(steps: Step[], maxCredentials: number): void {
  const fast = createMemoryStore({ maxCredentials, graveyardMs: 1e12 })
  const plain = createPlainCredentialStore({ maxCredentials, graveyardMs: 1e12 })
  let now = 0
  let puts = 0
  for (const [i, given] of steps.entries()) {
    // A put with no value gets the next of v1, v2... in family f1, f2..., and a lifetime made distinct by it.
    const step = given.op === 'put' && given.value === '' ? { ...given, value: `v${++puts}`, family: `f${puts}`, ttl: given.ttl === undefined ? undefined : given.ttl + puts / 1000 } : given
    const ask = (store: CredentialStore): unknown => {
      switch (step.op) {
        case 'put': return store.put({ api: step.api, kind: step.kind, value: step.value, family: step.family, subject: step.subject, issuedAt: now, expiresAt: step.ttl === undefined ? undefined : now + step.ttl, revokedAt: undefined })
        case 'get': return store.get(step.api, step.value)
        case 'revokeFamily': return store.revokeFamily(step.api, step.family, now)
        case 'revokeSubject': return store.revokeSubject(step.api, step.subject, now)
        case 'expire': return store.expire(now)
        case 'live': return store.live(now)
      }
    }
    if (step.op === 'put') now += step.dt
    const [a, b] = [ask(fast), ask(plain)]
    if (!isDeepStrictEqual(a, b) || fast.size() !== plain.size()) {
      throw new Error(`step ${i} ${JSON.stringify(step)}: ${JSON.stringify(a)} (size ${fast.size()}) against the plain form's ${JSON.stringify(b)} (size ${plain.size()})`)
    }
  }
}

const api = fc.constantFrom('a', 'b')

t.test('answers as its plain form (objects in Maps) does: families, subjects, replacement, expiry, no eviction', async (t) => {
  const value = fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5', 'v6')
  const family = fc.constantFrom('f1', 'f2', 'f3')
  const subject = fc.constantFrom('s1', 's2')
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('put' as const), api, value, family, subject: fc.option(subject, { nil: undefined }), kind: fc.constantFrom('access', 'refresh'), ttl: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), dt: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ op: fc.constant('get' as const), api, value }),
    fc.record({ op: fc.constant('revokeFamily' as const), api, family }),
    fc.record({ op: fc.constant('revokeSubject' as const), api, subject }),
    fc.constant({ op: 'expire' as const }),
    fc.constant({ op: 'live' as const }),
  )
  fc.assert(fc.property(fc.array(step, { maxLength: 60, size: 'medium' }), (steps) => sameAnswers(steps, 100)), { numRuns: 300 })
  t.pass('300 random sessions answered alike')
})

t.test('evicts what its plain form evicts: the first expired, else the first revoked, else the oldest live', async (t) => {
  // One credential per family and distinct lifetimes: the order among credentials revoked or expiring together is not part of the contract.
  const step: fc.Arbitrary<Step> = fc.oneof(
    // Puts weigh most, so the store is full most of the session.
    { arbitrary: fc.record({ op: fc.constant('put' as const), api, ttl: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 2 }), dt: fc.integer({ min: 1, max: 5 }) })
      .map((s): Step => ({ ...s, value: '', family: '', subject: undefined, kind: 'access' })), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('get' as const), api, value: fc.integer({ min: 1, max: 40 }).map((i) => `v${i}`) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('revokeFamily' as const), api, family: fc.integer({ min: 1, max: 40 }).map((i) => `f${i}`) }), weight: 1 },
    { arbitrary: fc.constant({ op: 'live' as const }), weight: 1 },
  )
  fc.assert(fc.property(fc.array(step, { minLength: 20, maxLength: 120 }), (steps) => sameAnswers(steps, 5)), { numRuns: 300 })
  t.pass('300 random sessions answered alike')
})
