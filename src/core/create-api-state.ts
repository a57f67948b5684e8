import type { Api } from '../model/spec-model.js'

/** One API as the engine runs it: the model's, its credential lifetimes (accounts live in the namespace's state). */
export interface ApiState {
  api: Api
  /** Lifetime by credential kind (ms); undefined: never expires. */
  lifetimes: Map<string, number | undefined>
}

/**
 * Resolves what the engine needs of one API once, at start: lifetimes from
 * the options ("api.kind", then "api", then "*"), else the spec's ttl.
 *
 * @example createApiState(api, { tokenTtlMs: { '*': 60_000 } })
 */
export function createApiState(api: Api, options: { tokenTtlMs: Record<string, number | null> }): ApiState {
  const table = options.tokenTtlMs
  const lifetimes = new Map(Object.entries(api.credentials).map(([kind, def]) => {
    const key = [`${api.name}.${kind}`, api.name, '*'].find((k) => Object.hasOwn(table, k))
    return [kind, key === undefined ? def.ttlMs : table[key] ?? undefined]
  }))
  return { api, lifetimes }
}
