import type { ErrorObject } from 'ajv'
import type { Api } from '../model/spec-model.js'

/** What a failed request validation says, in the two forms recipes use. */
export interface Violations {
  /** DRF's `{field: [message, ...]}`. */
  fieldMap: Record<string, string[]>
  /** "field: message; field: message", per the API's `violationFormat`. */
  text: string
}

/**
 * Turns ajv errors into the API's words: the field each error is about (the
 * missing property for `required`, else the first path segment, or the API's
 * non-field key for the body as a whole) and the API's message for the keyword.
 *
 * @example collectViolations(validate.errors, api) // { fieldMap: { password: ['This field is required.'] }, text: 'password: This field is required.' }
 */
export function collectViolations(errors: ErrorObject[] | null | undefined, api: Api): Violations {
  // No prototype: a field named "__proto__" must stay a field.
  const fieldMap = Object.create(null) as Record<string, string[]>
  for (const error of errors ?? []) {
    // if/then/else and combinator wrappers repeat what their sub-errors say.
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    if (error.keyword === 'required') segments.push(String((error.params as { missingProperty?: string }).missingProperty))
    const field = segments.join('.') || api.nonFieldKey
    // "type:object" lets a spec word "expected an object" apart from "expected a string".
    const expected = (error.params as { type?: unknown }).type
    const message = (error.keyword === 'type' ? api.messages[`type:${String(expected)}`] : undefined) ??
      api.messages[error.keyword] ?? api.messages.default ?? error.message ?? error.keyword
    const list = Object.hasOwn(fieldMap, field) ? (fieldMap[field] as string[]) : (fieldMap[field] = [])
    if (!list.includes(message)) list.push(message)
  }
  const text = Object.entries(fieldMap)
    .flatMap(([field, messages]) => messages.map((message) => api.violationFormat.replace('{field}', field).replace('{message}', message)))
    .join('; ')
  return { fieldMap, text }
}
