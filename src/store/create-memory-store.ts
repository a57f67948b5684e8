import type { Credential, CredentialStore } from './credential-store.js'

export interface MemoryStoreOptions {
  /** Most credentials kept; past it the oldest is evicted (count). */
  maxCredentials: number
  /** Keep revoked and expired credentials this long, so a reuse can be told apart from a bogus value (ms). */
  graveyardMs?: number
  /** Queue slots the sweep looks at per put (count): the sweep's cost is spread over the puts, never a pause. */
  sweepStep?: number
}

interface ApiState {
  credentials: Map<string, Credential>
  families: Map<string, Credential[]>
}

/**
 * The default store, bounded. One Map per API keyed by the credential's own
 * value: a lookup is one Map get whatever the number of live tokens, and no
 * composite key string is built per credential.
 *
 * Insertion order is an array queue of the credentials themselves, not read
 * from the Map: V8 leaves deleted entries as holes at the front of a Map until
 * it rehashes, so "delete the first key" on a full Map scans the holes (it
 * made logins 20x slower at 100k credentials). Past `maxCredentials` the
 * oldest go. Dead credentials (expired or revoked, and past `graveyardMs`,
 * kept until then so the engine can answer "revoked" or "expired" rather than
 * "invalid") are swept a few queue slots per put: no whole-store walk, so no
 * latency spike.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { maxCredentials, graveyardMs = 3_600_000, sweepStep = 4 } = options
  const apis = new Map<string, ApiState>()
  let size = 0
  let order: Credential[] = []
  let head = 0
  let cursor = 0

  function stateOf(api: string): ApiState {
    let state = apis.get(api)
    if (!state) {
      state = { credentials: new Map(), families: new Map() }
      apis.set(api, state)
    }
    return state
  }

  const isStored = (c: Credential): boolean => apis.get(c.api)?.credentials.get(c.value) === c

  function drop(c: Credential): void {
    const state = apis.get(c.api)
    if (!state || state.credentials.get(c.value) !== c) return
    state.credentials.delete(c.value)
    size--
    const members = state.families.get(c.family)
    if (!members) return
    const rest = members.filter((m) => m !== c)
    if (rest.length === 0) state.families.delete(c.family)
    else state.families.set(c.family, rest)
  }

  function compact(): void {
    order = order.slice(head).filter(isStored)
    head = 0
    cursor = 0
  }

  function step(now: number): void {
    // Evict the oldest past the bound.
    while (size > maxCredentials && head < order.length) drop(order[head++] as Credential)
    // Sweep a few slots, round-robin over the queue.
    for (let i = 0; i < sweepStep && order.length > head; i++) {
      if (cursor < head || cursor >= order.length) cursor = head
      const c = order[cursor++] as Credential
      const deadAt = Math.min(c.expiresAt ?? Infinity, c.revokedAt ?? Infinity)
      if (deadAt + graveyardMs <= now) drop(c)
    }
    // The queue holds dropped slots too; keep it within twice the live count.
    if (order.length - head > 2 * size + 1024 || (head > 1024 && head * 2 > order.length)) compact()
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
      const state = stateOf(credential.api)
      const existing = state.credentials.get(credential.value)
      if (existing) drop(existing)
      state.credentials.set(credential.value, credential)
      size++
      order.push(credential)
      const members = state.families.get(credential.family)
      if (members) members.push(credential)
      else state.families.set(credential.family, [credential])
      step(credential.issuedAt)
    },
    get(api, value) {
      return apis.get(api)?.credentials.get(value)
    },
    revokeFamily(api, family, at) {
      return revoke(apis.get(api)?.families.get(family) ?? [], at)
    },
    revokeSubject(api, subject, at) {
      const owned: Credential[] = []
      for (const c of apis.get(api)?.credentials.values() ?? []) if (c.subject === subject) owned.push(c)
      return revoke(owned, at)
    },
    expire(at) {
      let count = 0
      for (const state of apis.values()) {
        for (const c of state.credentials.values()) {
          if (c.revokedAt === undefined && (c.expiresAt ?? Infinity) > at) {
            c.expiresAt = at
            count++
          }
        }
      }
      return count
    },
    live(now) {
      const out: Credential[] = []
      for (const state of apis.values()) {
        for (const c of state.credentials.values()) if (c.revokedAt === undefined && (c.expiresAt ?? Infinity) > now) out.push(c)
      }
      return out
    },
    size: () => size,
    clear() {
      apis.clear()
      size = 0
      order = []
      head = 0
      cursor = 0
    },
  }
}
