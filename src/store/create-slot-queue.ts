/** A first-in first-out queue of (time, slot) pairs, in typed arrays. */
export interface SlotQueue {
  push(time: number, slot: number): void
  /** The oldest entry's time (NaN when empty). */
  peekTime(): number
  /** The oldest entry's slot; -1 when empty. */
  peekSlot(): number
  /** Removes the oldest entry. */
  pop(): void
  size(): number
  /** Keeps only the entries `keep` accepts, in order. */
  filter(keep: (time: number, slot: number) => boolean): void
  clear(): void
}

/**
 * The memory store's queue of revoked slots, oldest revocation first, each
 * with the revocation time it was pushed for (a slot vacated and reused may
 * be revoked again: the time tells the entries apart). Two typed arrays with
 * a head and a tail: a push that finds the tail at the end moves what is left
 * to the front, or doubles the arrays when more than half full, so each push
 * is O(1) amortised and nothing is an object.
 *
 * @example const queue = createSlotQueue(); queue.push(1000, 4); queue.peekSlot() // 4
 */
export function createSlotQueue(): SlotQueue {
  let times = new Float64Array(64)
  let slots = new Int32Array(64)
  let head = 0
  let tail = 0

  return {
    push(time, slot) {
      if (tail === slots.length) {
        const held = tail - head
        if (held * 2 > slots.length) {
          const widerTimes = new Float64Array(slots.length * 2)
          widerTimes.set(times.subarray(head, tail))
          times = widerTimes
          const widerSlots = new Int32Array(slots.length * 2)
          widerSlots.set(slots.subarray(head, tail))
          slots = widerSlots
        } else {
          times.copyWithin(0, head, tail)
          slots.copyWithin(0, head, tail)
        }
        head = 0
        tail = held
      }
      times[tail] = time
      slots[tail++] = slot
    },
    peekTime: () => (head === tail ? NaN : times[head] as number),
    peekSlot: () => (head === tail ? -1 : slots[head] as number),
    pop() {
      if (head < tail) head++
    },
    size: () => tail - head,
    filter(keep) {
      let to = 0
      for (let i = head; i < tail; i++) {
        const time = times[i] as number
        const slot = slots[i] as number
        if (keep(time, slot)) {
          times[to] = time
          slots[to++] = slot
        }
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
