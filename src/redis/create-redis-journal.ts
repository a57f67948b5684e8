import type { Redis } from 'ioredis'
import { defineScripts } from './define-scripts.js'

/**
 * The request journal of one namespace: `j`, a Redis stream capped at about
 * `size` entries (XADD MAXLEN ~: the oldest go first, as in memory), each entry one
 * field `e` holding the record the in-memory journal writes. Ids come from the
 * counter `jid`, so they grow across replicas as in one process.
 */
export interface RedisJournal {
  /**
   * Appends a record: `rest` is the record without its first field, the id,
   * which Redis gives (INCR) and writes in front, as a length-prefixed field,
   * in the same script: one round trip per request.
   */
  add(rest: string): Promise<void>
  /** Every record kept, oldest first, with its id (at most `size`: the caller filters, then limits). */
  list(): Promise<Array<{ id: number; text: string }>>
}

/** ARGV prefix, cap, rest: the id field is "<digits>:<id>", as the record format writes a field. */
const ADD = `
local p = ARGV[1]
local id = tostring(redis.call('INCR', p .. 'jid'))
redis.call('XADD', p .. 'j', 'MAXLEN', '~', ARGV[2], '*', 'i', id, 'e', string.len(id) .. ':' .. id .. ARGV[3])
`

export function createRedisJournal(client: Redis, prefix: string, size: number): RedisJournal {
  const key = `${prefix}j`
  const cap = Math.max(1, Math.floor(size))
  const run = defineScripts(client, { journalAdd: ADD })
  return {
    async add(rest) {
      await run.journalAdd([prefix, String(cap), rest])
    },
    async list() {
      const out: Array<{ id: number; text: string }> = []
      // "MAXLEN ~" trims whole stream nodes (cheap, exact trimming is not): the stream may hold a few more than `size`; the newest `size` are shown.
      for (const [, fields] of (await client.xrevrange(key, '+', '-', 'COUNT', cap)).reverse()) {
        const id = Number(fields[fields.indexOf('i') + 1])
        const text = fields[fields.indexOf('e') + 1]
        if (Number.isSafeInteger(id) && text !== undefined) out.push({ id, text })
      }
      return out
    },
  }
}
