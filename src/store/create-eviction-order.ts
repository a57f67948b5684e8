import { createSlotHeap } from './create-slot-heap.js'
import { createSlotQueue } from './create-slot-queue.js'

/** What the eviction order reads of the store's slots. */
export interface SlotView {
  /** Slots allocated (count); heap and queue are rebuilt past twice this many entries. */
  capacity(): number
  /** Slots below this have been written. */
  written(): number
  /** The revocation time of a slot in use; NaN when not revoked or when the slot is free. */
  revokedAt(slot: number): number
  /** The expiry time of a slot in use; NaN when none or when the slot is free. */
  expiresAt(slot: number): number
}

/** Which dead slot a full store reuses first. */
export interface EvictionOrder {
  /** The slot was revoked (once per credential): its time is now what `view.revokedAt` gives. */
  revoked(slot: number): void
  /** The slot's expiry time is now what `view.expiresAt` gives. */
  expires(slot: number): void
  /** The slot of the credential that expired first by `now`, else the one revoked first; -1 when none is dead. */
  take(now: number): number
  clear(): void
}

/**
 * The memory store's eviction order once it is full: the credential that
 * expired first (a min-heap on expiry), else the one revoked first (a queue
 * pushed on revoke); the store falls back to its oldest live one. Evicting in
 * put order alone refused a token issued at t=0 and never logged out after 15 s
 * of login/logout traffic, with almost every slot revoked (issue 10, item 10).
 * Heap and queue delete lazily: an entry holds while its slot still has the
 * time the entry was pushed for, checked when it comes out (a slot vacated
 * and reused keeps its old entries: checking only "is it expired now" evicted
 * a credential that expired later than another, found by the property test
 * against the plain form), and both are rebuilt from the slots when stale entries
 * outnumber the slots twice over, so a put stays O(1) amortised (O(log n) for
 * the heap).
 *
 * @example const order = createEvictionOrder(view); order.revoked(3); order.take(now) // 3
 */
export function createEvictionOrder(view: SlotView): EvictionOrder {
  const expiries = createSlotHeap()
  const revocations = createSlotQueue()
  return {
    revoked(slot) {
      const at = view.revokedAt(slot)
      if (Number.isNaN(at)) return
      // A slot is revoked once per credential, so past 2x the slots most entries are stale: keep the ones that hold, once each.
      if (revocations.size() >= 2 * view.capacity()) {
        const seen = new Uint8Array(view.capacity())
        revocations.filter((time, s) => {
          if (view.revokedAt(s) !== time || seen[s] === 1) return false
          seen[s] = 1
          return true
        })
      }
      revocations.push(at, slot)
    },
    expires(slot) {
      const at = view.expiresAt(slot)
      if (Number.isNaN(at)) return
      if (expiries.size() >= 2 * view.capacity()) {
        // Mostly stale entries (vacated slots, "expire all"): rebuild from the slots, one entry each.
        expiries.clear()
        for (let s = 0; s < view.written(); s++) if (s !== slot && !Number.isNaN(view.expiresAt(s))) expiries.push(view.expiresAt(s), s)
      }
      expiries.push(at, slot)
    },
    take(now) {
      while (expiries.peekTime() <= now) {
        const time = expiries.peekTime()
        const slot = expiries.peekSlot()
        expiries.pop()
        if (view.expiresAt(slot) === time) return slot
      }
      while (revocations.size() > 0) {
        const time = revocations.peekTime()
        const slot = revocations.peekSlot()
        revocations.pop()
        if (view.revokedAt(slot) === time) return slot
      }
      return -1
    },
    clear() {
      expiries.clear()
      revocations.clear()
    },
  }
}
