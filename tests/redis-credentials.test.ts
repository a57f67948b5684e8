import t from 'tap'
import { connectRedis } from '../src/redis/connect-redis.js'
import { createRedisCredentials } from '../src/redis/create-redis-credentials.js'
import { createMemoryStore } from '../src/store/create-memory-store.js'
import type { Credential } from '../src/store/credential-store.js'
import { startTestRedis } from './redis-server.js'

const redis = await startTestRedis(t)
if (redis) {
  const client = await connectRedis(redis.url, { timeoutMs: 1000 })
  t.teardown(() => client.disconnect())
  let n = 0
  const fresh = (max = 100, graveyardMs = 3_600_000) => createRedisCredentials(client, `authmock:{t${++n}}:`, { maxCredentials: max, graveyardMs })
  const cred = (value: string, extra: Partial<Credential> = {}): Credential =>
    ({ api: 'nwapp', kind: 'access', value, family: 'f1', subject: 'u1', issuedAt: 1000, expiresAt: 5000, revokedAt: undefined, ...extra })

  t.test('a login puts all its credentials; get reads them back as put', async (t) => {
    const store = fresh()
    await store.putAll([cred('a1'), cred('r1', { kind: 'refresh', expiresAt: undefined })], 1000)
    t.same(await store.get('nwapp', 'a1'), cred('a1'))
    t.same(await store.get('nwapp', 'r1'), cred('r1', { kind: 'refresh', expiresAt: undefined }))
    t.equal(await store.get('nwapp', 'nope'), undefined)
    t.equal(await store.get('unicommerce', 'a1'), undefined, 'per API')
    t.equal(await store.size(), 2)
  })

  t.test('revoking a family counts only what it revoked: 40 racers, one winner', async (t) => {
    const store = fresh()
    await store.putAll([cred('a1'), cred('r1', { kind: 'refresh' })], 1000)
    const counts = await Promise.all(Array.from({ length: 40 }, () => store.revokeFamily('nwapp', 'f1', 2000)))
    t.same(counts.filter((c) => c > 0), [2], 'exactly one call revoked the family')
    t.equal((await store.get('nwapp', 'a1'))?.revokedAt, 2000)
  })

  t.test('revokeSubject, expire and live agree with the in-memory store', async (t) => {
    const store = fresh()
    const memory = createMemoryStore({ maxCredentials: 100 })
    const all = [cred('a1'), cred('a2', { family: 'f2' }), cred('b1', { family: 'f3', subject: 'u2' }), cred('c1', { family: 'f4', subject: undefined, expiresAt: undefined })]
    await store.putAll(all, 1000)
    for (const c of all) memory.put(c)
    t.equal(await store.revokeSubject('nwapp', 'u1', 1500), memory.revokeSubject('nwapp', 'u1', 1500))
    t.same(await store.live(1600), memory.live(1600))
    t.equal(await store.expire(1700), memory.expire(1700))
    t.same(await store.live(1700), memory.live(1700))
    t.same(await store.live(1000), memory.live(1000))
  })

  t.test('past the bound a dead credential goes first, else the oldest', async (t) => {
    const store = fresh(3)
    await store.putAll([cred('a1', { family: 'x1' })], 1000)
    await store.putAll([cred('a2', { family: 'x2' })], 1000)
    await store.putAll([cred('a3', { family: 'x3' })], 1000)
    await store.revokeFamily('nwapp', 'x2', 1100)
    await store.putAll([cred('a4', { family: 'x4' })], 1200)
    t.ok(await store.get('nwapp', 'a1'), 'the oldest, live, stays')
    t.equal(await store.get('nwapp', 'a2'), undefined, 'the revoked one went')
    await store.putAll([cred('a5', { family: 'x5' })], 1200)
    t.equal(await store.get('nwapp', 'a1'), undefined, 'then the oldest live one')
    t.equal(await store.size(), 3)
  })

  t.test('dead credentials are swept after the graveyard, by the mock\'s time', async (t) => {
    const store = fresh(100, 1000)
    await store.putAll([cred('a1', { family: 'y1', expiresAt: 2000 })], 1000)
    await store.putAll([cred('a2', { family: 'y2' })], 2500)
    t.ok(await store.get('nwapp', 'a1'), 'expired, within the graveyard: kept (answers "expired")')
    await store.putAll([cred('a3', { family: 'y3' })], 3000)
    t.equal(await store.get('nwapp', 'a1'), undefined, 'past it: forgotten')
  })
}
