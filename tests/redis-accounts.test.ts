import t from 'tap'
import { connectRedis } from '../src/redis/connect-redis.js'
import { createRedisAccounts } from '../src/redis/create-redis-accounts.js'
import { createAccountRegistry } from '../src/core/create-account-registry.js'
import type { Account } from '../src/model/spec-model.js'
import { startTestRedis } from './redis-server.js'

const redis = await startTestRedis(t)
if (redis) {
  const client = await connectRedis(redis.url, { timeoutMs: 1000 })
  t.teardown(() => client.disconnect())
  const fixtures: Account[] = [{ id: 'seller', fields: { username: 'seller-one', password: 'pw', profile: { id: 7 } } }]
  let n = 0
  const fresh = (max = 10) => createRedisAccounts(client, `authmock:{a${++n}}:`, 'unicommerce', () => fixtures, max)

  t.test('fixtures and registered accounts match as in memory', async (t) => {
    const accounts = fresh()
    const memory = createAccountRegistry(() => fixtures, { maxAccounts: 10 })
    for (const fields of [{ username: 'bob', password: 'x' }, { username: 'bob', password: 'y' }, { username: 'seller-one', password: 'pw' }]) {
      const a = await accounts.register(fields)
      const b = memory.register(fields)
      t.same(a, b)
    }
    for (const [fields, values] of [[['username', 'password'], ['bob', 'y']], [['username'], ['bob']], [['username', 'password'], ['seller-one', 'pw']], [['username'], ['nobody']], [['profile'], [{ id: 7 }]]] as const) {
      t.same(await accounts.match(fields, values), memory.match(fields, values), `${fields.join(',')} = ${JSON.stringify(values)}`)
    }
    t.same(await accounts.byId('r2'), memory.byId('r2'))
    t.same(await accounts.byId('seller'), fixtures[0])
    t.equal(await accounts.byId('r99'), undefined)
    t.equal(await accounts.nextNumber('id'), memory.nextNumber('id'))
    t.equal(await accounts.nextNumber('id'), memory.nextNumber('id'))
  })

  t.test('a unique field is taken once, however many replicas race for it', async (t) => {
    const accounts = fresh()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => accounts.register({ username: 'carol', password: String(i) }, 'username')))
    t.equal(results.filter(Boolean).length, 1)
    t.equal(await accounts.register({ username: 'seller-one', password: 'z' }, 'username'), undefined, 'a fixture holds it')
  })

  t.test('past the bound the oldest registered goes, and its index with it', async (t) => {
    const accounts = fresh(2)
    await accounts.register({ username: 'u1' })
    await accounts.register({ username: 'u2' })
    await accounts.register({ username: 'u3' })
    t.equal(await accounts.registered(), 2)
    t.equal(await accounts.match(['username'], ['u1']), undefined)
    t.equal(await accounts.byId('r1'), undefined)
    t.same(await accounts.match(['username'], ['u3']), { id: 'r3', fields: { username: 'u3' } })
  })
}
