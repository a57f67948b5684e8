import type { Controls, ControlResult } from '../core/create-controls.js'

/**
 * One set of controls over several engines (createHandlers makes one engine
 * per base URL): a switch goes to the engines that know the operation or
 * scenario, the clock and reset go to all, journals and sessions are merged.
 *
 * @example const controls = combineControls(engines.map((e) => e.controls))
 */
export function combineControls(all: Controls[]): Controls {
  const [first] = all
  if (all.length === 1 && first) return first
  return {
    scenarios: {
      catalog: () => all.flatMap((c) => c.scenarios.catalog()),
      use(request) {
        const results = all.map((c) => c.scenarios.use(request))
        const armed = results.flatMap((r) => (r.ok ? r.value : []))
        return armed.length > 0 ? { ok: true, value: armed } : (results[0] as ControlResult<never>)
      },
      list: () => all.flatMap((c) => c.scenarios.list()),
      clear: (operation) => all.reduce((n, c) => n + c.scenarios.clear(operation), 0),
    },
    clock: {
      now: () => (first as Controls).clock.now(),
      advance(by) {
        const results = all.map((c) => c.clock.advance(by))
        return results.find((r) => !r.ok) ?? (results[0] as ControlResult<string>)
      },
      set(to) {
        const results = all.map((c) => c.clock.set(to))
        return results.find((r) => !r.ok) ?? (results[0] as ControlResult<string>)
      },
    },
    expireAll: () => all.reduce((n, c) => n + c.expireAll(), 0),
    requests: (filter) => all.flatMap((c) => c.requests(filter)).sort((a, b) => a.at.localeCompare(b.at)).slice(-(filter?.limit ?? Infinity)),
    sessions: () => all.flatMap((c) => c.sessions()),
    reset: () => all.forEach((c) => c.reset()),
  }
}
