import type { Credential, CredentialStore } from './credential-store.js'

export interface MemoryStoreOptions {
  /** Most credentials kept; past it the oldest is evicted (count). */
  maxCredentials: number
  /** Sweep expired credentials after this many puts (count). */
  sweepEvery?: number
  /** Keep revoked and expired credentials this long, so a reuse can be told apart from a bogus value (ms). */
  graveyardMs?: number
}

/**
 * The default store, bounded. Lookups are one Map get whatever the number of
 * live tokens. Insertion order is kept in an array queue, not read from the
 * Map: V8 leaves deleted entries as holes at the front of a Map until it
 * rehashes, so "delete the first key" on a full Map costs a scan of the holes
 * (it made a login 20x slower at 100k credentials). Expired and revoked
 * entries stay for `graveyardMs` (default 1 h) so the engine can answer
 * "revoked" or "expired" rather than "invalid", then a periodic sweep drops them.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { maxCredentials, sweepEvery = 4096, graveyardMs = 3_600_000 } = options
  const credentials = new Map<string, Credential>()
  const families = new Map<string, Credential[]>()
  let order: string[] = []
  let head = 0
  let puts = 0

  const keyOf = (api: string, value: string): string => `${api}\u0000${value}`

  function drop(key: string): void {
    const c = credentials.get(key)
    if (!c) return
    credentials.delete(key)
    const familyKey = keyOf(c.api, c.family)
    const members = families.get(familyKey)
    if (!members) return
    const rest = members.filter((m) => m !== c)
    if (rest.length === 0) families.delete(familyKey)
    else families.set(familyKey, rest)
  }

  function sweep(now: number): void {
    for (const [key, c] of credentials) {
      const deadAt = Math.min(c.expiresAt ?? Infinity, c.revokedAt ?? Infinity)
      if (deadAt + graveyardMs <= now) drop(key)
    }
  }

  function evictOldest(): void {
    while (head < order.length && credentials.size > maxCredentials) drop(order[head++] as string)
    // Compact the queue once its consumed front is most of it.
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head).filter((key) => credentials.has(key))
      head = 0
    }
  }

  function revoke(list: Iterable<Credential>, at: number): number {
    let count = 0
    for (const c of list) {
      if (c.revokedAt === undefined) {
        c.revokedAt = at
        count++
      }
    }
    return count
  }

  return {
    put(credential) {
      const key = keyOf(credential.api, credential.value)
      if (credentials.has(key)) drop(key)
      credentials.set(key, credential)
      order.push(key)
      const familyKey = keyOf(credential.api, credential.family)
      const members = families.get(familyKey)
      if (members) members.push(credential)
      else families.set(familyKey, [credential])
      if (credentials.size > maxCredentials) evictOldest()
      if (++puts % sweepEvery === 0) sweep(credential.issuedAt)
    },
    get(api, value) {
      return credentials.get(keyOf(api, value))
    },
    revokeFamily(api, family, at) {
      return revoke(families.get(keyOf(api, family)) ?? [], at)
    },
    revokeSubject(api, subject, at) {
      const owned: Credential[] = []
      for (const c of credentials.values()) if (c.api === api && c.subject === subject) owned.push(c)
      return revoke(owned, at)
    },
    expire(at) {
      let count = 0
      for (const c of credentials.values()) {
        if (c.revokedAt === undefined && (c.expiresAt ?? Infinity) > at) {
          c.expiresAt = at
          count++
        }
      }
      return count
    },
    live(now) {
      return [...credentials.values()].filter((c) => c.revokedAt === undefined && (c.expiresAt ?? Infinity) > now)
    },
    size: () => credentials.size,
    clear() {
      credentials.clear()
      families.clear()
      order = []
      head = 0
      puts = 0
    },
  }
}
