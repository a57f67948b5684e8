import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { journalEntryOf, record, type JournalEntry } from '../core/journal-record.js'
import { fixtureAccountsOf, StoreUnavailable, type AccountTable, type NamespaceState, type StateBackend } from '../core/namespace-state.js'
import type { SpecModel } from '../model/spec-model.js'
import { connectRedis, describeStoreUrl } from './connect-redis.js'
import { createRedisNamespace, type RedisNamespace } from './create-redis-namespace.js'

export interface RedisStateOptions {
  /** redis://HOST:PORT[/DB] or rediss://...; a password in it is never shown. */
  url: string
  /** A store call slower than this fails, and its request answers 503 (ms). */
  timeoutMs: number
  maxNamespaces: number
  maxCredentials: number
  maxAccounts: number
  journalSize: number
}

/** The first field of a record built for id 0. */
const ID_PLACEHOLDER = '1:0'

/** As the in-memory store: revoked and expired credentials are kept an hour, so a reuse reads "revoked"/"expired", not "invalid". */
const GRAVEYARD_MS = 3_600_000

/**
 * State in Redis, shared by every replica started with the same URL
 * (`authmock serve --store redis://...`): credentials, registered accounts,
 * switches, clock offsets and journals, per namespace. Connects before it
 * returns: a store that does not answer stops the start (ERR_STORE_UNAVAILABLE,
 * the URL's password hidden). While serving, a call that fails or takes
 * longer than `timeoutMs` throws StoreUnavailable, which the engine answers
 * with 503; the client reconnects by itself.
 *
 * @example const state = await createRedisState(model, { url: 'redis://127.0.0.1:6379', timeoutMs: 1000, maxNamespaces: 100, maxCredentials: 100_000, maxAccounts: 10_000, journalSize: 500 })
 */
export async function createRedisState(model: SpecModel, options: RedisStateOptions): Promise<StateBackend & { client: Redis }> {
  const client = await connectRedis(options.url, { timeoutMs: options.timeoutMs })
  const shown = describeStoreUrl(options.url)
  /** API name -> its fixture accounts now; `useFixtures` swaps it whole (serve --watch). */
  let fixtures = fixtureAccountsOf(model)
  const namespaces = new Map<string, NamespaceState>()
  const settings = { ...options, graveyardMs: GRAVEYARD_MS }

  /** A store failure, whatever ioredis called it (offline, timed out, an error reply), as the engine's 503. */
  async function guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      throw new StoreUnavailable(shown, (error instanceof Error ? error.message : String(error)).replaceAll(options.url, shown))
    }
  }

  function adapt(namespace: RedisNamespace): NamespaceState {
    const { credentials: c, switches: s, journal: j } = namespace
    /** Per API on first use, as the namespace makes them. */
    const accounts = new Map<string, AccountTable>()
    function table(api: string): AccountTable {
      let found = accounts.get(api)
      if (!found) {
        const a = namespace.accounts(api)
        found = {
          byId: (id) => guard(() => a.byId(id)),
          match: (fields, values) => guard(() => a.match(fields, values)),
          nextNumber: (field) => guard(() => a.nextNumber(field)),
          register: (fields, unique) => guard(() => a.register(fields, unique)),
        }
        accounts.set(api, found)
      }
      return found
    }
    return {
      begin: (operationId, read) => guard(() => namespace.begin(operationId, read)),
      credentials: {
        putAll: (credentials, now) => guard(() => c.putAll(credentials, now)),
        get: (api, value) => guard(() => c.get(api, value)),
        revokeFamily: (api, family, at) => guard(() => c.revokeFamily(api, family, at)),
        revokeSubject: (api, subject, at) => guard(() => c.revokeSubject(api, subject, at)),
        expire: (at) => guard(() => c.expire(at)),
        live: (now) => guard(() => c.live(now)),
      },
      accounts: table,
      switches: {
        add: (views) => guard(() => s.add(views)),
        list: () => guard(() => s.list()),
        clear: (operation) => guard(() => s.clear(operation)),
      },
      journal: {
        add: (at, api, request, response, durationMs) => {
          // The record without its id field ("1:0"): the script puts the id Redis gives in front.
          const rest = record(0, at, api, request, response, durationMs).slice(ID_PLACEHOLDER.length)
          j.add(rest)
        },
        async list(filter = {}) {
          const { operation, limit = options.journalSize } = filter
          const entries: JournalEntry[] = []
          for (const { id, text } of await guard(() => j.list())) {
            const entry = journalEntryOf(id, text)
            if (entry && (!operation || entry.operationId === operation || entry.api === operation)) entries.push(entry)
          }
          return limit <= 0 ? [] : entries.slice(-limit)
        },
      },
      offset: () => guard(() => namespace.offset()),
      setOffset: (ms) => guard(() => namespace.setOffset(ms)),
      reset: () => guard(() => namespace.reset()),
    }
  }

  return {
    client,
    namespace(namespaceName) {
      let found = namespaces.get(namespaceName)
      if (!found) {
        // Names past the bound are refused by BEGIN, in Redis; this cache only saves rebuilding closures, so it is bounded too.
        if (namespaces.size >= options.maxNamespaces * 2) namespaces.clear()
        found = adapt(createRedisNamespace(client, namespaceName, () => fixtures, settings))
        namespaces.set(namespaceName, found)
      }
      return found
    },
    // Family ids are compared across replicas: each replica's own prefix keeps two logins on two replicas apart.
    familyPrefix: `${randomBytes(6).toString('base64url')}.`,
    useFixtures(next) {
      fixtures = fixtureAccountsOf(next)
    },
    async close() {
      await client.quit().catch(() => client.disconnect())
    },
  }
}
