import type { SetCookie } from '../core/types.js'

/**
 * Reads a documented `Set-Cookie` example (RFC 6265 §4.1.1) into the cookie
 * the engine sends, so a Prefer- or scenario-forced answer sets the cookie the
 * spec documents, with the deployed cookie name. Expires is dropped (the
 * engine writes Max-Age, and an epoch Expires when deleting); an attribute the
 * engine cannot send (Domain, Partitioned...) is an error naming it.
 *
 * @example parseSetCookie('csrftoken=abc; Max-Age=60; Path=/; SameSite=Lax') // { ok: true, cookie: { name: 'csrftoken', value: 'abc', maxAge: 60, path: '/', sameSite: 'Lax' } }
 */
export function parseSetCookie(text: string, names: Record<string, string> = {}): { ok: true; cookie: SetCookie } | { ok: false; detail: string } {
  const [pair = '', ...attributes] = text.split(';').map((part) => part.trim())
  const eq = pair.indexOf('=')
  if (eq <= 0) return { ok: false, detail: `"${pair}" is not name=value` }
  const name = pair.slice(0, eq)
  const cookie: SetCookie = { name: names[name] ?? name, value: pair.slice(eq + 1) }
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=', 2).map((s) => s.trim())
    switch (key.toLowerCase()) {
      case 'max-age':
        if (!/^-?\d+$/.test(value)) return { ok: false, detail: `Max-Age "${value}" is not a whole number of seconds` }
        cookie.maxAge = Math.max(0, Number(value))
        break
      case 'path': cookie.path = value; break
      case 'secure': cookie.secure = true; break
      case 'httponly': cookie.httpOnly = true; break
      case 'expires': break
      case 'samesite': {
        const sameSite = SAME_SITE[value.toLowerCase()]
        if (!sameSite) return { ok: false, detail: `SameSite "${value}" is not Strict, Lax or None` }
        cookie.sameSite = sameSite
        break
      }
      default:
        return { ok: false, detail: `the attribute "${key}" is not one the mock sends (Max-Age, Expires, Path, SameSite, Secure, HttpOnly)` }
    }
  }
  return { ok: true, cookie }
}

const SAME_SITE: Record<string, SetCookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' }
