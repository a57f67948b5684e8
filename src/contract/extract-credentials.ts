import type { Api, Recipe } from '../model/spec-model.js'
import { readPointer } from './describe-value.js'
import { isExpiredCookie, parseSetCookie } from './parse-set-cookie.js'
import type { Session } from './present-credentials.js'

const CREDENTIAL = /^\{credentials\.([\w-]+)\.value\}$/

/** A credential found in an answer: its kind and where it was. */
export interface FoundCredential {
  kind: string
  value: string
  /** "/access_token/token" or "cookie osessionid". */
  where: string
}

/**
 * Keeps the Set-Cookie headers of an answer in the session's jar (a cookie
 * that expires itself is removed, RFC 6265 §5.3), then finds the credentials
 * the answer carries where the operation's recipe puts them: `set` pointers
 * whose template is `{credentials.<kind>.value}` (e.g. nwapp's
 * /refresh_token/token) and cookies whose value is (Akinon's osessionid). The
 * spec says where each credential lives, so no API needs its own code.
 *
 * @example extractCredentials(loginOperation.respond, body, setCookies, session) // [{ kind: 'access', where: '/access_token/token', ... }]
 */
export function extractCredentials(recipe: Recipe, json: unknown, setCookies: string[], session: Session): FoundCredential[] {
  for (const header of setCookies) {
    const cookie = parseSetCookie(header)
    if (!cookie.name) continue
    if (isExpiredCookie(cookie) || cookie.value === '') session.cookies.delete(cookie.name)
    else session.cookies.set(cookie.name, cookie.value)
  }
  const found: FoundCredential[] = []
  for (const [pointer, template] of recipe.set) {
    const kind = CREDENTIAL.exec(template)?.[1]
    const value = kind === undefined ? undefined : readPointer(json, pointer)
    if (kind !== undefined && typeof value === 'string' && value !== '') found.push({ kind, value, where: pointer || '/' })
  }
  for (const cookie of recipe.cookies) {
    const kind = CREDENTIAL.exec(cookie.value ?? '')?.[1]
    const value = setCookies.map(parseSetCookie).find((c) => c.name === cookie.name && c.value !== '')?.value
    if (kind !== undefined && value !== undefined) found.push({ kind, value, where: `cookie ${cookie.name}` })
  }
  for (const { kind, value } of found) session.credentials.set(kind, value)
  return found
}

/** The credential kinds some security scheme of the API accepts (a CSRF token opens nothing by itself). */
export function accessKinds(api: Api): Set<string> {
  const kinds = new Set<string>()
  for (const op of api.operations) for (const requirement of op.security) for (const use of requirement) if (use.scheme.credential) kinds.add(use.scheme.credential)
  return kinds
}
