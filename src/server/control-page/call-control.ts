/** Where the control token is kept: this tab only (sessionStorage), never written to disk by the page. */
const TOKEN_KEY = 'authmock-control-token'

/** The Authorization header a control call carries, when the page holds a control token. */
export function controlAuthorization(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY)
  return token ? { authorization: `Bearer ${token}` } : {}
}

/**
 * One call of the JSON control API under /__mock/. A server started with
 * --control-token answers 401 until the page sends the token: it is asked
 * for once (a prompt), kept for this tab, and the call is made again; a
 * second 401 is not asked again. A refused call is shown (alert) and its
 * body returned as it came, `{}` when it was not JSON.
 *
 * @example const { now } = await callControl<{ now: string }>('GET', 'clock')
 */
export async function callControl<T>(method: string, path: string, body?: object, asked = false): Promise<T> {
  const headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}), ...controlAuthorization() }
  const res = await fetch(`/__mock/${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const data: unknown = await res.json().catch(() => ({}))
  if (res.status === 401 && !asked) {
    const entered = prompt('This authmock needs its control token (--control-token):')
    if (entered) {
      sessionStorage.setItem(TOKEN_KEY, entered)
      return callControl<T>(method, path, body, true)
    }
  }
  if (!res.ok) alert((data as { detail?: string }).detail || res.status)
  // The control API's own answer (register-control-routes.ts), typed by the engine's types the page imports.
  return data as T
}
