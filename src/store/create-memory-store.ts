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
 * The default store: two Maps, bounded. A Map keeps insertion order, so the
 * oldest credential is always the first key: eviction is O(1). Lookups are O(1)
 * whatever the number of live tokens. Expired and revoked entries stay for
 * `graveyardMs` (default 1 h) so the engine can answer "revoked" or "expired"
 * rather than "invalid", then a periodic sweep drops them.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { maxCredentials, sweepEvery = 4096, graveyardMs = 3_600_000 } = options
  const credentials = new Map<string, Credential>()
  const families = new Map<string, string[]>()
  let puts = 0

  const keyOf = (api: string, value: string): string => `${api}\u0000${value}`

  function sweep(now: number): void {
    for (const [key, c] of credentials) {
      const deadAt = Math.min(c.expiresAt ?? Infinity, c.revokedAt ?? Infinity)
      if (deadAt + graveyardMs <= now) credentials.delete(key)
    }
    for (const [family, keys] of families) {
      if (!keys.some((k) => credentials.has(k))) families.delete(family)
    }
  }

  function evictOldest(): void {
    const oldest = credentials.keys().next()
    if (!oldest.done) credentials.delete(oldest.value)
    if (families.size > maxCredentials) {
      const family = families.keys().next()
      if (!family.done) families.delete(family.value)
    }
  }

  function revoke(keys: Iterable<string>, at: number): number {
    let count = 0
    for (const key of keys) {
      const c = credentials.get(key)
      if (c && c.revokedAt === undefined) {
        c.revokedAt = at
        count++
      }
    }
    return count
  }

  return {
    put(credential) {
      const key = keyOf(credential.api, credential.value)
      credentials.set(key, credential)
      const familyKey = keyOf(credential.api, credential.family)
      const members = families.get(familyKey)
      if (members) members.push(key)
      else families.set(familyKey, [key])
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
      const keys: string[] = []
      for (const [key, c] of credentials) if (c.api === api && c.subject === subject) keys.push(key)
      return revoke(keys, at)
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
      puts = 0
    },
  }
}
