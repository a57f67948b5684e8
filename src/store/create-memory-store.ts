import type { Credential, CredentialStore } from './credential-store.js'

export interface MemoryStoreOptions {
  /** Most credentials kept; past it the oldest is evicted (count). */
  maxCredentials: number
  /** Keep revoked and expired credentials this long, so a reuse can be told apart from a bogus value (ms). */
  graveyardMs?: number
  /** Slots the sweep looks at per put (count): the sweep's cost is spread over the puts, never a pause. */
  sweepStep?: number
}

interface ApiState {
  /** Credential value -> slot. */
  credentials: Map<string, number>
  /** Family -> one slot of it; the family's other slots are linked from there. */
  families: Map<string, number>
}

const FIRST_CAPACITY = 1024

/**
 * The default store, bounded. Credentials live in slots of a ring: parallel
 * arrays (typed arrays for the times), not one object each, and the ring is
 * the insertion order. So a credential costs its value string, a Map entry and
 * about 70 bytes of slots, and the garbage collector has almost nothing to
 * trace or move however many are kept: at 100,000 tokens the store is a few
 * objects, not hundreds of thousands. The ring grows by doubling up to
 * `maxCredentials`; once full, a put overwrites the oldest slot (that is the
 * eviction). A lookup is one Map get per API, whatever the number of tokens.
 *
 * A family's slots are linked in a cycle (`familyNext`), reached from one Map
 * entry per family; the members of one login are put one after another, so
 * the second is linked without a Map lookup. Dead credentials (expired or
 * revoked, and past `graveyardMs`, kept until then so the engine can answer
 * "revoked" or "expired" rather than "invalid") are swept a few slots per
 * put: no whole-store walk, so no latency spike. `get` and `live` hand out
 * fresh Credential objects; changing them changes nothing stored.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { graveyardMs = 3_600_000, sweepStep = 4 } = options
  const maxCredentials = Math.max(1, Math.floor(options.maxCredentials))
  const apis = new Map<string, ApiState>()

  // Slot fields. An empty slot has value undefined; NaN stands for "no time".
  let capacity = 0
  let values: Array<string | undefined> = []
  let apiOf: string[] = []
  let kinds: string[] = []
  let subjects: Array<string | undefined> = []
  let families: string[] = []
  let issuedAt = new Float64Array(0)
  let expiresAt = new Float64Array(0)
  let revokedAt = new Float64Array(0)
  let familyNext = new Int32Array(0)
  let next = 0
  let wrapped = false
  let last = -1
  let cursor = 0
  let size = 0

  function reset(): void {
    apis.clear()
    capacity = Math.min(FIRST_CAPACITY, maxCredentials)
    values = []
    apiOf = []
    kinds = []
    subjects = []
    families = []
    issuedAt = new Float64Array(capacity)
    expiresAt = new Float64Array(capacity)
    revokedAt = new Float64Array(capacity)
    familyNext = new Int32Array(capacity)
    next = 0
    wrapped = false
    last = -1
    cursor = 0
    size = 0
  }
  reset()

  function grow(): void {
    capacity = Math.min(capacity * 2, maxCredentials)
    const widen = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const wider = make(capacity)
      wider.set(old)
      return wider
    }
    issuedAt = widen(issuedAt, (n) => new Float64Array(n))
    expiresAt = widen(expiresAt, (n) => new Float64Array(n))
    revokedAt = widen(revokedAt, (n) => new Float64Array(n))
    familyNext = widen(familyNext, (n) => new Int32Array(n))
  }

  function stateOf(api: string): ApiState {
    let state = apis.get(api)
    if (!state) {
      state = { credentials: new Map(), families: new Map() }
      apis.set(api, state)
    }
    return state
  }

  function vacate(slot: number): void {
    const state = apis.get(apiOf[slot] as string) as ApiState
    state.credentials.delete(values[slot] as string)
    values[slot] = undefined
    size--
    const family = families[slot] as string
    const after = familyNext[slot] as number
    if (after === slot) {
      state.families.delete(family)
      return
    }
    let before = after
    while (familyNext[before] !== slot) before = familyNext[before] as number
    familyNext[before] = after
    state.families.set(family, after)
  }

  const timeOf = (ms: number): number | undefined => (Number.isNaN(ms) ? undefined : ms)

  function credentialAt(slot: number): Credential {
    return {
      api: apiOf[slot] as string,
      kind: kinds[slot] as string,
      value: values[slot] as string,
      family: families[slot] as string,
      subject: subjects[slot],
      issuedAt: issuedAt[slot] as number,
      expiresAt: timeOf(expiresAt[slot] as number),
      revokedAt: timeOf(revokedAt[slot] as number),
    }
  }

  function isLive(slot: number, now: number): boolean {
    return values[slot] !== undefined && Number.isNaN(revokedAt[slot]) && !((expiresAt[slot] as number) <= now)
  }

  function sweep(now: number): void {
    // Only written slots: before the ring first wraps, those below `next`.
    const written = wrapped ? capacity : next
    for (let i = 0; i < sweepStep; i++) {
      if (cursor >= written) cursor = 0
      const slot = cursor++
      if (values[slot] === undefined) continue
      // NaN (no time) never compares true, so a credential with neither time is never swept.
      const expires = expiresAt[slot] as number
      const revoked = revokedAt[slot] as number
      if (expires + graveyardMs <= now || revoked + graveyardMs <= now) vacate(slot)
    }
  }

  function revokeSlot(slot: number, at: number): number {
    if (!Number.isNaN(revokedAt[slot])) return 0
    revokedAt[slot] = at
    return 1
  }

  return {
    put(credential) {
      const state = stateOf(credential.api)
      const existing = state.credentials.get(credential.value)
      if (existing !== undefined) vacate(existing)
      if (next === capacity) {
        if (capacity < maxCredentials) grow()
        else {
          next = 0
          wrapped = true
        }
      }
      const slot = next++
      // Past the bound, the slot to write is the oldest credential's: evict it.
      if (values[slot] !== undefined) vacate(slot)
      values[slot] = credential.value
      apiOf[slot] = credential.api
      kinds[slot] = credential.kind
      subjects[slot] = credential.subject
      families[slot] = credential.family
      issuedAt[slot] = credential.issuedAt
      expiresAt[slot] = credential.expiresAt ?? NaN
      revokedAt[slot] = credential.revokedAt ?? NaN
      state.credentials.set(credential.value, slot)
      size++
      // Join the family's cycle: the slot put just before when it is the same family (one login), else the Map's.
      const sameAsLast = last !== -1 && values[last] !== undefined && families[last] === credential.family && apiOf[last] === credential.api
      const member = sameAsLast ? last : state.families.get(credential.family)
      if (member === undefined) {
        familyNext[slot] = slot
        state.families.set(credential.family, slot)
      } else {
        familyNext[slot] = familyNext[member] as number
        familyNext[member] = slot
      }
      last = slot
      sweep(credential.issuedAt)
    },
    get(api, value) {
      const slot = apis.get(api)?.credentials.get(value)
      return slot === undefined ? undefined : credentialAt(slot)
    },
    revokeFamily(api, family, at) {
      const first = apis.get(api)?.families.get(family)
      if (first === undefined) return 0
      let count = 0
      let slot = first
      do {
        count += revokeSlot(slot, at)
        slot = familyNext[slot] as number
      } while (slot !== first)
      return count
    },
    revokeSubject(api, subject, at) {
      let count = 0
      for (const slot of apis.get(api)?.credentials.values() ?? []) {
        if (subjects[slot] === subject) count += revokeSlot(slot, at)
      }
      return count
    },
    expire(at) {
      let count = 0
      for (let slot = 0; slot < capacity; slot++) {
        if (isLive(slot, at)) {
          expiresAt[slot] = at
          count++
        }
      }
      return count
    },
    live(now) {
      const out: Credential[] = []
      // Oldest first: once the ring has wrapped, the oldest slot is the next one to write.
      for (let i = 0; i < capacity; i++) {
        const slot = (next + i) % capacity
        if (isLive(slot, now)) out.push(credentialAt(slot))
      }
      return out
    },
    size: () => size,
    clear: reset,
  }
}
