import { record, show, Unreadable, type JournalEntry } from './journal-record.js'
import { utf8Length } from './redact.js'
import type { StubRequest, StubResponse } from './types.js'

export type { JournalEntry } from './journal-record.js'

export interface Journal {
  /** What shaped the answer is read from `response.shapedBy`; `durationMs` is how long it took. */
  add(at: number, api: string | undefined, request: StubRequest, response: StubResponse, durationMs?: number): void
  /** Newest last; filtered by operationId or API name when given. */
  list(filter?: { operation?: string; limit?: number }): JournalEntry[]
  clear(): void
}

/** Bytes of journal per entry kept (the ring holds `size` entries of this size on average; big bodies mean fewer). */
const BYTES_PER_ENTRY = 4096

/**
 * A bounded journal of the last `size` exchanges, kept as UTF-8 bytes in a
 * ring buffer and redacted when read. Why bytes, not the request and response
 * objects: objects the journal keeps outlive a young-generation collection,
 * and on the stub server under load that made each of those pauses two to
 * three times longer (about 2.5 ms against 0.7 ms), which is what a p99
 * latency sees. An entry is one string built per request (short-lived) and
 * copied into the ring; nothing of it stays on the JS heap. A long session
 * never grows the mock's memory; large bodies (up to 4 KiB each; longer ones
 * are kept as their size only) mean fewer entries fit. Redacting on read keeps
 * the write, which every request pays, a copy; secrets are hidden by position
 * (redact.ts) when an entry is shown, and a body that cannot be parsed is
 * shown as its size and type only.
 *
 * Measured reason (2026-12-01, against plain records in an array ring, same
 * redaction; node --trace-gc on `authmock serve` under 8 s of login load,
 * two runs each): young-generation pauses of 0.56-0.60 ms median, 1.9-2.0 ms
 * at p90, against 1.27-1.38 and 3.7 ms, which is what a p99 latency sees. It
 * costs CPU: `node bench/engine-compare.mjs` puts the plain form 2-3 µs per
 * request cheaper (1.96 against 4.67 µs for a profile call in the engine).
 *
 * The ring: entries are written one after another; one that does not fit
 * before the end goes to the start, and the end it skips is given up with
 * whatever (oldest) entries were there. Live entries thus always run, oldest
 * to newest, circularly from the oldest's start to `writeAt`, so the bytes a
 * new entry takes are always the oldest entries', dropped in order. An entry
 * larger than the whole ring (only a tiny journal, or a request with a huge
 * URL or headers) is not kept; the entries before it stay. Reading is bounded
 * by each entry's length and checked (the id is the first field, the fields
 * must end where the entry does): an entry that cannot be read is left out
 * of the list, never an error.
 *
 * @example const journal = createJournal(500)
 */
export function createJournal(size: number): Journal {
  const capacity = Math.max(1, size)
  const bytes = new Uint8Array(capacity * BYTES_PER_ENTRY)
  const encoder = new TextEncoder()
  // ignoreBOM: a U+FEFF that starts an entry's text is data, not a mark to strip.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  // Entry records, oldest at `first`, in a circular array of `capacity`.
  const ids = new Float64Array(capacity)
  const starts = new Int32Array(capacity)
  const lengths = new Int32Array(capacity)
  let first = 0
  let count = 0
  let nextId = 1
  let writeAt = 0

  function dropOldest(): void {
    first = (first + 1) % capacity
    count--
  }

  /** Drops the oldest entries whose bytes overlap [from, to). */
  function freeRange(from: number, to: number): void {
    while (count > 0) {
      const start = starts[first] as number
      const end = start + (lengths[first] as number)
      if (end <= from || start >= to) return
      dropOldest()
    }
  }

  return {
    add(at, api, request, response, durationMs) {
      const id = nextId++
      const text = record(id, at, api, request, response, durationMs)
      // UTF-8 takes at most 3 bytes per UTF-16 unit: when the rest of the ring surely has room, no need to count first.
      const length = bytes.length - writeAt >= text.length * 3 ? undefined : utf8Length(text)
      // One larger than the whole ring is not kept (its bytes would overwrite themselves); the entries before it stay.
      if (length !== undefined && length > bytes.length) return
      if (length !== undefined && writeAt + length > bytes.length) {
        // To the start: the end skipped is given up, and with it the oldest entries there, before any younger one at the start is overwritten.
        freeRange(writeAt, bytes.length)
        writeAt = 0
      }
      const { written } = encoder.encodeInto(text, bytes.subarray(writeAt))
      freeRange(writeAt, writeAt + written)
      if (count === capacity) dropOldest()
      const slot = (first + count) % capacity
      ids[slot] = id
      starts[slot] = writeAt
      lengths[slot] = written
      count++
      writeAt += written
    },
    list(filter = {}) {
      const { operation, limit = capacity } = filter
      const out: JournalEntry[] = []
      for (let i = 0; i < count; i++) {
        const slot = (first + i) % capacity
        const start = starts[slot] as number
        let entry: JournalEntry
        try {
          entry = show(ids[slot] as number, decoder.decode(bytes.subarray(start, start + (lengths[slot] as number))))
        } catch (error) {
          // Never expected (the ring keeps whole entries), but one unreadable entry must not make the journal unreadable.
          if (error instanceof Unreadable) continue
          throw error
        }
        if (!operation || entry.operationId === operation || entry.api === operation) out.push(entry)
      }
      // slice(-0) is slice(0): a limit of 0 asks for nothing.
      return limit <= 0 ? [] : out.slice(-limit)
    },
    clear() {
      first = 0
      count = 0
      writeAt = 0
    },
  }
}
