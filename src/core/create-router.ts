import { routeKey } from './route-key.js'
import type { Operation } from '../model/spec-model.js'
import { trimTrailingSlashes } from './trim-trailing-slashes.js'

export type RouteMatch =
  | { kind: 'operation'; operation: Operation; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'no-route' }

interface Route { pattern: RegExp; names: string[]; byMethod: Map<string, Operation> }

/**
 * Matches a method and path to an operation. Static paths are one Map lookup;
 * templated ones (`/stock-locations/{id}/`) a short list of regexes. A trailing
 * slash is optional on every path: Akinon's canonical paths end in one and its
 * clients also send the slashless form (api-docs README).
 *
 * @example createRouter(ops).match('GET', '/api/v1/public/profile')
 */
export function createRouter(operations: Operation[]): { match(method: string, pathname: string): RouteMatch } {
  const statics = new Map<string, Map<string, Operation>>()
  const templated = new Map<string, Route>()
  for (const op of operations) {
    const key = routeKey(op.path)
    if (!op.path.includes('{')) {
      const byMethod = statics.get(key) ?? new Map<string, Operation>()
      byMethod.set(op.method, op)
      statics.set(key, byMethod)
      // Both forms, so the usual request is one lookup whichever way the API spells its paths.
      if (key !== '/') statics.set(`${key}/`, byMethod)
      continue
    }
    let route = templated.get(key)
    if (!route) {
      const names: string[] = []
      const source = key.split('{}').map(escapeRegExp).join('([^/]+)')
      for (const m of op.path.matchAll(/\{([^}]+)\}/g)) names.push(m[1] as string)
      // Matched against the path with its trailing slashes already trimmed (linear, see trimTrailingSlashes).
      route = { pattern: new RegExp(`^${source}$`), names, byMethod: new Map() }
      templated.set(key, route)
    }
    route.byMethod.set(op.method, op)
  }
  const routes = [...templated.values()]

  return {
    match(method, pathname) {
      // Most paths come as declared: one lookup, no trailing-slash rewrite.
      let byMethod = statics.get(pathname)
      if (byMethod) return pick(byMethod, method, {})
      const trimmed = trimTrailingSlashes(pathname)
      byMethod = statics.get(trimmed)
      if (byMethod) return pick(byMethod, method, {})
      for (const route of routes) {
        const m = route.pattern.exec(trimmed)
        if (!m) continue
        const params: Record<string, string> = {}
        route.names.forEach((name, i) => { params[name] = safeDecode(m[i + 1] as string) })
        return pick(route.byMethod, method, params)
      }
      return { kind: 'no-route' }
    },
  }
}

function pick(byMethod: Map<string, Operation>, method: string, params: Record<string, string>): RouteMatch {
  // HEAD is answered like GET without a body (RFC 9110 §9.3.2); the adapter drops the body.
  const operation = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined)
  if (operation) return { kind: 'operation', operation, params }
  const allow = [...byMethod.keys()]
  if (allow.includes('GET')) allow.push('HEAD')
  return { kind: 'method-not-allowed', allow }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
