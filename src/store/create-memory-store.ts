import type { Credential, CredentialStore } from './credential-store.js'
import { createSlotIndex, hashOf } from './create-slot-index.js'
import { createStringColumn } from './create-string-column.js'

export interface MemoryStoreOptions {
  /** Most credentials kept; past it the oldest is evicted (count). */
  maxCredentials: number
  /** Keep revoked and expired credentials this long, so a reuse can be told apart from a bogus value (ms). */
  graveyardMs?: number
  /** Slots the sweep looks at per put (count): the sweep's cost is spread over the puts, never a pause. */
  sweepStep?: number
}

const FIRST_CAPACITY = 1024
/** Bytes kept in place per value and per family id (the specs' tokens are at most 64 characters); longer ones are kept aside. */
const VALUE_WIDTH = 64
const FAMILY_WIDTH = 16

/**
 * The default store, bounded. Credentials live in slots of a ring: parallel
 * arrays (typed arrays for times and interned names), not one object each,
 * and the ring is the insertion order. A credential costs its value string
 * and about 90 bytes of slots and index, and the garbage collector has almost
 * nothing to trace or move however many are kept: at 100,000 tokens the
 * store is a dozen objects, not hundreds of thousands. The ring grows by
 * doubling up to `maxCredentials`; once full, a put overwrites the oldest
 * slot (that is the eviction). Lookups go through `createSlotIndex` (a hash
 * index in typed arrays): a few probes, whatever the number of tokens.
 *
 * A family's slots are linked in a cycle (`familyNext`), reached from one
 * index entry per family; the members of one login are put one after
 * another, so the second is linked without a lookup. Dead credentials
 * (expired or revoked, and past `graveyardMs`, kept until then so the engine
 * can answer "revoked" or "expired" rather than "invalid") are swept a few
 * slots per put: no whole-store walk, so no latency spike. `get` and `live`
 * hand out fresh Credential objects; changing them changes nothing stored.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { graveyardMs = 3_600_000, sweepStep = 4 } = options
  const maxCredentials = Math.max(1, Math.floor(options.maxCredentials))

  // API names, kinds and subjects repeat: each slot keeps a number for them.
  const names: string[] = []
  const ids = new Map<string, number>()
  const idOf = (name: string): number => {
    let id = ids.get(name)
    if (id === undefined) {
      id = names.push(name) - 1
      ids.set(name, id)
    }
    return id
  }

  // Slot fields: typed arrays and byte columns only, so the collector has nothing to trace here.
  // NaN stands for "no time", -1 for "no subject".
  let capacity = 0
  let used = new Uint8Array(0)
  const values = createStringColumn(VALUE_WIDTH)
  const families = createStringColumn(FAMILY_WIDTH)
  let valueHashes = new Int32Array(0)
  let familyHashes = new Int32Array(0)
  let apiIds = new Uint32Array(0)
  let kindIds = new Uint32Array(0)
  let subjectIds = new Int32Array(0)
  let issuedAt = new Float64Array(0)
  let expiresAt = new Float64Array(0)
  let revokedAt = new Float64Array(0)
  let familyNext = new Int32Array(0)
  let next = 0
  let wrapped = false
  let last = -1
  let cursor = 0
  let size = 0

  // Credential value -> slot, and family -> one slot of it (the rest are linked from there), per API.
  const byValue = createSlotIndex((slot, api, key) => apiIds[slot] === api && values.equals(slot, key))
  const byFamily = createSlotIndex((slot, api, key) => apiIds[slot] === api && families.equals(slot, key))

  function reset(): void {
    capacity = Math.min(FIRST_CAPACITY, maxCredentials)
    used = new Uint8Array(capacity)
    values.reset()
    families.reset()
    values.resize(capacity)
    families.resize(capacity)
    valueHashes = new Int32Array(capacity)
    familyHashes = new Int32Array(capacity)
    apiIds = new Uint32Array(capacity)
    kindIds = new Uint32Array(capacity)
    subjectIds = new Int32Array(capacity)
    issuedAt = new Float64Array(capacity)
    expiresAt = new Float64Array(capacity)
    revokedAt = new Float64Array(capacity)
    familyNext = new Int32Array(capacity)
    byValue.clear()
    byFamily.clear()
    next = 0
    wrapped = false
    last = -1
    cursor = 0
    size = 0
  }
  reset()

  function grow(): void {
    capacity = Math.min(capacity * 2, maxCredentials)
    const widen = <T extends Uint8Array | Float64Array | Int32Array | Uint32Array>(old: T, wider: T): T => {
      wider.set(old)
      return wider
    }
    used = widen(used, new Uint8Array(capacity))
    values.resize(capacity)
    families.resize(capacity)
    valueHashes = widen(valueHashes, new Int32Array(capacity))
    familyHashes = widen(familyHashes, new Int32Array(capacity))
    apiIds = widen(apiIds, new Uint32Array(capacity))
    kindIds = widen(kindIds, new Uint32Array(capacity))
    subjectIds = widen(subjectIds, new Int32Array(capacity))
    issuedAt = widen(issuedAt, new Float64Array(capacity))
    expiresAt = widen(expiresAt, new Float64Array(capacity))
    revokedAt = widen(revokedAt, new Float64Array(capacity))
    familyNext = widen(familyNext, new Int32Array(capacity))
    byValue.reserve(capacity)
  }

  function vacate(slot: number): void {
    byValue.remove(valueHashes[slot] as number, slot)
    used[slot] = 0
    values.clear(slot)
    size--
    const after = familyNext[slot] as number
    if (after === slot) byFamily.remove(familyHashes[slot] as number, slot)
    else {
      let before = after
      while (familyNext[before] !== slot) before = familyNext[before] as number
      familyNext[before] = after
      byFamily.move(familyHashes[slot] as number, slot, after)
    }
    families.clear(slot)
  }

  const timeOf = (ms: number): number | undefined => (Number.isNaN(ms) ? undefined : ms)

  /** A slot as a Credential; `value` when the caller has it already, to save reading it back. */
  function credentialAt(slot: number, value = values.get(slot)): Credential {
    const subject = subjectIds[slot] as number
    return {
      api: names[apiIds[slot] as number] as string,
      kind: names[kindIds[slot] as number] as string,
      value,
      family: families.get(slot),
      subject: subject === -1 ? undefined : names[subject],
      issuedAt: issuedAt[slot] as number,
      expiresAt: timeOf(expiresAt[slot] as number),
      revokedAt: timeOf(revokedAt[slot] as number),
    }
  }

  function isLive(slot: number, now: number): boolean {
    return used[slot] === 1 && Number.isNaN(revokedAt[slot]) && !((expiresAt[slot] as number) <= now)
  }

  function sweep(now: number): void {
    // Only written slots: before the ring first wraps, those below `next`.
    const written = wrapped ? capacity : next
    for (let i = 0; i < sweepStep; i++) {
      if (cursor >= written) cursor = 0
      const slot = cursor++
      if (used[slot] === 0) continue
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
      const api = idOf(credential.api)
      const existing = byValue.find(api, credential.value)
      if (existing !== -1) vacate(existing)
      if (next === capacity) {
        if (capacity < maxCredentials) grow()
        else {
          next = 0
          wrapped = true
        }
      }
      const slot = next++
      // Past the bound, the slot to write is the oldest credential's: evict it.
      if (used[slot] === 1) vacate(slot)
      used[slot] = 1
      values.set(slot, credential.value)
      families.set(slot, credential.family)
      valueHashes[slot] = hashOf(api, credential.value)
      familyHashes[slot] = hashOf(api, credential.family)
      apiIds[slot] = api
      kindIds[slot] = idOf(credential.kind)
      subjectIds[slot] = credential.subject === undefined ? -1 : idOf(credential.subject)
      issuedAt[slot] = credential.issuedAt
      expiresAt[slot] = credential.expiresAt ?? NaN
      revokedAt[slot] = credential.revokedAt ?? NaN
      byValue.add(valueHashes[slot] as number, slot)
      size++
      // Join the family's cycle: the slot put just before when it is the same family (one login), else the index's.
      const sameAsLast = last !== -1 && used[last] === 1 && apiIds[last] === api && familyHashes[last] === familyHashes[slot] && families.equals(last, credential.family)
      const member = sameAsLast ? last : byFamily.find(api, credential.family)
      if (member === -1) {
        familyNext[slot] = slot
        byFamily.add(familyHashes[slot] as number, slot)
      } else {
        familyNext[slot] = familyNext[member] as number
        familyNext[member] = slot
      }
      last = slot
      sweep(credential.issuedAt)
    },
    get(api, value) {
      const id = ids.get(api)
      const slot = id === undefined ? -1 : byValue.find(id, value)
      return slot === -1 ? undefined : credentialAt(slot, value)
    },
    revokeFamily(api, family, at) {
      const id = ids.get(api)
      const first = id === undefined ? -1 : byFamily.find(id, family)
      if (first === -1) return 0
      let count = 0
      let slot = first
      do {
        count += revokeSlot(slot, at)
        slot = familyNext[slot] as number
      } while (slot !== first)
      return count
    },
    revokeSubject(api, subject, at) {
      const apiId = ids.get(api)
      const subjectId = ids.get(subject)
      if (apiId === undefined || subjectId === undefined) return 0
      let count = 0
      for (let slot = 0; slot < capacity; slot++) {
        if (used[slot] === 1 && apiIds[slot] === apiId && subjectIds[slot] === subjectId) count += revokeSlot(slot, at)
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
