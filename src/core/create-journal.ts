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
 * @example const journal = createJournal(500)
 */
export function createJournal(size: number): Journal {
  const capacity = Math.max(1, size)
  const bytes = new Uint8Array(capacity * BYTES_PER_ENTRY)
  const encoder = new TextEncoder()
  const decoder = new TextDecoder()
  let scratch = new Uint8Array(BYTES_PER_ENTRY)
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

  function show(id: number, text: string): JournalEntry {
    const read = reader(text)
    const [at, method, url, body, bodyBytes, api, operationId, shapedBy, status] = [read(), read(), read(), read(), read(), read(), read(), read(), read()]
    const headers = read.pairs()
    const rawResponseHeaders = read.pairs()
    const responseHeaders: Record<string, string | string[]> = redactHeaders(rawResponseHeaders)
    const cookies = read.list()
    const responseBody = read()
    const responseBodyBytes = read()
    if (cookies.length > 0) responseHeaders['set-cookie'] = cookies.map(redactSetCookie)
    const target = splitTarget(url as string)
    const shown = (text: string | undefined, bytes: string | undefined, type: string | undefined): unknown =>
      bytes !== undefined ? unparsedBody(Number(bytes), type) : redactBody(text, type)
    return {
      id,
      at: new Date(Number(at)).toISOString(),
      api,
      operationId,
      method: method as string,
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

  return {
    add(at, api, request, response, shapedBy) {
      const id = nextId++
      const text = record(at, api, request, response, shapedBy)
      // Encoded aside first (UTF-8 takes at most 3 bytes per UTF-16 unit) to learn its size; one that could not fit the ring is not kept.
      if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3)
      const { written } = encoder.encodeInto(text, scratch)
      if (written > bytes.length) return
      if (writeAt + written > bytes.length) writeAt = 0
      freeRange(writeAt, writeAt + written)
      if (count === capacity) dropOldest()
      bytes.set(scratch.subarray(0, written), writeAt)
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
        const entry = show(ids[slot] as number, decoder.decode(bytes.subarray(start, start + (lengths[slot] as number))))
        if (!operation || entry.operationId === operation || entry.api === operation) out.push(entry)
      }
      return out.slice(-Math.max(0, limit))
    },
    clear() {
      first = 0
      count = 0
      writeAt = 0
    },
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

/** An exchange as one string of fields (read back by `reader`). */
function record(at: number, api: string | undefined, request: StubRequest, response: StubResponse, shapedBy: string | undefined): string {
  let text = field(String(at)) + field(request.method) + field(request.url) + field(kept(request.body)) + field(size(request.body)) + field(api) +
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

interface Reader {
  (): string | undefined
  pairs(): Record<string, string>
  list(): string[]
}

function reader(text: string): Reader {
  let at = 0
  const read = ((): string | undefined => {
    if (text.startsWith(ABSENT, at)) {
      at += ABSENT.length
      return undefined
    }
    const colon = text.indexOf(':', at)
    const length = Number(text.slice(at, colon))
    const value = text.slice(colon + 1, colon + 1 + length)
    at = colon + 1 + length
    return value
  }) as Reader
  read.pairs = () => {
    const out: Record<string, string> = {}
    for (let n = Number(read()); n > 0; n--) {
      const name = read() as string
      out[name] = read() as string
    }
    return out
  }
  read.list = () => {
    const out: string[] = []
    for (let n = Number(read()); n > 0; n--) out.push(read() as string)
    return out
  }
  return read
}
