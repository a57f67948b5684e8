import type { Json } from '../core/types.js'
import type { DeclaredHeader, DocumentedResponse } from './spec-model.js'

interface MediaObject { examples?: Record<string, { value?: Json }>; example?: Json; schema?: object }
interface HeaderObject { example?: unknown; required?: boolean; schema?: { example?: unknown }; examples?: Record<string, { value?: unknown }> }
interface ResponseObject { content?: Record<string, MediaObject>; headers?: Record<string, HeaderObject> }

/**
 * Lists an operation's responses with their named examples, in the order the
 * spec declares them (which is the order `Prefer: code=` and recipes search).
 * Only numeric statuses count: "default" and "4XX" document nothing to replay.
 * Each keeps its body schema and declared headers, which the contract checker
 * validates real answers against (the documents are already dereferenced).
 */
export function documentedResponses(responses: Record<string, ResponseObject> | undefined): DocumentedResponse[] {
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
    const declaredHeaders: DeclaredHeader[] = []
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      declaredHeaders.push({ name: name.toLowerCase(), required: header.required === true, schema: header.schema })
      const value = header.example ?? header.schema?.example ?? Object.values(header.examples ?? {})[0]?.value
      if (typeof value === 'string' && name.toLowerCase() !== 'set-cookie') headers.push([name.toLowerCase(), value])
    }
    out.push({ status: Number(code), contentType, examples, headers, schema: media?.schema, declaredHeaders })
  }
  return out
}
