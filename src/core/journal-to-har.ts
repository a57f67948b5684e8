import type { JournalEntry } from './journal-record.js'
import { isJsonType, mediaType } from './media-type.js'
import { utf8Length } from './redact.js'

/**
 * The request journal as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/,
 * the format browser devtools, Charles, Fiddler and HAR viewers read), so a
 * QA engineer can open what the front end sent in the tools they know.
 *
 * Built from the journal's entries as shown, never from the raw exchange:
 * every header, query value, cookie and body is exactly as redacted as in
 * GET /__mock/requests (redact.ts), and nothing is redacted here a second
 * time. What the journal does not keep is said, not invented: sizes of the
 * bodies as sent are -1 ("not available", HAR §request/§response). The
 * time is the mock's own, from the request reaching the engine to its answer
 * (a delay fault included), all of it `wait`: send and receive happen in the
 * network stack, which the journal does not see, so they are 0.
 */

export interface HarNameValue { name: string; value: string }
export interface HarCookie { name: string; value: string; path?: string; domain?: string; expires?: string; httpOnly?: boolean; secure?: boolean }
export interface HarPostData { mimeType: string; text: string; params?: HarNameValue[] }
export interface HarContent { size: number; mimeType: string; text?: string }

export interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string; url: string; httpVersion: string; cookies: HarCookie[]; headers: HarNameValue[]; queryString: HarNameValue[]
    postData?: HarPostData; headersSize: -1; bodySize: number
  }
  response: {
    status: number; statusText: string; httpVersion: string; cookies: HarCookie[]; headers: HarNameValue[]
    content: HarContent; redirectURL: string; headersSize: -1; bodySize: number
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  /** Custom fields (HAR §custom fields: names start with "_"): what the journal knows that HAR has no place for. */
  _id: number
  _api?: string
  _operationId?: string
  _shapedBy?: string
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[]; comment: string }
}

export interface HarInfo {
  creator: { name: string; version: string }
  /**
   * The scheme and authority an entry's URL gets when its own Host header is
   * missing or not a plain host[:port] (HAR needs an absolute URL).
   */
  origin: string
  /** The reason phrase for a status code (the server passes node:http's); "" when not given, as HTTP/2 has none. */
  statusText?: (status: number) => string
}

/** The server speaks HTTP/1.1 only (listen.ts: node:http); the journal does not keep the version. */
const HTTP_VERSION = 'HTTP/1.1'
/** What Chrome's HAR export writes for a body of no known type. */
const UNKNOWN_TYPE = 'x-unknown'
/** A Host header usable in a URL as it is: a reg-name or IPv4, or an IPv6 literal, and an optional port (RFC 3986 §3.2.2-3.2.3). */
const PLAIN_HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

const COMMENT = 'authmock request journal: headers, cookies, query values and bodies are redacted as GET /__mock/requests shows them ' +
  '([redacted]; a body that could not be parsed is shown as its size and type). Start times are on the mock\'s clock; each time is how long the mock took to answer (all of it wait), and body sizes as sent are not recorded (-1).'

/**
 * The journal's entries (oldest first, as listed) as a HAR 1.2 document.
 *
 * @example journalToHar(await controls.requests(), { creator: { name: 'authmock', version: '1.0.0' }, origin: 'http://127.0.0.1:4010' })
 */
export function journalToHar(entries: readonly JournalEntry[], info: HarInfo): Har {
  return { log: { version: '1.2', creator: { ...info.creator }, entries: entries.map((entry) => harEntry(entry, info)), comment: COMMENT } }
}

function harEntry(entry: JournalEntry, info: HarInfo): HarEntry {
  const requestType = header(entry.headers, 'content-type')
  const responseType = header(entry.responseHeaders, 'content-type')
  const requestText = bodyText(entry.body, requestType)
  const responseText = bodyText(entry.responseBody, responseType)
  const queryString = Object.entries(entry.query).map(([name, value]) => ({ name, value }))
  const location = header(entry.responseHeaders, 'location')
  return {
    startedDateTime: entry.at,
    time: entry.durationMs ?? 0,
    request: {
      method: entry.method,
      url: `${originOf(entry, info)}${entry.path}${queryText(queryString)}`,
      httpVersion: HTTP_VERSION,
      cookies: requestCookies(header(entry.headers, 'cookie')),
      headers: nameValues(entry.headers),
      queryString,
      ...(requestText !== undefined && { postData: postData(entry.body, requestType, requestText) }),
      headersSize: -1,
      bodySize: requestText === undefined ? 0 : -1,
    },
    response: {
      status: entry.status,
      statusText: info.statusText?.(entry.status) ?? '',
      httpVersion: HTTP_VERSION,
      cookies: setCookies(entry.responseHeaders['set-cookie'], Date.parse(entry.at)),
      headers: nameValues(entry.responseHeaders),
      content: {
        size: responseText === undefined ? 0 : utf8Length(responseText),
        mimeType: responseType ?? UNKNOWN_TYPE,
        ...(responseText !== undefined && { text: responseText }),
      },
      redirectURL: location ?? '',
      headersSize: -1,
      bodySize: responseText === undefined ? 0 : -1,
    },
    cache: {},
    timings: { send: 0, wait: entry.durationMs ?? 0, receive: 0 },
    _id: entry.id,
    ...(entry.api !== undefined && { _api: entry.api }),
    ...(entry.operationId !== undefined && { _operationId: entry.operationId }),
    ...(entry.shapedBy !== undefined && { _shapedBy: entry.shapedBy }),
  }
}

