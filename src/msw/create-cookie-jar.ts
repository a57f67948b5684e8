import type { Clock, SetCookie } from '../core/types.js'

export interface CookieJar {
  /** Remembers the cookies a response sets (Max-Age=0 deletes). */
  store(cookies: SetCookie[]): void
  /** The live cookies, by name. */
  read(): Record<string, string>
  clear(): void
}

/**
 * The handlers' own cookie jar. In a browser a service worker cannot set an
 * HttpOnly cookie, and MSW's store reads a response's several Set-Cookie
 * headers as one (so Akinon's login, which sets the session and rotates
 * csrftoken, would leave a stale CSRF token behind). This jar keeps what the
 * engine set, per `createHandlers` call, by name: one origin per handler, so
 * Domain and Path play no part. Lifetimes follow the engine's clock.
 *
 * @example const jar = createCookieJar(clock); jar.store(response.cookies); jar.read()
 */
export function createCookieJar(clock: Clock): CookieJar {
  const cookies = new Map<string, { value: string; expiresAt: number }>()
  return {
    store(set) {
      for (const cookie of set) {
        if (cookie.maxAge === 0) cookies.delete(cookie.name)
        else cookies.set(cookie.name, { value: cookie.value, expiresAt: cookie.maxAge === undefined ? Infinity : clock.now() + cookie.maxAge * 1000 })
      }
    },
    read() {
      const now = clock.now()
      const out: Record<string, string> = {}
      for (const [name, { value, expiresAt }] of cookies) {
        if (expiresAt > now) out[name] = value
        else cookies.delete(name)
      }
      return out
    },
    clear: () => cookies.clear(),
  }
}
