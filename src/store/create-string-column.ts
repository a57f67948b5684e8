/** One string per slot, kept as bytes in a typed array. */
export interface StringColumn {
  set(slot: number, value: string): void
  get(slot: number): string
  equals(slot: number, value: string): boolean
  /** Forgets the slot's string (only strings kept aside hold memory of their own). */
  clear(slot: number): void
  /** Room for this many slots; keeps what is there. */
  resize(slots: number): void
  /** Forgets every string. */
  reset(): void
}

/**
 * Strings of up to `width` ASCII characters are copied into a byte array, a
 * fixed `width` bytes per slot; longer or non-ASCII ones are kept aside in a
 * Map (tokens from the specs never are). Why bytes: a heap string stored in a
 * large array that lives in V8's old space makes every young-generation
 * collection slower in proportion to that array, and a token store writes a
 * new string on every login; measured on the stub server, scavenge pauses
 * went from about 0.7 ms to 1.5-2 ms at 100,000 tokens, which is what a p99
 * latency sees. Bytes in a typed array are nothing the collector looks at.
 *
 * @example const values = createStringColumn(64)
 */
export function createStringColumn(width: number): StringColumn {
  let bytes = new Uint8Array(0)
  /** Length per slot; width + 1 marks a string kept aside. */
  let lengths = new Uint8Array(0)
  const aside = new Map<number, string>()
  const ASIDE = width + 1

  function fits(value: string): boolean {
    if (value.length > width) return false
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 127) return false
    return true
  }

  return {
    set(slot, value) {
      if (lengths[slot] === ASIDE) aside.delete(slot)
      if (!fits(value)) {
        lengths[slot] = ASIDE
        aside.set(slot, value)
        return
      }
      const base = slot * width
      for (let i = 0; i < value.length; i++) bytes[base + i] = value.charCodeAt(i)
      lengths[slot] = value.length
    },
    get(slot) {
      const length = lengths[slot] as number
      if (length === ASIDE) return aside.get(slot) as string
      const base = slot * width
      return String.fromCharCode.apply(null, bytes.subarray(base, base + length) as unknown as number[])
    },
    equals(slot, value) {
      const length = lengths[slot] as number
      if (length === ASIDE) return aside.get(slot) === value
      if (length !== value.length) return false
      const base = slot * width
      for (let i = 0; i < length; i++) if (bytes[base + i] !== value.charCodeAt(i)) return false
      return true
    },
    clear(slot) {
      if (lengths[slot] === ASIDE) aside.delete(slot)
      lengths[slot] = 0
    },
    resize(slots) {
      const wider = new Uint8Array(slots * width)
      wider.set(bytes.subarray(0, Math.min(bytes.length, wider.length)))
      bytes = wider
      const longer = new Uint8Array(slots)
      longer.set(lengths.subarray(0, Math.min(lengths.length, slots)))
      lengths = longer
    },
    reset() {
      bytes = new Uint8Array(0)
      lengths = new Uint8Array(0)
      aside.clear()
    },
  }
}
