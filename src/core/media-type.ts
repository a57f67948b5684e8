/**
 * The media type of a Content-Type header: the part before any parameter,
 * trimmed and lower-cased (RFC 9110 §8.3.1: type and subtype are
 * case-insensitive); "" when there is none.
 *
 * @example mediaType('Application/JSON; charset=utf-8') // 'application/json'
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * JSON, or a JSON-based type (`application/problem+json`, RFC 6839 §3.1).
 *
 * @example isJsonType('application/problem+json') // true
 */
export function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json')
}
