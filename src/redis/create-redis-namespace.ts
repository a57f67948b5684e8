import type { Redis } from 'ioredis'
import type { ArmedScenario } from '../core/create-controls.js'
import type { Begun, FixtureAccounts } from '../core/namespace-state.js'
import { createRedisAccounts, type RedisAccounts } from './create-redis-accounts.js'
import { createRedisCredentials, credentialOf, type RedisCredentials } from './create-redis-credentials.js'
import { createRedisJournal, type RedisJournal } from './create-redis-journal.js'
import { createRedisSwitches, TAKE_SWITCH, type RedisSwitches } from './create-redis-switches.js'
import { defineScripts } from './define-scripts.js'

/** The set of namespaces in use, shared by every replica: what --max-namespaces bounds. */
export const NAMESPACES_KEY = 'authmock:namespaces'

/**
 * BEGIN, the one round trip every API request starts with: claims the
 * namespace (refused past the bound), reads its clock offset and takes one
 * call of the newest switch for the operation; `default` is always there and
 * not counted (ARGV prefix, registry key,
 * namespace, maxNamespaces, operationId or '' to take none, and the member
 * "<api>\n<value>" of a credential to read along, or '').
 * Returns {offset, switch JSON or '', the credential's HGETALL}, or {'limit', count}.
 */
const BEGIN = `${TAKE_SWITCH}
local p, reg, ns, max, op, read = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
if ns ~= 'default' and redis.call('SISMEMBER', reg, ns) == 0 then
  local count = redis.call('SCARD', reg)
  if count >= max then return { 'limit', tostring(count) } end
  redis.call('SADD', reg, ns)
end
local taken = ''
if op ~= '' then taken = take(p, op) or '' end
local credential = {}
if read ~= '' then credential = redis.call('HGETALL', p .. 'c:' .. read) end
return { redis.call('GET', p .. 'clock') or '0', taken, credential }
`


export interface RedisNamespaceOptions {
  maxNamespaces: number
  maxCredentials: number
  maxAccounts: number
  graveyardMs: number
  journalSize: number
}

/** One namespace's state in Redis: what the engine reads and writes for its requests and controls. */
export interface RedisNamespace {
  begin(operationId: string | undefined, read?: { api: string; value: string }): Promise<Begun>
  credentials: RedisCredentials
  accounts(api: string): RedisAccounts
  switches: RedisSwitches
  offset(): Promise<number>
  setOffset(ms: number): Promise<void>
  journal: RedisJournal
  /** Deletes every key of the namespace and frees its place under --max-namespaces. */
  reset(): Promise<void>
}

/** The key prefix of a namespace; the braces make it a Redis Cluster hash tag. Names are checked before (safe-namespace). */
export const prefixOf = (namespace: string): string => `authmock:{${namespace}}:`

export function createRedisNamespace(client: Redis, namespace: string, fixtures: () => FixtureAccounts, options: RedisNamespaceOptions): RedisNamespace {
  const prefix = prefixOf(namespace)
  const run = defineScripts(client, { namespaceBegin: BEGIN })
  /** Made on an API's first use: an API that a reload added gets its accounts then. */
  const accounts = new Map<string, RedisAccounts>()
  const max = String(options.maxNamespaces)
  const journal = createRedisJournal(client, prefix, options.journalSize)
  return {
    async begin(operationId, read) {
      const member = read ? `${read.api}\n${read.value}` : ''
      const [first, second, fields] = (await run.namespaceBegin([prefix, NAMESPACES_KEY, namespace, max, operationId ?? '', member])) as [string, string, string[] | undefined]
      if (first === 'limit') return { ok: false, count: Number(second) }
      const taken = second === '' ? undefined : (JSON.parse(second) as ArmedScenario)
      if (!read) return { ok: true, offset: Number(first), taken }
      const hash: Record<string, string> = {}
      for (let i = 0; fields && i < fields.length; i += 2) hash[fields[i] as string] = fields[i + 1] as string
      return { ok: true, offset: Number(first), taken, credential: hash.kind === undefined ? undefined : credentialOf(read.api, read.value, hash) }
    },
    credentials: createRedisCredentials(client, prefix, options),
    accounts(api) {
      let found = accounts.get(api)
      if (!found) {
        if (!fixtures().has(api)) throw new Error(`no API ${api} in the model`)
        found = createRedisAccounts(client, prefix, api, () => fixtures().get(api) ?? [], options.maxAccounts)
        accounts.set(api, found)
      }
      return found
    },
    switches: createRedisSwitches(client, prefix),
    async offset() {
      return Number((await client.get(`${prefix}clock`)) ?? 0)
    },
    async setOffset(ms) {
      await client.set(`${prefix}clock`, String(ms))
    },
    journal,
    async reset() {
      // Records of requests answered before the reset land first, so none outlives it.
      await journal.settle()
      // SCAN, not KEYS: a large shared Redis is never blocked; keys written meanwhile by a racing request may survive, as in any reset under load.
      let cursor = '0'
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        if (keys.length > 0) await client.unlink(...keys)
        cursor = next
      } while (cursor !== '0')
      await client.srem(NAMESPACES_KEY, namespace)
    },
  }
}
