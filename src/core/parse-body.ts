import type { Json } from './types.js'
import { isJsonType, mediaType } from './media-type.js'

export type ParsedBody =
  | { ok: true; value: Json }
  | { ok: false; reason: 'unsupported'; contentType: string }
  | { ok: false; reason: 'malformed'; message: string }

/**
 * Parses a request body by its Content-Type. JSON (and any `+json` type) and
 * HTML forms are understood, the two DRF's default parsers accept; an empty
 * body is `{}` (DRF reads it as empty data, so validation then names the
 * missing fields). Keys like `__proto__` stay plain data: JSON.parse never
 * touches prototypes and nothing downstream merges a body into an object.
 *
 * @example parseBody('{"a":1}', 'application/json', ['application/json']) // { ok: true, value: { a: 1 } }
 */
export function parseBody(raw: string | undefined, contentTypeHeader: string | undefined, accepted: string[]): ParsedBody {
  if (raw === undefined || raw === '') return { ok: true, value: {} }
  // The usual header as sent is already the media type: no split, trim or lower-casing.
  const contentType = contentTypeHeader === 'application/json' ? contentTypeHeader : mediaType(contentTypeHeader)
  const isJson = isJsonType(contentType)
  const isForm = contentType === 'application/x-www-form-urlencoded'
  let acceptsJson = false
  if (isJson) for (const m of accepted) acceptsJson ||= isJsonType(m)
  if (acceptsJson) {
    try {
      return { ok: true, value: JSON.parse(raw) as Json }
    } catch (error) {
      return { ok: false, reason: 'malformed', message: (error as Error).message }
    }
  }
  if (isForm && accepted.includes(contentType)) {
    // A repeated key keeps its last value, as Django's QueryDict (request.POST, DRF's FormParser) reads it;
    // fromEntries defines own properties, so a "__proto__" key is data, not a prototype.
    return { ok: true, value: Object.fromEntries(new URLSearchParams(raw)) as Record<string, Json> }
  }
  return { ok: false, reason: 'unsupported', contentType: contentType || '(none)' }
}
