import { redactBody, redactHeaders, redactQuery, redactSetCookie, unparsedBody, utf8Length } from './redact.js'
import { serializeCookie } from './serialize-cookie.js'
import type { StubRequest, StubResponse } from './types.js'

/** One answered request as the journal shows it: secrets redacted. */
export interface JournalEntry {
  id: number
  /** ISO time on the mock's clock. */
  at: string
  api?: string | undefined
  operationId?: string | undefined
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body?: unknown
  status: number
  responseHeaders: Record<string, string | string[]>
  responseBody?: unknown
  /** The scenario, Prefer or fault that shaped the answer, if any. */
  shapedBy?: string | undefined
}

export interface Journal {
  add(at: number, api: string | undefined, request: StubRequest, response: StubResponse, shapedBy?: string): void
  /** Newest last; filtered by operationId or API name when given. */
  list(filter?: { operation?: string; limit?: number }): JournalEntry[]
  clear(): void
}

/**
 * Bodies are kept up to this many characters. A longer one is not kept at
 * all, only its size: cut, it could not be parsed, so its secrets could not
 * be found by position (a cut JSON body used to be shown raw, password and all).
 */
const BODY_LIMIT = 4096
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
    add(at, api, request, response, shapedBy) {
      const id = nextId++
      const text = record(id, at, api, request, response, shapedBy)
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

/** An entry as shown; throws an Unreadable if its bytes are not a whole record of that id. */
function show(id: number, text: string): JournalEntry {
  const read = reader(text)
  if (read() !== String(id)) throw new Unreadable('another entry\'s bytes')
  const [at, method, url, body, bodyBytes, api, operationId, shapedBy, status] = [read(), read(), read(), read(), read(), read(), read(), read(), read()]
  const headers = read.pairs()
  const rawResponseHeaders = read.pairs()
  const cookies = read.list()
  const responseBody = read()
  const responseBodyBytes = read()
  read.end()
  const time = Number(at)
  if (method === undefined || url === undefined || status === undefined || !(Math.abs(time) <= MAX_TIME)) throw new Unreadable('not a record')
  const responseHeaders: Record<string, string | string[]> = redactHeaders(rawResponseHeaders)
  if (cookies.length > 0) responseHeaders['set-cookie'] = cookies.map(redactSetCookie)
  const target = splitTarget(url)
  const shown = (text: string | undefined, bytes: string | undefined, type: string | undefined): unknown =>
    bytes !== undefined ? unparsedBody(Number(bytes), type) : redactBody(text, type)
  return {
    id,
    at: new Date(time).toISOString(),
    api,
    operationId,
    method,
    path: target.path,
    query: redactQuery(target.query),
    headers: redactHeaders(headers),
    body: shown(body, bodyBytes, headers['content-type']),
    status: Number(status),
    responseHeaders,
    responseBody: shown(responseBody, responseBodyBytes, rawResponseHeaders['content-type']),
    ...(shapedBy !== undefined && { shapedBy }),
  }
}

/**
 * An exchange as the journal keeps it (one string of fields, id first) and
 * back, for a journal kept elsewhere (the Redis stream of a shared store):
 * the same format, so the same redaction on read.
 */
export const journalRecord = (id: number, at: number, api: string | undefined, request: StubRequest, response: StubResponse, shapedBy: string | undefined): string =>
  record(id, at, api, request, response, shapedBy)

/** The entry a record shows, redacted; undefined when the text is not a whole record of that id. */
export function journalEntryOf(id: number, text: string): JournalEntry | undefined {
  try {
    return show(id, text)
  } catch (error) {
    if (error instanceof Unreadable) return undefined
    throw error
  }
}

const ABSENT = '-'

/** One field: its length in UTF-16 units, ":", the text; ABSENT alone for undefined. */
function field(text: string | undefined): string {
  return text === undefined ? ABSENT : `${text.length}:${text}`
}

const tooLong = (body: string | undefined): body is string => body !== undefined && body.length > BODY_LIMIT
/** The body when it is kept, else nothing: its size goes in the next field. */
const kept = (body: string | undefined): string | undefined => (tooLong(body) ? undefined : body)
/** The UTF-8 size of a body too long to keep. */
const size = (body: string | undefined): string | undefined => (tooLong(body) ? String(utf8Length(body)) : undefined)

/**
 * The path and raw query of a request URL (absolute, or a path with query).
 * Read by hand, not with `new URL`, so a Host the URL parser refuses
 * (`256.256.256.256`) cannot make the journal unreadable.
 */
function splitTarget(url: string): { path: string; query: string } {
  const authority = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(url)?.[0].length ?? 0
  const rest = url.slice(authority)
  const hash = rest.indexOf('#')
  const target = hash === -1 ? rest : rest.slice(0, hash)
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  return { path: path === '' ? '/' : path, query: q === -1 ? '' : target.slice(q + 1) }
}

/** An exchange as one string of fields (read back by `reader`), its id first. */
function record(id: number, at: number, api: string | undefined, request: StubRequest, response: StubResponse, shapedBy: string | undefined): string {
  let text = field(String(id)) + field(String(at)) + field(request.method) + field(request.url) + field(kept(request.body)) + field(size(request.body)) + field(api) +
    field(response.operationId) + field(shapedBy) + field(String(response.status))
  text += pairs(request.headers) + pairs(response.headers)
  text += field(String(response.cookies.length))
  for (const cookie of response.cookies) text += field(serializeCookie(cookie))
  return text + field(kept(response.body)) + field(size(response.body))
}

function pairs(headers: Readonly<Record<string, string | undefined>>): string {
  let text = ''
  let n = 0
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    text += field(name) + field(value)
    n++
  }
  return field(String(n)) + text
}

