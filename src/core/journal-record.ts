import { redactBody, redactHeaders, redactQuery, redactSetCookie, unparsedBody, utf8Length } from './redact.js'
import { serializeCookie } from './serialize-cookie.js'
import type { StubRequest, StubResponse } from './types.js'

/**
 * The journal's record format: an exchange as one string of length-prefixed
 * fields, and back as a redacted entry. One format for the in-memory byte
 * ring (create-journal.ts) and the Redis stream of a shared store, so both
 * redact alike, on read.
 */

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
  /** How long the mock took to answer, a delay fault included (ms, real time, not the mock's clock). */
  durationMs?: number | undefined
}

/**
 * Bodies are kept up to this many characters. A longer one is not kept at
 * all, only its size: cut, it could not be parsed, so its secrets could not
 * be found by position (a cut JSON body used to be shown raw, password and all).
 */
const BODY_LIMIT = 4096
/** An entry as shown; throws an Unreadable if its bytes are not a whole record of that id. */
export function show(id: number, text: string): JournalEntry {
  const read = reader(text)
  if (read() !== String(id)) throw new Unreadable('another entry\'s bytes')
  const [at, method, url, body, bodyBytes, api, operationId, shapedBy, status] = [read(), read(), read(), read(), read(), read(), read(), read(), read()]
  const headers = read.pairs()
  const rawResponseHeaders = read.pairs()
  const cookies = read.list()
  const responseBody = read()
  const responseBodyBytes = read()
  // Whole microseconds: an integer prints faster than a fraction, on every request.
  // Records written before durations were kept (a shared store's older stream) end here.
  const micros = read.more() ? Number(read()) : Number.NaN
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
    ...(Number.isInteger(micros) && { durationMs: micros / 1000 }),
  }
}

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
export function record(id: number, at: number, api: string | undefined, request: StubRequest, response: StubResponse, durationMs?: number): string {
  let text = field(String(id)) + field(String(at)) + field(request.method) + field(request.url) + field(kept(request.body)) + field(size(request.body)) + field(api) +
    field(response.operationId) + field(response.shapedBy) + field(String(response.status))
  text += pairs(request.headers) + pairs(response.headers)
  text += field(String(response.cookies.length))
  for (const cookie of response.cookies) text += field(serializeCookie(cookie))
  return text + field(kept(response.body)) + field(size(response.body)) + field(durationMs === undefined ? undefined : String(Math.round(durationMs * 1000)))
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
export class Unreadable extends Error {}

interface Reader {
  (): string | undefined
  pairs(): Record<string, string>
  list(): string[]
  /** Whether a field is left to read. */
  more(): boolean
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
  read.more = () => at < text.length
  read.end = () => {
    if (at !== text.length) throw new Unreadable(`${text.length - at} characters after the last field`)
  }
  return read
}
