import { problemResponse } from './errors.js'
import { StoreUnavailable } from './namespace-state.js'
import type { StubResponse } from './types.js'

/** A name that is not one, shown cut and with every character a name may not hold as "?": it came from a request header. */
export function badNamespace(namespace: string): StubResponse {
  return problemResponse(400, 'ERR_NAMESPACE_INVALID', { namespace: namespace.slice(0, 64).replace(/[^A-Za-z0-9._-]/g, '?') })
}

/** The store did not answer (or failed): 503 saying what to do, never a 500 or a hang; nothing was half-written (a login is one store call). */
export function stateFailure(error: unknown): StubResponse {
  if (error instanceof StoreUnavailable) return problemResponse(503, 'ERR_STORE_UNAVAILABLE', { url: error.url, detail: error.message })
  return problemResponse(500, 'ERR_INTERNAL', { detail: (error as Error).message })
}

/** A new namespace past --max-namespaces (`count` in use besides default). */
export function namespaceLimit(namespace: string, count: number): StubResponse {
  return problemResponse(429, 'ERR_NAMESPACE_LIMIT', { namespace, count: count + 1, max: count })
}
