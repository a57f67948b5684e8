import type { Operation, SchemeUse, SecurityScheme } from '../model/spec-model.js'

/** What a client holds after logging in: credentials by kind, and its cookie jar. */
export interface Session {
  credentials: Map<string, string>
  cookies: Map<string, string>
}

/** Where a request carries its credentials. */
export interface Presented {
  headers: Record<string, string>
  cookies: Record<string, string>
  query: Record<string, string>
}

/** A fresh, empty session. */
export function createSession(): Session {
  return { credentials: new Map(), cookies: new Map() }
}

/**
 * Puts one credential where its scheme reads it: `Authorization: Bearer`, a
 * header with the scheme's prefix (DRF's "Token "), a cookie or a query
 * parameter (the scheme's own `in`, as the engine's check-security reads it).
 *
 * @example placeCredential(scheme, 'abc', presented) // presented.headers.authorization === 'Token abc'
 */
export function placeCredential(scheme: SecurityScheme, value: string, into: Presented): void {
  if (scheme.in === 'bearer') into.headers.authorization = `Bearer ${value}`
  else if (scheme.in === 'header') into.headers[scheme.param] = `${scheme.prefix ?? ''}${value}`
  else if (scheme.in === 'cookie') into.cookies[scheme.param] = value
  else if (scheme.in === 'query') into.query[scheme.param] = value
}

/**
 * The credentials a requirement (an AND of schemes) needs, from a session, or
 * undefined when the session lacks one. A CSRF scheme sends the csrf cookie's
 * value back in its header (Django's double submit), unless `omitCsrfHeader`.
 */
export function presentRequirement(requirement: SchemeUse[], session: Session, options: { omitCsrfHeader?: boolean } = {}): Presented | undefined {
  const presented: Presented = { headers: {}, cookies: {}, query: {} }
  for (const { scheme } of requirement) {
    if (scheme.in === 'csrf') {
      const token = session.cookies.get(scheme.csrfCookie ?? '')
      if (token === undefined) return undefined
      presented.cookies[scheme.csrfCookie as string] = token
      if (!options.omitCsrfHeader) presented.headers[scheme.param] = token
      continue
    }
    const value = session.credentials.get(scheme.credential ?? '')
    if (value === undefined) return undefined
    placeCredential(scheme, value, presented)
  }
  return presented
}

/**
 * The first of an operation's requirements (OpenAPI `security`, an OR) that
 * the session can meet, with what to send. An empty requirement (the
 * operation is open) is met by sending nothing.
 *
 * @example chooseRequirement(profileOperation, session)?.presented.headers.authorization // 'Bearer ...'
 */
export function chooseRequirement(operation: Operation, session: Session): { requirement: SchemeUse[]; presented: Presented } | undefined {
  if (operation.security.length === 0) return { requirement: [], presented: { headers: {}, cookies: {}, query: {} } }
  for (const requirement of operation.security) {
    const presented = presentRequirement(requirement, session)
    if (presented) return { requirement, presented }
  }
  return undefined
}

/** True when some requirement is empty: the operation can be called with no credential at all. */
export function isOpen(operation: Operation): boolean {
  return operation.security.length === 0 || operation.security.some((requirement) => requirement.length === 0)
}
