/**
 * What the request journal, the sessions view and the request log show
 * instead of secrets: passwords, tokens, session ids, CSRF tokens and API keys
 * never leave the mock in clear, whether in headers, cookies, query strings or
 * bodies. Every rule here works by position (a header, cookie, query or JSON
 * member's name), never by searching text for a value: a secret is hidden
 * because of where it is, so a secret in a shape nobody foresaw is hidden too,
 * and a body whose positions cannot be read (malformed, too long to parse,
 * multipart) is not shown at all.
 */

import { isSecretName } from './is-secret-name.js'
import { isJsonType, mediaType } from './media-type.js'

export const REDACTED = '[redacted]'

/**
 * Authentication schemes (IANA HTTP Authentication Scheme Registry, plus the
 * `Token` and `ApiKey` words APIs use) shown in front of a hidden credential.
 * Only these: a first word that is not a known scheme may itself be the secret.
 */
const AUTH_SCHEMES = new Set(['basic', 'bearer', 'digest', 'dpop', 'hoba', 'mutual', 'negotiate', 'ntlm', 'token', 'apikey', 'jwt', 'privatetoken', 'scram-sha-1', 'scram-sha-256', 'vapid', 'aws4-hmac-sha256'])
/** Headers whose value is a URL, whose query may carry a secret (RFC 9110 §10.1.3, §10.2.2). */
const URL_HEADERS = new Set(['referer', 'location', 'content-location'])

/**
 * Headers as shown: Authorization-like values keep a known scheme word
 * ("Bearer [redacted]"), Cookie keeps the cookie names ("sid=[redacted]"),
 * URL-valued headers have their secret query values hidden, every other
 * secret-named header is hidden whole.
 *
 * @example redactHeaders({ authorization: 'Bearer abc', 'x-auth-token': 'abc' }) // { authorization: 'Bearer [redacted]', 'x-auth-token': '[redacted]' }
 */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const lower = name.toLowerCase()
    const shown = lower === 'cookie' ? redactCookieHeader(value)
      : lower.endsWith('authorization') ? redactCredentials(value)
        : isSecretName(lower) ? REDACTED
          : URL_HEADERS.has(lower) ? redactUrl(value)
            : value
    define(out, name, shown)
  }
  return out
}

/** "Bearer [redacted]" for a known scheme (RFC 9110 §11.4: auth-scheme first), else "[redacted]". */
function redactCredentials(value: string): string {
  const scheme = /^\s*([^\s,]+)\s/.exec(value)?.[1]
  return scheme !== undefined && AUTH_SCHEMES.has(scheme.toLowerCase()) ? `${scheme} ${REDACTED}` : REDACTED
}

/** Cookie names kept, values hidden (RFC 6265 §4.2.1); a pair without "=" is all value. */
function redactCookieHeader(value: string): string {
  return value.split(';').map((pair) => {
    const eq = pair.indexOf('=')
    return eq === -1 ? REDACTED : `${pair.slice(0, eq).trim()}=${REDACTED}`
  }).join('; ')
}

/** A Set-Cookie header with its value hidden and its attributes kept. */
export function redactSetCookie(header: string): string {
  const [pair = '', ...attributes] = header.split(';')
  const eq = pair.indexOf('=')
  return [eq === -1 ? REDACTED : `${pair.slice(0, eq)}=${REDACTED}`, ...attributes].join(';')
}

/** Deeper than this, a JSON value is hidden whole: no walk without a bound. */
const MAX_DEPTH = 20

/**
 * A deep copy of a JSON value with every secret-named member hidden, whatever
 * its value: `{"password": ["x"]}` and `{"password": {"a": "x"}}` are hidden
 * whole, not walked.
 *
 * @example redactJson({ email: 'a@b.c', password: ['x'] }) // { email: 'a@b.c', password: '[redacted]' }
 */
export function redactJson(value: unknown, depth = 0, named = false): unknown {
  // A string with no member name above it (a bare JSON string, an item of a top-level array) has no position that says it is harmless.
  if (typeof value === 'string') return !named ? REDACTED : URL_SHAPED.test(value) ? redactUrl(value) : value
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return REDACTED
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1, named))
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) define(out, key, isSecretName(key) ? REDACTED : redactJson(member, depth + 1, true))
  return out
}

/**
 * A string value that is a URL with a query (a paging link such as DRF's
 * `next`, which repeats the request's query): its secret-named query values
 * are hidden like a request's.
 */
