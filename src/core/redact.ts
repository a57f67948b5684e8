/**
 * What the request journal and the sessions view show instead of secrets:
 * passwords, tokens, session ids, CSRF tokens and API keys never leave the
 * mock in clear, whether in headers, cookies, query strings or JSON bodies.
 */

export const REDACTED = '[redacted]'

/** Names whose values are secrets (header, cookie, query or JSON key). */
const SECRET_NAME = /pass(word)?|token|secret|session|csrf|api[-_]?key|^key$|^authorization$|^cookie$|^set-cookie$/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/** Keeps the auth-scheme word ("Bearer [redacted]") and cookie names ("sid=[redacted]"), hides the rest. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const lower = name.toLowerCase()
    if (lower === 'authorization') out[name] = value.includes(' ') ? `${value.split(' ')[0]} ${REDACTED}` : REDACTED
    else if (lower === 'cookie') out[name] = value.split(';').map((pair) => `${pair.split('=')[0]?.trim()}=${REDACTED}`).join('; ')
    else out[name] = isSecretName(lower) ? REDACTED : value
  }
  return out
}

/** A Set-Cookie header with its value hidden and its attributes kept. */
export function redactSetCookie(header: string): string {
  const [pair = '', ...attributes] = header.split(';')
  return [`${pair.split('=')[0]}=${REDACTED}`, ...attributes].join(';')
}

/** A deep copy of a JSON value with every secret-named member hidden. */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    out[key] = isSecretName(key) && (member === null || typeof member !== 'object') ? REDACTED : redactJson(member, depth + 1)
  }
  return out
}

/** A query string with secret-named parameters hidden. */
export function redactQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of params) out[name] = isSecretName(name) ? REDACTED : value
  return out
}

/** A body as text: parsed and redacted when it is JSON, else cut to a preview. */
export function redactBody(raw: string | undefined, limit = 4096): unknown {
  if (raw === undefined || raw === '') return undefined
  try {
    return redactJson(JSON.parse(raw))
  } catch {
    // A form body may carry password=...; hide secret-named fields there too.
    if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(raw)) return redactQuery(new URLSearchParams(raw))
    return raw.length > limit ? `${raw.slice(0, limit)}... (${raw.length} characters)` : raw
  }
}
