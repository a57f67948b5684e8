/** A first-in first-out queue of slot numbers, in one typed array. */
export interface SlotQueue {
  push(slot: number): void
  /** The oldest slot, removed; -1 when empty. */
  shift(): number
  size(): number
  /** Keeps only the slots `keep` accepts, in order. */
  filter(keep: (slot: number) => boolean): void
  clear(): void
}

/**
 * The memory store's queue of revoked slots, oldest revocation first. An
 * Int32Array with a head and a tail: a push that finds the tail at the end
 * moves what is left to the front, or doubles the array when it is more than
 * half full, so each push is O(1) amortised and nothing is an object.
 *
 * @example const queue = createSlotQueue(); queue.push(4); queue.shift() // 4
 */
export function createSlotQueue(): SlotQueue {
  let items = new Int32Array(64)
  let head = 0
  let tail = 0

  return {
    push(slot) {
      if (tail === items.length) {
        const held = tail - head
        if (held * 2 > items.length) {
          const wider = new Int32Array(items.length * 2)
          wider.set(items.subarray(head, tail))
          items = wider
        } else items.copyWithin(0, head, tail)
        head = 0
        tail = held
      }
      items[tail++] = slot
    },
    shift: () => (head === tail ? -1 : items[head++] as number),
    size: () => tail - head,
    filter(keep) {
      let to = 0
      for (let i = head; i < tail; i++) {
        const slot = items[i] as number
        if (keep(slot)) items[to++] = slot
      }
      head = 0
      tail = to
    },
    clear() {
      head = 0
      tail = 0
    },
  }
}
