import type { SetCookie } from './types.js'

/**
 * A Set-Cookie header value (RFC 6265 §4.1). Names and attributes come from
 * the spec; values rendered from a template are already cookie-octets
 * (renderRecipe encodes them with encodeCookieValue), so nothing here escapes.
 *
 * @example serializeCookie({ name: 'sid', value: 'x', httpOnly: true, path: '/' }) // 'sid=x; Path=/; HttpOnly'
 */
export function serializeCookie(cookie: SetCookie): string {
  let out = `${cookie.name}=${cookie.value}`
  if (cookie.maxAge !== undefined) {
    out += `; Max-Age=${cookie.maxAge}`
    // Expires as well, for old clients; an epoch date when deleting (RFC 6265 §3.1).
    if (cookie.maxAge === 0) out += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT'
  }
  if (cookie.path) out += `; Path=${cookie.path}`
  if (cookie.sameSite) out += `; SameSite=${cookie.sameSite}`
  if (cookie.secure) out += '; Secure'
  if (cookie.httpOnly) out += '; HttpOnly'
  return out
}
