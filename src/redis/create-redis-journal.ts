import type { Redis } from 'ioredis'

/**
 * The request journal of one namespace: `j`, a Redis stream capped at `size`
 * entries (XADD MAXLEN: the oldest go first, as in memory), each entry one
 * field `e` holding the record the in-memory journal writes. Ids come from the
 * counter `jid`, so they grow across replicas as in one process.
 */
export interface RedisJournal {
  /** Appends a record built for the id it is given. */
  add(build: (id: number) => string): Promise<void>
  /** Every record kept, oldest first, with its id (at most `size`: the caller filters, then limits). */
  list(): Promise<Array<{ id: number; text: string }>>
}

export function createRedisJournal(client: Redis, prefix: string, size: number): RedisJournal {
  const key = `${prefix}j`
  const cap = Math.max(1, Math.floor(size))
  return {
    async add(build) {
      const id = await client.incr(`${prefix}jid`)
      await client.xadd(key, 'MAXLEN', cap, '*', 'i', String(id), 'e', build(id))
    },
    async list() {
      const out: Array<{ id: number; text: string }> = []
      for (const [, fields] of await client.xrange(key, '-', '+', 'COUNT', cap)) {
        const id = Number(fields[fields.indexOf('i') + 1])
        const text = fields[fields.indexOf('e') + 1]
        if (Number.isSafeInteger(id) && text !== undefined) out.push({ id, text })
      }
      return out
    },
  }
}
