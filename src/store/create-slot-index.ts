/** Finds ring slots by a string key within a group (an interned API name). */
export interface SlotIndex {
  /** The slot holding `key` in `group`, or -1; `hash` when the caller has `hashOf(group, key)` already. */
  find(group: number, key: string, hash?: number): number
  /** Indexes `slot` under `hash`, which is `hashOf(group, key)` of its key. */
  add(hash: number, slot: number): void
  remove(hash: number, slot: number): void
  /** The entry for `slot` now names `to` (same group and key, so the same hash). */
  move(hash: number, slot: number, to: number): void
  /** Room for this many entries; keeps what is there. */
  reserve(entries: number): void
  clear(): void
}

/** FNV-1a over the key's UTF-16 code units, seeded by the group. */
export function hashOf(group: number, key: string): number {
  let h = (0x811c9dc5 ^ Math.imul(group + 1, 0x9e3779b1)) | 0
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h
}

/**
 * A hash index from (group, key) to slot in one typed array, open addressing
 * with linear probing, at most half full. Why not a Map: a Map of 100,000
 * token strings is a large heap table the garbage collector traces and that
 * V8 rebuilds as deleted entries pile up under steady eviction; this index is
 * off the JS heap, never rebuilt once sized, and a removal (by slot and the
 * hash the store kept) never reads a key. Keys are compared by `matches`,
 * against the store's own slot columns, so the index holds no strings.
 *
 * @example const index = createSlotIndex((slot, group, key) => groups[slot] === group && values[slot] === key)
 */
export function createSlotIndex(matches: (slot: number, group: number, key: string) => boolean): SlotIndex {
  let mask = 0
  // Per position, side by side so one probe is one cache line: slot + 1 (0 is an empty position), then the key's hash.
  let table = new Int32Array(0)
  let count = 0

  function allocate(entries: number): void {
    let size = 16
    while (size < entries * 2) size *= 2
    const old = table
    table = new Int32Array(size * 2)
    mask = size - 1
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0) place(old[i + 1] as number, old[i] as number)
    }
  }

  function place(hash: number, stored: number): void {
    let i = hash & mask
    while (table[2 * i] !== 0) i = (i + 1) & mask
    table[2 * i] = stored
    table[2 * i + 1] = hash
  }

  /** The position holding `slot`, found from its key's hash without comparing keys. */
  function positionOf(hash: number, slot: number): number {
    let i = hash & mask
    for (;;) {
      const stored = table[2 * i] as number
      if (stored === 0) return -1
      if (stored === slot + 1) return i
      i = (i + 1) & mask
    }
  }

  allocate(0)

  return {
    find(group, key, hash = hashOf(group, key)) {
      let i = hash & mask
      for (;;) {
        const stored = table[2 * i] as number
        if (stored === 0) return -1
        if (table[2 * i + 1] === hash && matches(stored - 1, group, key)) return stored - 1
        i = (i + 1) & mask
      }
    },
    add(hash, slot) {
      if ((count + 1) * 2 > mask + 1) allocate(count + 1)
      place(hash, slot + 1)
      count++
    },
    remove(hash, slot) {
      let hole = positionOf(hash, slot)
      if (hole === -1) return
      count--
      // Backward-shift deletion: pull later entries of the probe run into the hole, so no tombstones pile up.
      let i = hole
      for (;;) {
        i = (i + 1) & mask
        const stored = table[2 * i] as number
        if (stored === 0) break
        const home = (table[2 * i + 1] as number) & mask
        // Move the entry unless its home lies cyclically in (hole, i].
        if (((i - home) & mask) >= ((i - hole) & mask)) {
          table[2 * hole] = stored
          table[2 * hole + 1] = table[2 * i + 1] as number
          hole = i
        }
      }
      table[2 * hole] = 0
    },
    move(hash, slot, to) {
      const i = positionOf(hash, slot)
      if (i !== -1) table[2 * i] = to + 1
    },
    reserve(entries) {
      if (entries * 2 > mask + 1) allocate(entries)
    },
    clear() {
      table = new Int32Array(0)
      count = 0
      allocate(0)
    },
  }
}
