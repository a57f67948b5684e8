import type { Operation } from '../model/spec-model.js'
import { problemResponse } from './errors.js'
import type { StubResponse } from './types.js'

/**
 * Reads `Prefer: code=<status>` and `example=<name>` (RFC 7240 preferences, the
 * same words Stoplight Prism uses). Returns undefined when the header asks for
 * neither.
 *
 * @example parsePrefer('code=401, example=invalid-token') // { code: 401, example: 'invalid-token' }
 */
export function parsePrefer(header: string | undefined): { code?: number; example?: string } | undefined {
  if (!header) return undefined
  const out: { code?: number; example?: string } = {}
  for (const part of header.split(/[,;]/)) {
    const [key = '', ...rest] = part.split('=')
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1')
    const name = key.trim().toLowerCase()
    if (name === 'code') out.code = Number(value)
    else if (name === 'example') out.example = value
  }
  return out.code === undefined && out.example === undefined ? undefined : out
}

/**
 * The documented response a Prefer asks for, verbatim: the example's body, its
 * status and the response's documented header examples. Nothing is validated
 * or issued; this is the QA escape hatch. An unknown code or name gets a 400
 * problem that lists what is available.
 */
export function preferredResponse(operation: Operation, prefer: { code?: number; example?: string }): StubResponse {
  const response = operation.responses.find((r) =>
    (prefer.code === undefined || r.status === prefer.code) &&
    (prefer.example === undefined || r.examples.has(prefer.example)))
  if (!response) {
    const available = operation.responses.map((r) => ({ code: r.status, examples: [...r.examples.keys()] }))
    const asked = [prefer.code !== undefined && `code=${prefer.code}`, prefer.example !== undefined && `example=${prefer.example}`].filter(Boolean).join(', ')
    const list = available.map((a) => `${a.code}${a.examples.length ? ` (${a.examples.join(', ')})` : ''}`).join('; ')
    return problemResponse(400, 'ERR_PREFER_UNKNOWN', { asked, operationId: operation.operationId, available: list }, { available })
  }
  const name = prefer.example ?? [...response.examples.keys()][0]
  const headers: Record<string, string> = Object.fromEntries(response.headers)
  const body = name === undefined ? undefined : response.examples.get(name)
  if (body !== undefined && response.contentType) headers['content-type'] = response.contentType
  return {
    status: response.status,
    headers,
    cookies: [],
    body: body === undefined ? undefined : JSON.stringify(body),
    operationId: operation.operationId,
  }
}
