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
  const each = <T>(call: (c: Controls) => Promise<T>): Promise<T[]> => Promise.all(all.map(call))
  return {
    scenarios: {
      catalog: () => all.flatMap((c) => c.scenarios.catalog()),
      async use(request) {
        const results = await each((c) => c.scenarios.use(request))
        const armed = results.flatMap((r) => (r.ok ? r.value : []))
        return armed.length > 0 ? { ok: true, value: armed } : (results[0] as ControlResult<never>)
      },
      list: async () => (await each((c) => c.scenarios.list())).flat(),
      clear: async (operation) => (await each((c) => c.scenarios.clear(operation))).reduce((n, m) => n + m, 0),
    },
    clock: {
      now: () => (first as Controls).clock.now(),
      async advance(by) {
        const results = await each((c) => c.clock.advance(by))
        return results.find((r) => !r.ok) ?? (results[0] as ControlResult<string>)
      },
      async set(to) {
        const results = await each((c) => c.clock.set(to))
        return results.find((r) => !r.ok) ?? (results[0] as ControlResult<string>)
      },
    },
    expireAll: async () => (await each((c) => c.expireAll())).reduce((n, m) => n + m, 0),
    requests: async (filter) => (await each((c) => c.requests(filter))).flat().sort((a, b) => a.at.localeCompare(b.at)).slice(-(filter?.limit ?? Infinity)),
    sessions: async () => (await each((c) => c.sessions())).flat(),
    reset: async () => (await each((c) => c.reset()))[0] as string,
  }
}
