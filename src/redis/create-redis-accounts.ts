import type { Redis } from 'ioredis'
import type { Account } from '../model/spec-model.js'
import type { JsonObject } from '../core/types.js'
import { fixtureIndex } from '../core/create-account-index.js'
import { defineScripts } from './define-scripts.js'

/**
 * Registered accounts of one namespace and API in Redis (keys under the
 * namespace prefix):
 *   a:<api>                       HASH  id -> the account's fields as JSON
 *   ax:<api>                      HASH  id -> its index keys as a JSON array (to unindex it when dropped)
 *   ao:<api>                      ZSET  id by number (oldest first: the bound drops from the front)
 *   ai:<api>\n<field>\n<json>     SET   ids whose `field` holds that (primitive) value
 *   aid:<api>                     the last id number; an:<api>\n<field> the last profile number
 */
const REGISTER = `
local p, api, max, unique, json = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
if unique ~= '' and redis.call('SCARD', p .. unique) > 0 then return 0 end
local n = redis.call('INCR', p .. 'aid:' .. api)
local id = 'r' .. n
redis.call('HSET', p .. 'a:' .. api, id, json)
local keys = {}
for i = 6, #ARGV do
  redis.call('SADD', p .. ARGV[i], id)
  keys[#keys + 1] = ARGV[i]
end
redis.call('HSET', p .. 'ax:' .. api, id, cjson.encode(keys))
redis.call('ZADD', p .. 'ao:' .. api, n, id)
while redis.call('ZCARD', p .. 'ao:' .. api) > max do
  local old = redis.call('ZPOPMIN', p .. 'ao:' .. api)[1]
  local held = redis.call('HGET', p .. 'ax:' .. api, old)
  if held then
    for _, key in ipairs(cjson.decode(held)) do redis.call('SREM', p .. key, old) end
  end
  redis.call('HDEL', p .. 'a:' .. api, old)
  redis.call('HDEL', p .. 'ax:' .. api, old)
end
return id
`

/** The oldest registered account holding every value (the intersection of the index sets), as [id, json]. */
const MATCH = `
local p, api = ARGV[1], ARGV[2]
local keys = {}
for i = 3, #ARGV do keys[#keys + 1] = p .. ARGV[i] end
local best, bestN = nil, nil
for _, id in ipairs(redis.call('SINTER', unpack(keys))) do
  local n = tonumber(string.sub(id, 2))
  if not bestN or n < bestN then best, bestN = id, n end
end
if not best then return nil end
return { best, redis.call('HGET', p .. 'a:' .. api, best) }
`

/** The next profile number: one past the last given, and past the fixtures' largest (a reload may bring a larger one). */
const NEXT_NUMBER = `
local key, floor = ARGV[1], tonumber(ARGV[2])
local last = tonumber(redis.call('GET', key) or '0')
if last < floor then last = floor end
redis.call('SET', key, last + 1)
return last + 1
`

const SCRIPTS = { accountRegister: REGISTER, accountMatch: MATCH, accountNextNumber: NEXT_NUMBER }

export interface RedisAccounts {
  byId(id: string | undefined): Promise<Account | undefined>
  /** The first account, fixtures first then registered oldest first, whose fields equal every value. */
  match(fields: readonly string[], values: readonly unknown[]): Promise<Account | undefined>
  nextNumber(field: string): Promise<number>
  /** Registers an account; undefined when `unique` names a field whose value another account holds (decided atomically). */
  register(fields: JsonObject, unique?: string): Promise<Account | undefined>
  registered(): Promise<number>
}

/** Only primitive values are indexed: an object or array never equals a value asked for (as in memory). */
const indexable = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value)

/**
 * One API's accounts in one namespace: the fixtures (from the model, read
 * in the process, through `fixtures()` so `serve --watch` can swap them) and
 * the accounts registered by any replica (in Redis), bounded by
 * `maxAccounts` with the oldest dropped first, as
 * src/core/create-account-registry.ts does in memory.
 */
export function createRedisAccounts(client: Redis, prefix: string, api: string, fixtures: () => readonly Account[], maxAccounts: number): RedisAccounts {
  const run = defineScripts(client, SCRIPTS)
  const indexKey = (field: string, value: unknown) => `ai:${api}\n${field}\n${JSON.stringify(value)}`
  const fixtureMatch = (fields: readonly string[], values: readonly unknown[]) => fixtureIndex(fixtures()).match(fields, values)
  return {
    async byId(id) {
      if (id === undefined) return undefined
      const fixture = fixtureIndex(fixtures()).byId(id)
      if (fixture) return fixture
      const json = await client.hget(`${prefix}a:${api}`, id)
      return json === null ? undefined : { id, fields: JSON.parse(json) as JsonObject }
    },
    async match(fields, values) {
      const fixture = fixtureMatch(fields, values)
      if (fixture) return fixture
      if (fields.length === 0 || !values.every(indexable)) return undefined
      const found = (await run.accountMatch([prefix, api, ...fields.map((f, i) => indexKey(f, values[i]))])) as [string, string] | null
      return found ? { id: found[0], fields: JSON.parse(found[1]) as JsonObject } : undefined
    },
    async nextNumber(field) {
      const floor = fixtureIndex(fixtures()).largestNumber(field)
      return Number(await run.accountNextNumber([`${prefix}an:${api}\n${field}`, String(floor)]))
    },
    async register(fields, unique) {
      if (unique !== undefined && fixtureMatch([unique], [fields[unique]])) return undefined
      const keys = Object.keys(fields).filter((f) => indexable(fields[f])).map((f) => indexKey(f, fields[f]))
      const uniqueKey = unique !== undefined && indexable(fields[unique]) ? indexKey(unique, fields[unique]) : ''
      const id = await run.accountRegister([prefix, api, String(Math.max(1, Math.floor(maxAccounts))), uniqueKey, JSON.stringify(fields), ...keys])
      return id === 0 ? undefined : { id: String(id), fields }
    },
    registered: () => client.zcard(`${prefix}ao:${api}`),
  }
}
