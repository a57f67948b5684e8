import type { Credential, CredentialStore } from './credential-store.js'
import { createEvictionOrder } from './create-eviction-order.js'
import { createSlotIndex, hashOf } from './create-slot-index.js'
import { createStringColumn } from './create-string-column.js'
import { createSubjectTable } from './create-subject-table.js'

export interface MemoryStoreOptions {
  /** Most credentials kept; past it a dead one is evicted, else the oldest live one (count). */
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
 * A slot's numbers, by offset: 1 if in use, hashes, interned names (-1: no subject), times (NaN: none), the next slot of its
 * family, the slots put just before and after it (-1: none).
 */
const [USED, VALUE_HASH, FAMILY_HASH, API, KIND, SUBJECT, ISSUED, EXPIRES, REVOKED, FAMILY_NEXT, OLDER, NEWER, STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const

/**
 * The default store, bounded. Credentials live in slots: a slot's numbers
 * side by side in one Float64Array, its value and family as bytes
 * (create-string-column.ts), not one object each, none of it on the JS heap.
 * The slots grow by doubling up to `maxCredentials`; lookups go through a
 * hash index in typed arrays (create-slot-index.ts).
 *
 * Measured reason (2026-12-01, `npm run bench -- --only=rss,tokens --ref
 * 061ef07 --compare plain-store`, against its plain form, objects in Maps with
 * the same bound and eviction order: tests/plain-credential-store.ts): RSS
 * after 1,000,000 logins 133 MB against 319 (the target is under 250), 244
 * bytes per live token against 402, 56 µs of CPU per login filling against 67.
 *
 * Once full, a put takes, in this order: a vacated slot; the slot of the
 * credential that expired first, else the one revoked first
 * (create-eviction-order.ts); and only when every credential is live, the
 * oldest one's (a list of slots in put order, `older`/`newer`).
 *
 * A family's slots are linked in a cycle (`familyNext`) from one index entry
 * per family; one login's members are put one after another, so the second
 * is linked without a lookup. Dead credentials past `graveyardMs` (kept until
 * then so the engine can answer "revoked" or "expired", not "invalid") are
 * swept a few slots per put: no whole-store walk, no latency spike. `get` and
 * `live` hand out fresh objects; changing them changes nothing stored.
 *
 * @example const store = createMemoryStore({ maxCredentials: 100_000 })
 */
export function createMemoryStore(options: MemoryStoreOptions): CredentialStore {
  const { graveyardMs = 3_600_000, sweepStep = 4 } = options
  const maxCredentials = Math.max(1, Math.floor(options.maxCredentials))

  // API names and kinds repeat: each slot keeps a number for them.
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

  // Subjects too, but counted and forgotten with their last credential.
  const subjects = createSubjectTable()

  // Slot fields: typed arrays and byte columns only, so the collector has nothing to trace here.
  let capacity = 0
  const values = createStringColumn(VALUE_WIDTH)
  const families = createStringColumn(FAMILY_WIDTH)
  // The numbers of a slot side by side (STRIDE per slot): a lookup reads one or two cache lines, not one per field.
  let fields = new Float64Array(0)
  /** Slots below `next` have been written; vacated ones wait in `free`. */
  let next = 0
  let free = new Int32Array(0)
  let freeCount = 0
  /** Put order, for evicting the oldest live credential and for `live()`: both ends of the `older`/`newer` list. */
  let oldest = -1
  let newest = -1
  let last = -1
  let cursor = 0
  let size = 0
  const eviction = createEvictionOrder({
    capacity: () => capacity,
    written: () => next,
    // Queue and heap entries go stale when their slot is vacated, reused or re-expired; these say whether one still holds.
    revokedAt: (slot) => (fields[slot * STRIDE + USED] === 1 ? fields[slot * STRIDE + REVOKED] as number : NaN),
    expiresAt: (slot) => (fields[slot * STRIDE + USED] === 1 ? fields[slot * STRIDE + EXPIRES] as number : NaN),
  })

  // Credential value -> slot, and family -> one slot of it (the rest are linked from there), per API.
  const byValue = createSlotIndex((slot, api, key) => fields[slot * STRIDE + API] === api && values.equals(slot, key))
  const byFamily = createSlotIndex((slot, api, key) => fields[slot * STRIDE + API] === api && families.equals(slot, key))

  function reset(): void {
    capacity = Math.min(FIRST_CAPACITY, maxCredentials)
    values.reset()
    families.reset()
    values.resize(capacity)
    families.resize(capacity)
    fields = new Float64Array(capacity * STRIDE)
    subjects.clear()
    free = new Int32Array(capacity)
    freeCount = 0
    byValue.clear()
    byFamily.clear()
    eviction.clear()
    next = 0
    oldest = -1
    newest = -1
    last = -1
    cursor = 0
    size = 0
  }
  reset()

  function grow(): void {
    capacity = Math.min(capacity * 2, maxCredentials)
    const wider = new Float64Array(capacity * STRIDE)
    wider.set(fields)
    fields = wider
    const widerFree = new Int32Array(capacity)
    widerFree.set(free)
    free = widerFree
    values.resize(capacity)
    families.resize(capacity)
    byValue.reserve(capacity)
  }

  function vacate(slot: number): void {
    // The next put may take this very slot: it must not link to the credential gone from it (its family's index entry goes below).
    if (slot === last) last = -1
    byValue.remove(fields[slot * STRIDE + VALUE_HASH] as number, slot)
    fields[slot * STRIDE + USED] = 0
    values.clear(slot)
    size--
    subjects.release(fields[slot * STRIDE + SUBJECT] as number)
    free[freeCount++] = slot
    const older = fields[slot * STRIDE + OLDER] as number
    const newer = fields[slot * STRIDE + NEWER] as number
    if (older === -1) oldest = newer
    else fields[older * STRIDE + NEWER] = newer
    if (newer === -1) newest = older
    else fields[newer * STRIDE + OLDER] = older
    const after = fields[slot * STRIDE + FAMILY_NEXT] as number
    if (after === slot) byFamily.remove(fields[slot * STRIDE + FAMILY_HASH] as number, slot)
    else {
      let before = after
      while (fields[before * STRIDE + FAMILY_NEXT] !== slot) before = fields[before * STRIDE + FAMILY_NEXT] as number
      fields[before * STRIDE + FAMILY_NEXT] = after
      byFamily.move(fields[slot * STRIDE + FAMILY_HASH] as number, slot, after)
    }
    families.clear(slot)
  }

  const timeOf = (ms: number): number | undefined => (Number.isNaN(ms) ? undefined : ms)

  /** A slot as a Credential; `value` when the caller has it already, to save reading it back. */
  function credentialAt(slot: number, value = values.get(slot)): Credential {
    const subject = fields[slot * STRIDE + SUBJECT] as number
    return {
      api: names[fields[slot * STRIDE + API] as number] as string,
      kind: names[fields[slot * STRIDE + KIND] as number] as string,
      value,
      family: families.get(slot),
      subject: subjects.name(subject),
      issuedAt: fields[slot * STRIDE + ISSUED] as number,
      expiresAt: timeOf(fields[slot * STRIDE + EXPIRES] as number),
      revokedAt: timeOf(fields[slot * STRIDE + REVOKED] as number),
    }
  }

  function isLive(slot: number, now: number): boolean {
    return fields[slot * STRIDE + USED] === 1 && Number.isNaN(fields[slot * STRIDE + REVOKED]) && !((fields[slot * STRIDE + EXPIRES] as number) <= now)
  }

  function sweep(now: number): void {
    for (let i = 0; i < sweepStep; i++) {
      if (cursor >= next) cursor = 0
      const slot = cursor++
      if (fields[slot * STRIDE + USED] === 0) continue
      // NaN (no time) never compares true, so a credential with neither time is never swept.
      const expires = fields[slot * STRIDE + EXPIRES] as number
      const revoked = fields[slot * STRIDE + REVOKED] as number
      if (expires + graveyardMs <= now || revoked + graveyardMs <= now) vacate(slot)
    }
  }

  function revokeSlot(slot: number, at: number): number {
    if (!Number.isNaN(fields[slot * STRIDE + REVOKED])) return 0
    fields[slot * STRIDE + REVOKED] = at
    eviction.revoked(slot)
    return 1
  }

  function takeSlot(now: number): number {
    if (freeCount > 0) return free[--freeCount] as number
    if (next === capacity && capacity < maxCredentials) grow()
    if (next < capacity) return next++
    const dead = eviction.take(now)
    vacate(dead === -1 ? oldest : dead)
    return free[--freeCount] as number
  }

  return {
    put(credential) {
      const api = idOf(credential.api)
      const valueHash = hashOf(api, credential.value)
      const familyHash = hashOf(api, credential.family)
      const existing = byValue.find(api, credential.value, valueHash)
      if (existing !== -1) vacate(existing)
      const slot = takeSlot(credential.issuedAt)
      fields[slot * STRIDE + USED] = 1
      values.set(slot, credential.value)
      families.set(slot, credential.family)
      fields[slot * STRIDE + VALUE_HASH] = valueHash
      fields[slot * STRIDE + FAMILY_HASH] = familyHash
      fields[slot * STRIDE + API] = api
      fields[slot * STRIDE + KIND] = idOf(credential.kind)
      fields[slot * STRIDE + SUBJECT] = subjects.hold(credential.subject)
      fields[slot * STRIDE + ISSUED] = credential.issuedAt
      fields[slot * STRIDE + EXPIRES] = credential.expiresAt ?? NaN
      fields[slot * STRIDE + REVOKED] = credential.revokedAt ?? NaN
      byValue.add(valueHash, slot)
      size++
      fields[slot * STRIDE + OLDER] = newest
      fields[slot * STRIDE + NEWER] = -1
      if (newest === -1) oldest = slot
      else fields[newest * STRIDE + NEWER] = slot
      newest = slot
      eviction.expires(slot)
      if (credential.revokedAt !== undefined) eviction.revoked(slot)
      // Join the family's cycle: the slot put just before when it is the same family (one login), else the index's.
      const sameAsLast = last !== -1 && fields[last * STRIDE + USED] === 1 && fields[last * STRIDE + API] === api && fields[last * STRIDE + FAMILY_HASH] === familyHash && families.equals(last, credential.family)
      const member = sameAsLast ? last : byFamily.find(api, credential.family, familyHash)
      if (member === -1) {
        fields[slot * STRIDE + FAMILY_NEXT] = slot
        byFamily.add(familyHash, slot)
      } else {
        fields[slot * STRIDE + FAMILY_NEXT] = fields[member * STRIDE + FAMILY_NEXT] as number
        fields[member * STRIDE + FAMILY_NEXT] = slot
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
        slot = fields[slot * STRIDE + FAMILY_NEXT] as number
      } while (slot !== first)
      return count
    },
    revokeSubject(api, subject, at) {
      const apiId = ids.get(api)
      const subjectId = subjects.idOf(subject)
      if (apiId === undefined || subjectId === undefined) return 0
      let count = 0
      for (let slot = 0; slot < capacity; slot++) {
        if (fields[slot * STRIDE + USED] === 1 && fields[slot * STRIDE + API] === apiId && fields[slot * STRIDE + SUBJECT] === subjectId) count += revokeSlot(slot, at)
      }
      return count
    },
    expire(at) {
      let count = 0
      for (let slot = 0; slot < capacity; slot++) {
        if (isLive(slot, at)) {
          fields[slot * STRIDE + EXPIRES] = at
          eviction.expires(slot)
          count++
        }
      }
      return count
    },
    live(now) {
      const out: Credential[] = []
      // Oldest first, in put order.
      for (let slot = oldest; slot !== -1; slot = fields[slot * STRIDE + NEWER] as number) {
        if (isLive(slot, now)) out.push(credentialAt(slot))
      }
      return out
    },
    size: () => size,
    clear: reset,
  }
}
