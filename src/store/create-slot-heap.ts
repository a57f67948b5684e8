/** A min-heap of (time, slot) pairs, in typed arrays. */
export interface SlotHeap {
  push(time: number, slot: number): void
  /** The smallest time held (Infinity when empty). */
  peekTime(): number
  /** The slot of the smallest time; -1 when empty. */
  peekSlot(): number
  pop(): void
  size(): number
  clear(): void
}

/**
 * The memory store's expiry queue: which slot expires first, in O(log n) per
 * push and pop, with no object per entry (two typed arrays that grow by
 * doubling). Deletion is lazy: the store does not remove an entry when its
 * slot is vacated or re-expired; it checks the slot when the entry reaches the
 * top, and rebuilds the heap when stale entries pile up.
 *
 * @example const heap = createSlotHeap(); heap.push(1000, 3); heap.peekSlot() // 3
 */
export function createSlotHeap(): SlotHeap {
  let times = new Float64Array(64)
  let slots = new Int32Array(64)
  let count = 0

  function swap(i: number, j: number): void {
    const t = times[i] as number
    times[i] = times[j] as number
    times[j] = t
    const s = slots[i] as number
    slots[i] = slots[j] as number
    slots[j] = s
  }

  return {
    push(time, slot) {
      if (count === times.length) {
        const wider = new Float64Array(count * 2)
        wider.set(times)
        times = wider
        const widerSlots = new Int32Array(count * 2)
        widerSlots.set(slots)
        slots = widerSlots
      }
      let i = count++
      times[i] = time
      slots[i] = slot
      while (i > 0) {
        const parent = (i - 1) >> 1
        if ((times[parent] as number) <= time) break
        swap(i, parent)
        i = parent
      }
    },
    peekTime: () => (count === 0 ? Infinity : times[0] as number),
    peekSlot: () => (count === 0 ? -1 : slots[0] as number),
    pop() {
      if (count === 0) return
      count--
      times[0] = times[count] as number
      slots[0] = slots[count] as number
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= count) break
        const right = left + 1
        const child = right < count && (times[right] as number) < (times[left] as number) ? right : left
        if ((times[i] as number) <= (times[child] as number)) break
        swap(i, child)
        i = child
      }
    },
    size: () => count,
    clear() { count = 0 },
  }
}
