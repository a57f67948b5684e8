import type { Credential } from '../store/credential-store.js'
import type { Failure, Operation, Recipe, SchemeUse } from '../model/spec-model.js'
import type { JsonObject, StubRequest } from './types.js'

/** A presented credential's state; a live one comes with its account's fields (undefined for an anonymous credential). */
export type CredentialState = { state: 'live'; credential: Credential; account?: JsonObject | undefined } | { state: 'invalid' | 'expired' | 'revoked' }

/** The state of a value that names no credential of the kind asked for (shared: never changed). */
export const INVALID_CREDENTIAL: CredentialState = Object.freeze({ state: 'invalid' })

export type SecurityResult = { ok: true; credential?: Credential | undefined } | { ok: false; recipe: Recipe }

/** The answer for operations that need no credential, shared: it is never changed. */
const OPEN: SecurityResult = Object.freeze({ ok: true })

/** How far a failed scheme got: a presented-but-dead credential beats none at all. */
const FAILURE_RANK: Record<Failure, number> = { missing: 0, invalid: 1, expired: 2, revoked: 2 }

/**
 * Checks an operation's OpenAPI `security` (OR of requirements, AND inside one)
 * against the request. When none is met, answers the failure of the
 * requirement that got furthest, so a live session with a bad CSRF header gets
 * the CSRF error, not "not logged in"; ties go to the first requirement.
 *
 * @example checkSecurity(op, request, query, (kind, value) => lookupCredential(api, kind, value))
 */
export function checkSecurity(
  operation: Operation,
  request: StubRequest,
  query: URLSearchParams,
  lookup: (kind: string, value: string) => CredentialState,
): SecurityResult {
  if (operation.security.length === 0) return OPEN
  let best: { score: number; recipe: Recipe } | undefined
  for (const requirement of operation.security) {
    let passed = 0
    let credential: Credential | undefined
    let failed: { use: SchemeUse; failure: Failure } | undefined
    for (const use of requirement) {
      const outcome = checkScheme(use, request, query, lookup)
      if (outcome.ok) {
        passed++
        credential ??= outcome.credential
      } else {
        failed = { use, failure: outcome.failure }
        break
      }
    }
    if (!failed) return { ok: true, credential }
    const score = passed * 10 + FAILURE_RANK[failed.failure]
    if (!best || score > best.score) best = { score, recipe: failed.use.failures[failed.failure] }
  }
  return { ok: false, recipe: (best as { recipe: Recipe }).recipe }
}

/**
 * The credentials a request presents for an operation's schemes (kind and
 * value, at most one per scheme), so the engine can look each up in the
 * store before the requirements are weighed: the lookup may be a round trip
 * (a shared store), the weighing stays synchronous.
 */
export function presentedCredentials(operation: Operation, request: StubRequest, query: URLSearchParams): Array<{ kind: string; value: string }> {
  const out: Array<{ kind: string; value: string }> = []
  for (const requirement of operation.security) {
    for (const { scheme } of requirement) {
      if (scheme.in === 'csrf') continue
      const value = presentedValue(scheme, request, query)
      if (value === undefined || value === '') continue
      const kind = scheme.credential as string
      if (!out.some((c) => c.kind === kind && c.value === value)) out.push({ kind, value })
    }
  }
  return out
}

type SchemeOutcome = { ok: true; credential?: Credential } | { ok: false; failure: Failure }

function checkScheme(
  { scheme }: SchemeUse,
  request: StubRequest,
  query: URLSearchParams,
  lookup: (kind: string, value: string) => CredentialState,
): SchemeOutcome {
  if (scheme.in === 'csrf') {
    // Django's check: the header must equal the csrftoken cookie (double submit).
    const header = request.headers[scheme.param]
    if (!header) return { ok: false, failure: 'missing' }
    const cookie = request.cookies[scheme.csrfCookie as string]
    return cookie && cookie === header ? { ok: true } : { ok: false, failure: 'invalid' }
  }
  const value = presentedValue(scheme, request, query)
  if (value === undefined) return { ok: false, failure: 'missing' }
  if (value === '') return { ok: false, failure: 'invalid' }
  const found = lookup(scheme.credential as string, value)
  return found.state === 'live' ? { ok: true, credential: found.credential } : { ok: false, failure: found.state }
}

/**
 * The credential as presented: undefined when the scheme was not attempted at
 * all, "" when attempted but empty (DRF: "Invalid token header").
 */
function presentedValue(scheme: SchemeUse['scheme'], request: StubRequest, query: URLSearchParams): string | undefined {
  let raw: string | undefined
  if (scheme.in === 'cookie') raw = request.cookies[scheme.param]
  else if (scheme.in === 'query') raw = query.get(scheme.param) ?? undefined
  else raw = request.headers[scheme.param]
  if (raw === undefined) return undefined
  // Auth-scheme words are case-insensitive (RFC 9110 §11.1).
  const prefix = scheme.in === 'bearer' ? 'Bearer ' : scheme.prefix
  if (!prefix) return raw.trim()
  const word = prefix.trim().toLowerCase()
  const text = raw.trim()
  // The usual "Bearer <token>": no split, no regex.
  if (text.length > word.length + 1 && text.charCodeAt(word.length) === 32 && text.slice(0, word.length).toLowerCase() === word) {
    const value = text.slice(word.length + 1)
    if (!/\s/.test(value)) return value
  }
  const [first = '', ...rest] = text.split(/\s+/)
  if (first.toLowerCase() !== word) return undefined
  return rest.length === 1 ? (rest[0] as string) : ''
}
