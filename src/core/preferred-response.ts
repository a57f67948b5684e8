import type { DocumentedResponse, Operation } from '../model/spec-model.js'
import { problemResponse } from './errors.js'
import type { StubResponse } from './types.js'

export type Fault = 'reset' | 'timeout' | 'malformed'
export const FAULTS: readonly Fault[] = ['reset', 'timeout', 'malformed']
/** The longest delay a Prefer or scenario may ask for (ms): a mock must not hold a connection for ever by accident. */
export const MAX_DELAY_MS = 120_000

/** Preference names and the query parameters that say the same. */
const QUERY_NAMES = [['code', '__code'], ['example', '__example'], ['fault', '__fault'], ['delay', '__delay']] as const

/** What a client asked for with Prefer (or its query fallbacks). */
export interface Preference {
  code?: number
  example?: string
  fault?: string
  delayMs?: number
}

/**
 * Reads `Prefer: code=<status>, example=<name>` (RFC 7240 preferences, the same
 * words Stoplight Prism uses) plus authmock's `delay=<ms>` and
 * `fault=reset|timeout|malformed`. For clients that cannot set headers, the
 * query parameters `__code`, `__example`, `__delay` and `__fault` say the same.
 * Returns undefined when nothing is asked.
 *
 * @example parsePreference('code=401, example=invalid-token', new URLSearchParams()) // { code: 401, example: 'invalid-token' }
 */
export function parsePreference(header: string | undefined, query: URLSearchParams): Preference | undefined {
  // Almost every request asks for nothing: answer that without allocating.
  if (!header && (query.size === 0 || !QUERY_NAMES.some(([, param]) => query.has(param)))) return undefined
  const out: Preference = {}
  const take = (name: string, value: string): void => {
    if (name === 'code') out.code = Number(value)
    else if (name === 'example') out.example = value
    else if (name === 'fault') out.fault = value
    else if (name === 'delay') out.delayMs = Number(value)
  }
  if (header) {
    for (const part of header.split(/[,;]/)) {
      const [key = '', ...rest] = part.split('=')
      take(key.trim().toLowerCase(), rest.join('=').trim().replace(/^"(.*)"$/, '$1'))
    }
  }
  for (const [name, param] of QUERY_NAMES) {
    const value = query.get(param)
    if (value !== null) take(name, value)
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/** The documented response a preference names, if the operation has it. */
export function findDocumented(operation: Operation, prefer: { code?: number; example?: string }): DocumentedResponse | undefined {
  return operation.responses.find((r) =>
    (prefer.code === undefined || r.status === prefer.code) &&
    (prefer.example === undefined || r.examples.has(prefer.example)))
}

/** "200 (success); 400 (invalid-credentials, missing-fields)": what an operation documents, for error messages. */
export function describeDocumented(operation: Operation): { text: string; available: Array<{ code: number; examples: string[] }> } {
  const available = operation.responses.map((r) => ({ code: r.status, examples: [...r.examples.keys()] }))
  const text = available.map((a) => `${a.code}${a.examples.length ? ` (${a.examples.join(', ')})` : ''}`).join('; ')
  return { text, available }
}

/**
 * The documented response a Prefer asks for, verbatim: the example's body, its
 * status and the response's documented headers and Set-Cookie examples (so
 * every header the spec marks required is there). Nothing is validated
 * or issued; this is the QA escape hatch. An unknown code or name gets a 400
 * problem that lists what is available.
 */
export function preferredResponse(operation: Operation, prefer: { code?: number; example?: string }): StubResponse {
  const response = findDocumented(operation, prefer)
  if (!response) {
    const { text, available } = describeDocumented(operation)
    const asked = [prefer.code !== undefined && `code=${prefer.code}`, prefer.example !== undefined && `example=${prefer.example}`].filter(Boolean).join(', ')
    return problemResponse(400, 'ERR_PREFER_UNKNOWN', { asked, operationId: operation.operationId, available: text }, { available })
  }
  const name = prefer.example ?? [...response.examples.keys()][0]
  const headers: Record<string, string> = Object.fromEntries(response.headers)
  const body = name === undefined ? undefined : response.examples.get(name)
  if (body !== undefined && response.contentType) headers['content-type'] = response.contentType
  return {
    status: response.status,
    headers,
    cookies: response.cookies.map((cookie) => ({ ...cookie })),
    body: body === undefined ? undefined : JSON.stringify(body),
    operationId: operation.operationId,
  }
}
