import type { Shape } from './create-controls.js'
import { problemResponse } from './errors.js'
import type { Target } from './parse-target.js'
import { FAULTS, MAX_DELAY_MS, parsePreference, type Fault } from './preferred-response.js'
import type { StubRequest, StubResponse } from './types.js'

/**
 * What a request asks for with `Prefer` (or the `__code`... query fallbacks),
 * as the same shape a QA switch gives, so the engine handles both one way:
 * undefined when nothing is asked, a 400 problem when it asks for a fault or
 * delay that cannot be. Whether a named code or example is documented is
 * checked when the answer is built (preferredResponse).
 *
 * @example preferredShape({ method: 'GET', url: '/x', headers: { prefer: 'code=401' }, cookies: {} }, target) // { documented: { code: 401 }, label: 'Prefer code=401' }
 */
export function preferredShape(request: StubRequest, url: Target): Shape | StubResponse | undefined {
  const prefer = parsePreference(request.headers.prefer, url.searchParams)
  if (!prefer) return undefined
  const asked = Object.entries(prefer).map(([k, v]) => `${k === 'delayMs' ? 'delay' : k}=${v}`).join(', ')
  if (prefer.fault !== undefined && !FAULTS.includes(prefer.fault as Fault)) {
    return problemResponse(400, 'ERR_PREFER_INVALID', { asked, detail: `fault must be one of ${FAULTS.join(', ')}` })
  }
  if (prefer.delayMs !== undefined && !(prefer.delayMs >= 0 && prefer.delayMs <= MAX_DELAY_MS)) {
    return problemResponse(400, 'ERR_PREFER_INVALID', { asked, detail: `delay must be a number of ms from 0 to ${MAX_DELAY_MS}` })
  }
  const documented = prefer.code !== undefined || prefer.example !== undefined ? { code: prefer.code, example: prefer.example } : undefined
  return {
    ...(documented && { documented }),
    ...(prefer.fault !== undefined && { fault: prefer.fault as Fault }),
    ...(prefer.delayMs !== undefined && { delayMs: prefer.delayMs }),
    label: `Prefer ${asked}`,
  }
}
