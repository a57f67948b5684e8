import t from 'tap'
import { createMemoryStore } from '../src/store/create-memory-store.js'
import type { Credential } from '../src/store/credential-store.js'

const credential = (value: string, extra: Partial<Credential> = {}): Credential =>
  ({ api: 'a', kind: 'token', value, family: `f-${value}`, subject: 's', issuedAt: 0, ...extra })

t.test('evicts the oldest credential past the cap', async (t) => {
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

t.test('a long run of puts with sweeps keeps the store and its queue bounded', async (t) => {
  const store = createMemoryStore({ maxCredentials: 500, graveyardMs: 0 })
  for (let i = 0; i < 200_000; i++) store.put(credential(String(i), { family: String(i), issuedAt: i, expiresAt: i + 50 }))
  t.ok(store.size() <= 500)
  t.ok(store.get('a', '199999'))
  t.equal(store.get('a', '1000'), undefined)
})

t.test('revokes a family and a subject, and keeps APIs apart', async (t) => {
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

t.test('memory stays bounded under a million puts', async (t) => {
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
  store.put(credential('a3', { family: 'C' })) // same value again: replaces it, in a new slot that evicts b1
  t.equal(store.size(), 3)
  t.equal(store.get('a', 'b1'), undefined)
  t.equal(store.get('a', 'a3')?.family, 'C')
  t.equal(store.get('a', 'a3')?.revokedAt, undefined, 'the replacement is a new credential')
  t.equal(store.revokeFamily('a', 'A', 6), 0, 'a2 was revoked already; a3 left the family')
  t.equal(store.revokeFamily('a', 'B', 6), 1, 'b2 alone is left of family B')
  t.equal(store.revokeFamily('a', 'nope', 6), 0)
})

t.test('hands out copies, and lists live credentials oldest first after the ring wraps', async (t) => {
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