/** "http://host:port" from the entry's own Host when it is a plain host[:port], else the given origin's. */
function originOf(entry: JournalEntry, info: HarInfo): string {
  const host = header(entry.headers, 'host')
  if (host === undefined || !PLAIN_HOST.test(host)) return info.origin
  const scheme = /^[a-z][a-z\d+.-]*:/i.exec(info.origin)?.[0] ?? 'http:'
  return `${scheme}//${host}`
}

/** A header's value by name, whatever its case (an MSW request keeps the case it was given); the first, if listed. */
function header(headers: Readonly<Record<string, string | string[]>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value
  return undefined
}

/** Headers as HAR lists them: one pair per value (each Set-Cookie its own). */
function nameValues(headers: Readonly<Record<string, string | string[]>>): HarNameValue[] {
  return Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })))
}

/** "?a=1&password=%5Bredacted%5D" from the shown query, every name and value percent-encoded; "" for none. */
function queryText(query: readonly HarNameValue[]): string {
  if (query.length === 0) return ''
  return `?${query.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`
}

/**
 * A body as text, as the journal shows it: JSON-typed bodies as JSON (a
 * body the journal could not parse becomes a JSON string of its size and
 * type), a form body as `name=value` parts, anything else as the journal's
 * text. Undefined when there was no body.
 */
function bodyText(shown: unknown, contentType: string | undefined): string | undefined {
  if (shown === undefined) return undefined
  const type = mediaType(contentType)
  if (isJsonType(type)) return JSON.stringify(shown)
  if (typeof shown === 'string') return shown
  if (type === 'application/x-www-form-urlencoded' && isStringRecord(shown)) return new URLSearchParams(Object.entries(shown)).toString()
  return JSON.stringify(shown)
}

/** Form parts also as `params`, as Chrome's own HAR export writes them beside `text`. */
function postData(shown: unknown, contentType: string | undefined, text: string): HarPostData {
  const mimeType = contentType ?? UNKNOWN_TYPE
  const form = mediaType(contentType) === 'application/x-www-form-urlencoded' && isStringRecord(shown)
  return { mimeType, text, ...(form && { params: Object.entries(shown).map(([name, value]) => ({ name, value })) }) }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
}

/** The pairs of a Cookie header (RFC 6265 §4.2.1) as the journal shows it; a pair without "=" is all value. */
function requestCookies(cookie: string | undefined): HarCookie[] {
  if (cookie === undefined) return []
  return cookie.split(';').map((pair) => pair.trim()).filter((pair) => pair !== '').map((pair) => {
    const eq = pair.indexOf('=')
    return eq === -1 ? { name: '', value: pair } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() }
  })
}

/**
 * Set-Cookie headers (RFC 6265 §4.1.1), values as the journal shows them,
 * the attributes HAR names read. Max-Age wins over Expires (§5.3 step 3),
 * counted from when the answer was journalled (`at`, the mock's clock).
 */
function setCookies(headers: string | string[] | undefined, at: number): HarCookie[] {
  const list = headers === undefined ? [] : Array.isArray(headers) ? headers : [headers]
  return list.map((line) => {
    const [pair = '', ...attributes] = line.split(';')
    const eq = pair.indexOf('=')
    const cookie: HarCookie = eq === -1 ? { name: '', value: pair.trim() } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() }
    let maxAge: number | undefined
    for (const attribute of attributes) {
      const at = attribute.indexOf('=')
      const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
      const value = at === -1 ? '' : attribute.slice(at + 1).trim()
      if (key === 'path') cookie.path = value
      else if (key === 'domain') cookie.domain = value
      else if (key === 'httponly') cookie.httpOnly = true
      else if (key === 'secure') cookie.secure = true
      else if (key === 'expires') {
        const time = Date.parse(value)
        if (!Number.isNaN(time)) cookie.expires = new Date(time).toISOString()
      } else if (key === 'max-age' && /^-?\d{1,12}$/.test(value)) maxAge = Number(value)
    }
    if (maxAge !== undefined && Number.isFinite(at)) cookie.expires = new Date(at + Math.max(0, maxAge) * 1000).toISOString()
    return cookie
  })
}