const URL_SHAPED = /^(?:https?:\/\/|\/)[^?]*\?/i

/** One `name=value` part of a query or form body, decoded (application/x-www-form-urlencoded); undefined when it cannot be. */
function decodePart(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/**
 * What a field name of a form or query looks like when a client means it
 * (`email`, `user[name]`, `page.size`). A value under any other "name" is
 * hidden: a JSON body sent as a form parses into names like `{"email":"`
 * whose values carry the password.
 */
const PLAIN_NAME = /^[\w.\-[\]]{1,100}$/

/**
 * A query string or form body (without "?") as its parts, or undefined when
 * any part is not `name=value` with a decodable name a client means: then no
 * position in it can be trusted (a JSON body sent as a form splits into
 * "names" and "values" that carry the password anywhere), so it is shown
 * hidden whole. An undecodable value is kept as undefined.
 */
function readParts(query: string): Array<{ raw: string; name: string; value: string | undefined }> | undefined {
  const parts = []
  for (const raw of query.split('&')) {
    if (raw === '') continue
    const eq = raw.indexOf('=')
    const name = eq === -1 ? undefined : decodePart(raw.slice(0, eq))
    if (name === undefined || !PLAIN_NAME.test(name)) return undefined
    parts.push({ raw, name, value: decodePart(raw.slice(eq + 1)) })
  }
  return parts
}

/**
 * A query string (without "?") as name -> value, secret-named values and
 * undecodable ones hidden; a query with any part that is not a plain
 * `name=value` is hidden whole.
 *
 * @example redactQuery('a=1&password=x') // { a: '1', password: '[redacted]' }
 */
export function redactQuery(query: string): Record<string, string> {
  return shownParts(readParts(query) ?? [{ raw: '', name: REDACTED, value: REDACTED }])
}

/** Parts as name -> value, secret-named and undecodable values hidden. */
function shownParts(parts: NonNullable<ReturnType<typeof readParts>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { name, value } of parts) define(out, name, value === undefined || isSecretName(name) ? REDACTED : value)
  return out
}

/**
 * A request target or URL for a log line: the path kept, each query value
 * under a secret name (or that cannot be decoded) replaced by [redacted], a
 * query that is not plain `name=value` parts replaced whole.
 *
 * @example redactUrl('/authToken?username=a&password=b') // '/authToken?username=a&password=[redacted]'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return url
  const hash = url.indexOf('#', q)
  const parts = readParts(url.slice(q + 1, hash === -1 ? undefined : hash))
  // A fragment never reaches a server; one in a URL is dropped rather than checked.
  if (parts === undefined) return `${url.slice(0, q)}?${REDACTED}`
  const shown = parts.map(({ raw, name, value }) => (value === undefined || isSecretName(name) ? `${raw.slice(0, raw.indexOf('='))}=${REDACTED}` : raw))
  return `${url.slice(0, q)}?${shown.join('&')}`
}

/**
 * What is shown instead of a body whose positions cannot be read: its size
 * and type only, never a preview (a cut or malformed body may hold a password
 * anywhere).
 *
 * @example unparsedBody(5123, 'application/json') // '[unparsed body: 5123 bytes, application/json]'
 */
export function unparsedBody(bytes: number, contentType: string | undefined): string {
  return `[unparsed body: ${bytes} bytes, ${mediaType(contentType) || 'no content type'}]`
}

/**
 * A body as shown, read as its Content-Type says: a JSON document parsed and
 * redacted by member name, a form body of plain `name=value` parts (RFC 1866
 * §8.2.1) redacted by field name, anything else (malformed JSON, a form with
 * a part that is not a plain `name=value`, multipart, text) replaced by
 * `unparsedBody`.
 *
 * @example redactBody('{"password":"x"}', 'application/json') // { password: '[redacted]' }
 */
export function redactBody(raw: string | undefined, contentType: string | undefined): unknown {
  if (raw === undefined || raw === '') return undefined
  // Read as what its Content-Type says, never guessed: a JSON body with junk after it is not a form whose "names" may hold the password.
  const type = mediaType(contentType)
  if (isJsonType(type)) {
    try {
      return redactJson(JSON.parse(raw))
    } catch {
      // Malformed: nothing of it can be shown.
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    const parts = readParts(raw)
    if (parts !== undefined) return shownParts(parts)
  }
  return unparsedBody(utf8Length(raw), contentType)
}

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** An own, enumerable member even for "__proto__" (plain assignment would set the prototype and drop the member). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
