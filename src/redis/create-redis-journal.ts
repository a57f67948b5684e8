import type { Redis } from 'ioredis'
import { setTimeout as sleep } from 'node:timers/promises'
import { defineScripts } from './define-scripts.js'

/**
 * The request journal of one namespace: `j`, a Redis stream capped at about
 * `size` entries (XADD MAXLEN ~: the oldest go first, as in memory), each entry one
 * field `e` holding the record the in-memory journal writes. Ids come from the
 * counter `jid`, so they grow across replicas as in one process.
 *
 * Written behind the answer: `add` queues the record and returns at once; the
 * records queued within WRITE_EVERY_MS go to Redis in one script call. A
 * request pays no round trip for its journal entry (an authenticated read went
 * from two round trips to one: see docs/performance.md), and `list` and
 * `settle` (before a reset) first write this replica's queue, then wait
 * SETTLE_MS for the other replicas' (each writes within WRITE_EVERY_MS of its
 * answer), so a read sees every request answered, by any replica, before it
 * began. A write that fails (the store is down) loses its records.
 */
export interface RedisJournal {
  /**
   * Queues a record: `rest` is the record without its first field, the id,
   * which Redis gives (INCRBY) and writes in front, as a length-prefixed field.
   */
  add(rest: string): void
  /** Every record kept, oldest first, with its id (at most `size`: the caller filters, then limits). */
  list(): Promise<Array<{ id: number; text: string }>>
  /** Waits until every record queued here, and by other replicas, is written (before a reset deletes them). */
  settle(): Promise<void>
}

/** How long a read waits for other replicas' queued records: each writes within WRITE_EVERY_MS of answering; the rest is margin for a busy event loop. */
export const SETTLE_MS = 10

/** How long records gather before one write takes them all: at 10,000 req/s about 20 records a write. */
const WRITE_EVERY_MS = 2

/**
 * ARGV prefix, cap, how many records were dropped before these (they count
 * for ids, as trimmed records do in memory), then one rest per record: each
 * id field is "<digits>:<id>", as the record format writes a field.
 */
const ADD = `
local p, cap = ARGV[1], ARGV[2]
local n = #ARGV - 3
local last = redis.call('INCRBY', p .. 'jid', n + tonumber(ARGV[3]))
for i = 4, #ARGV do
  local id = string.format('%d', last - n + i - 3)
  redis.call('XADD', p .. 'j', 'MAXLEN', '~', cap, '*', 'i', id, 'e', string.len(id) .. ':' .. id .. ARGV[i])
end
`

export function createRedisJournal(client: Redis, prefix: string, size: number): RedisJournal {
  const key = `${prefix}j`
  const cap = Math.max(1, Math.floor(size))
  const run = defineScripts(client, { journalAdd: ADD })
  let queued: string[] = []
  let dropped = 0
  let writing: Promise<void> = Promise.resolve()
  let scheduled = false

  function write(): Promise<void> {
    scheduled = false
    if (queued.length === 0) return writing
    const records = queued
    const before = dropped
    queued = []
    dropped = 0
    const previous = writing
    // A write that fails (the store went away) loses its records: the journal is what was seen, and the requests of that moment answered 503 anyway.
    writing = previous.then(() => run.journalAdd([prefix, String(cap), String(before), ...records])).then(() => {}, () => {})
    return writing
  }

  return {
    add(rest) {
      // Past the cap the oldest would be trimmed anyway: the queue never holds more (a stalled store cannot grow it).
      if (queued.length >= cap) {
        queued.shift()
        dropped++
      }
      queued.push(rest)
      if (!scheduled) {
        scheduled = true
        setTimeout(write, WRITE_EVERY_MS)
      }
    },
    async settle() {
      await write()
      await sleep(SETTLE_MS)
    },
    async list() {
      await this.settle()
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
