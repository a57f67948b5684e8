/** One Set-Cookie header, read. */
export interface ParsedSetCookie {
  name: string
  value: string
  /** Attribute names lower-cased; flags (HttpOnly, Secure) map to true. */
  attributes: Map<string, string | true>
  /** The attributes as sent ("Max-Age=60; Path=/"), without the value, which may be a secret. */
  attributeText: string
}

/**
 * Reads a Set-Cookie header (RFC 6265 §5.2): the name=value pair, then
 * attributes whose names are case-insensitive.
 *
 * @example parseSetCookie('sid=abc; Path=/; HttpOnly').attributes.get('httponly') // true
 */
export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...parts] = header.split(';')
  const eq = pair.indexOf('=')
  const name = (eq === -1 ? '' : pair.slice(0, eq)).trim()
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim()
  const attributes = new Map<string, string | true>()
  for (const part of parts) {
    const at = part.indexOf('=')
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    if (key) attributes.set(key, at === -1 ? true : part.slice(at + 1).trim())
  }
  return { name, value, attributes, attributeText: parts.map((p) => p.trim()).filter(Boolean).join('; ') }
}

/** True when the cookie deletes itself: Max-Age <= 0 or an Expires in the past (RFC 6265 §5.3). */
export function isExpiredCookie(cookie: ParsedSetCookie, now = Date.now()): boolean {
  const maxAge = cookie.attributes.get('max-age')
  if (typeof maxAge === 'string' && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0
  const expires = cookie.attributes.get('expires')
  return typeof expires === 'string' && Date.parse(expires) <= now
}

/** The attributes as sent, without the value (which may be a secret). */
export function describeCookieAttributes(cookie: ParsedSetCookie): string {
  return cookie.attributeText || '(no attributes)'
}
