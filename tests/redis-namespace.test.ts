import t from 'tap'
import { connectRedis } from '../src/redis/connect-redis.js'
import { createRedisNamespace, NAMESPACES_KEY } from '../src/redis/create-redis-namespace.js'
import { startTestRedis } from './redis-server.js'

const redis = await startTestRedis(t)
if (redis) {
  const client = await connectRedis(redis.url, { timeoutMs: 1000 })
  t.teardown(() => client.disconnect())
  const options = { maxNamespaces: 3, maxCredentials: 100, maxAccounts: 10, graveyardMs: 3_600_000, journalSize: 3 }
  const ns = (name: string) => createRedisNamespace(client, name, () => new Map([['nwapp', []]]), options)

  t.test('switches: the newest for an operation answers, `times` counts down exactly once per call', async (t) => {
    const a = ns('sw')
    const armed = await a.switches.add([
      { api: 'nwapp', operation: 'login', status: 401, remaining: null },
      { api: 'nwapp', operation: 'login', scenario: 'throttled', remaining: 30 },
    ])
    t.same(armed.map((s) => s.id), [1, 2])
    const taken = await Promise.all(Array.from({ length: 40 }, () => a.begin('login')))
    const views = taken.map((b) => (b.ok ? b.taken : undefined))
    t.equal(views.filter((v) => v?.scenario === 'throttled').length, 30, 'thirty calls, not more, not fewer, when 40 race')
    t.equal(views.filter((v) => v?.status === 401).length, 10, 'then the older switch again')
    t.same((await a.switches.list()).map((s) => s.id), [1])
    const other = await a.begin('logout')
    t.same(other, { ok: true, offset: 0, taken: undefined })
    t.equal(await a.switches.clear('login'), 1)
    t.same(await a.switches.list(), [])
  })

  t.test('clock offset, journal cap, reset', async (t) => {
    const a = ns('clk')
    await a.setOffset(90_000)
    t.match(await a.begin(undefined), { ok: true, offset: 90_000 })
    for (let i = 0; i < 5; i++) a.journal.add(`|entry ${i}`)
    t.same(await a.journal.list(), [{ id: 3, text: '1:3|entry 2' }, { id: 4, text: '1:4|entry 3' }, { id: 5, text: '1:5|entry 4' }], 'the id written in front as a field; records dropped from a full queue still count')
    await a.reset()
    t.match(await a.begin(undefined), { ok: true, offset: 0 })
    t.same(await a.journal.list(), [])
  })

  t.test('the journal is written behind the answer, yet a read on another replica sees it, and a reset outlives none of it', async (t) => {
    const other = await connectRedis(redis.url, { timeoutMs: 1000 })
    t.teardown(() => other.disconnect())
    const a = ns('behind')
    const b = createRedisNamespace(other, 'behind', () => new Map([['nwapp', []]]), options)
    a.journal.add('|answered by a')
    t.same(await b.journal.list(), [{ id: 1, text: '1:1|answered by a' }], 'queued on a, read at once on b')
    a.journal.add('|answered by a before the reset')
    await b.reset()
    t.same(await a.journal.list(), [], 'the reset on b waited for it')
  })

  t.test('namespaces are bounded; reset frees a place', async (t) => {
    await client.del(NAMESPACES_KEY)
    t.match(await ns('n1').begin(undefined), { ok: true })
    t.match(await ns('n2').begin(undefined), { ok: true })
    t.match(await ns('n3').begin(undefined), { ok: true })
    t.same(await ns('n4').begin(undefined), { ok: false, count: 3 })
    t.match(await ns('n1').begin(undefined), { ok: true }, 'one in use still answers')
    await ns('n2').reset()
    t.match(await ns('n4').begin(undefined), { ok: true })
  })
}
