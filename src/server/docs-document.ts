import type { OpenAPIV3_1 } from 'openapi-types'

/**
 * An API's OpenAPI document as the reference page shows it: `servers` is the
 * mock itself, as the relative URL "/" (OpenAPI 3.1 §4.8.5: relative to where
 * the document is served), so "Try it out" calls the host and port the reader
 * reached, whatever `--host`, `--port` or proxy put it there. `x-authmock`
 * (the mock's own behaviour: credentials, scenarios, recipes) is taken out
 * everywhere: the page documents the API a front end codes against, and the
 * scenarios have their own page (/__mock/). The given document is not changed.
 *
 * @example docsDocument(source.document).servers // [{ url: '/', description: 'this authmock server' }]
 */
export function docsDocument(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const copy = withoutExtension(document) as OpenAPIV3_1.Document
  return { ...copy, servers: [{ url: '/', description: 'this authmock server' }] }
}

function withoutExtension(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtension)
  if (value === null || typeof value !== 'object') return value
  // No prototype: a "__proto__" key in a document stays a key.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'x-authmock') out[key] = withoutExtension(inner)
  }
  return out
}
