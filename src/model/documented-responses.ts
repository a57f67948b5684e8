import { AuthmockError } from '../core/errors.js'
import type { Json, SetCookie } from '../core/types.js'
import { parseSetCookie } from './parse-set-cookie.js'
import type { DeclaredHeader, DocumentedResponse } from './spec-model.js'

interface MediaObject { examples?: Record<string, { value?: Json }>; example?: Json; schema?: object }
interface HeaderSchema { example?: unknown; examples?: unknown[]; const?: unknown; enum?: unknown[]; default?: unknown }
interface HeaderObject { example?: unknown; required?: boolean; schema?: HeaderSchema; examples?: Record<string, { value?: unknown }> }
interface ResponseObject { content?: Record<string, MediaObject>; headers?: Record<string, HeaderObject> }

/**
 * Lists an operation's responses with their named examples, in the order the
 * spec declares them (which is the order `Prefer: code=` and recipes search).
 * Only numeric statuses count: "default" and "4XX" document nothing to replay.
 * Each keeps its body schema and declared headers, which the contract checker
 * validates real answers against (the documents are already dereferenced).
 * A header's value to send is the spec's (header example, else its schema's
 * example, const, enum or default); Set-Cookie examples become cookies. A
 * header marked required with no value to send stops the load: a forced
 * answer must carry every required header (OpenAPI 3.1 Header Object), and
 * the value must come from the spec, not from code.
 */
export function documentedResponses(
  responses: Record<string, ResponseObject> | undefined,
  where: { operationId: string; cookieNames?: Record<string, string> | undefined } = { operationId: '(unnamed)' },
): DocumentedResponse[] {
  const out: DocumentedResponse[] = []
  for (const [code, response] of Object.entries(responses ?? {})) {
    if (!/^[1-5]\d\d$/.test(code)) continue
    const [contentType, media] = Object.entries(response.content ?? {})[0] ?? []
    const examples = new Map<string, Json>()
    for (const [name, example] of Object.entries(media?.examples ?? {})) {
      if (example.value !== undefined) examples.set(name, example.value)
    }
    if (media?.example !== undefined && examples.size === 0) examples.set('example', media.example)
    const headers: Array<[string, string]> = []
    const cookies: SetCookie[] = []
    const declaredHeaders: DeclaredHeader[] = []
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const lower = name.toLowerCase()
      declaredHeaders.push({ name: lower, required: header.required === true, schema: header.schema })
      const value = headerValue(header)
      const fail = (detail: string): AuthmockError => new AuthmockError('ERR_SPEC_HEADER_VALUE', { operationId: where.operationId, status: code, header: name, detail })
      if (value === undefined) {
        if (header.required) throw fail('it is marked required but has no example')
      } else if (lower === 'set-cookie') {
        const parsed = parseSetCookie(value, where.cookieNames)
        if (!parsed.ok) throw fail(parsed.detail)
        cookies.push(parsed.cookie)
      } else headers.push([lower, value])
    }
    out.push({ status: Number(code), contentType, examples, headers, cookies, schema: media?.schema, declaredHeaders })
  }
  return out
}

/** The value the spec gives a header, as text; undefined when it gives none. */
function headerValue(header: HeaderObject): string | undefined {
  const schema = header.schema ?? {}
  const candidates = [header.example, Object.values(header.examples ?? {})[0]?.value, schema.example, schema.examples?.[0], schema.const, schema.enum?.[0], schema.default]
  const value = candidates.find((c) => c !== undefined)
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
}