/** Dates reach ±8.64e15 ms (ECMAScript's time value range); an entry's `at` outside is not a time. */
const MAX_TIME = 8.64e15

/** An entry's bytes are not a whole record: left out of the list. */
class Unreadable extends Error {}

interface Reader {
  (): string | undefined
  pairs(): Record<string, string>
  list(): string[]
  /** Throws unless every field has been read, to the entry's last character. */
  end(): void
}

/**
 * Reads the fields of one entry's text. Every read stays inside the text: a
 * length, a count or a separator that does not fit throws an Unreadable, so
 * bytes that are not a record cannot make it read, or loop, past the entry.
 */
function reader(text: string): Reader {
  let at = 0
  const read = ((): string | undefined => {
    if (text.startsWith(ABSENT, at)) {
      at += ABSENT.length
      return undefined
    }
    // A length is at most 10 digits (a string's length is below 2^30), then ":".
    const colon = text.indexOf(':', at)
    if (colon <= at || colon > at + 10 || !/^\d+$/.test(text.slice(at, colon))) throw new Unreadable(`no field at ${at}`)
    const length = Number(text.slice(at, colon))
    if (length > text.length - colon - 1) throw new Unreadable(`a field at ${at} longer than the entry`)
    at = colon + 1 + length
    return text.slice(colon + 1, at)
  }) as Reader
  /** A count of fields to come: each takes at least one character, so no more than are left. */
  const count = (): number => {
    const n = Number(read())
    if (!Number.isInteger(n) || n < 0 || n > text.length - at) throw new Unreadable(`no count at ${at}`)
    return n
  }
  const present = (): string => read() ?? ''
  read.pairs = () => {
    // No prototype: a header named "__proto__" is a header.
    const out = Object.create(null) as Record<string, string>
    for (let n = count(); n > 0; n--) {
      const name = present()
      out[name] = present()
    }
    return out
  }
  read.list = () => {
    const out: string[] = []
    for (let n = count(); n > 0; n--) out.push(present())
    return out
  }
  read.end = () => {
    if (at !== text.length) throw new Unreadable(`${text.length - at} characters after the last field`)
  }
  return read
}
