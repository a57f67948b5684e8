/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that request
 * bodies and parameters of the specs use, and the small readings of it the
 * input generators share (schema-arbitraries.ts, string-arbitraries.ts).
 */
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { DJANGO_EMAIL } from '../model/django-email.js'

/** A request body or parameter schema, as its validator was compiled from. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  enum?: unknown[]
  const?: unknown
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  /** OpenAPI 3.0's spelling of `type: [..., "null"]`; ajv reads it too. */
  nullable?: boolean
  description?: string
}

/** The JSON types a schema admits, `null` included when it is; a schema that names none is read as a string. */
export function typesOf(schema: JsonSchema): string[] {
  const declared = schema.type === undefined ? [] : ([] as string[]).concat(schema.type)
  let types = declared
  if (types.length === 0) {
    if (schema.properties) types = ['object']
    else if (schema.items) types = ['array']
    else if (schema.enum) types = [...new Set(schema.enum.map(jsonType))]
    else if (schema.const !== undefined) types = [jsonType(schema.const)]
    else types = ['string']
  }
  return schema.nullable === true && !types.includes('null') ? [...types, 'null'] : types
}

/** The first non-null type: what a generated value is made as. */
export const mainType = (schema: JsonSchema): string => typesOf(schema).find((t) => t !== 'null') ?? 'null'

/** The JSON type of a value, `integer` for whole numbers. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/** Whether a value has one of the schema's types (an integer is a number too, as JSON Schema says). */
export function hasType(value: unknown, schema: JsonSchema): boolean {
  const type = jsonType(value)
  const types = typesOf(schema)
  return types.includes(type) || (type === 'integer' && types.includes('number'))
}

/** Length as JSON Schema counts it: code points, not UTF-16 units (ajv's ucs2length). */
export const lengthOf = (text: string): number => [...text].length

/** A JSON Pointer member step (RFC 6901 §3: "~" as "~0", "/" as "~1"). */
export const pointerTo = (pointer: string, name: string | number): string => `${pointer}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`

/** A pointer as reports show it: the root has the empty pointer, shown as "(root)". */
export const shownPointer = (pointer: string): string => pointer || '(root)'

type FormatCheck = RegExp | ((text: string) => boolean) | { validate: RegExp | ((text: string) => boolean) }
const runCheck = (check: RegExp | ((text: string) => boolean), text: string): boolean => (typeof check === 'function' ? check(text) : check.test(text))

/**
 * Whether a string passes `format`, as the model's validators check it
 * (create-ajv-validators.ts: ajv-formats' full mode, and email the Django way).
 * Unknown formats pass: ajv, not strict, ignores them.
 */
export function formatAccepts(format: string | undefined, text: string): boolean {
  if (format === undefined) return true
  if (format === 'email') return DJANGO_EMAIL.test(text)
  const check = (fullFormats as Record<string, FormatCheck | undefined>)[format]
  if (check === undefined || typeof check === 'boolean') return true
  return runCheck('validate' in check ? check.validate : check, text)
}

const patterns = new Map<string, RegExp>()
/** A schema pattern as ajv compiles it: with the "u" flag (its unicodeRegExp default). Compiled once per pattern. */
export function patternOf(pattern: string): RegExp {
  let regex = patterns.get(pattern)
  if (regex === undefined) patterns.set(pattern, (regex = new RegExp(pattern, 'u')))
  return regex
}

/** Whether a string meets every string keyword of the schema but `except` (enum and const included). */
export function stringAccepts(schema: JsonSchema, text: string, except?: 'minLength' | 'maxLength' | 'format' | 'pattern' | 'enum'): boolean {
  const length = lengthOf(text)
  if (except !== 'minLength' && length < (schema.minLength ?? 0)) return false
  if (except !== 'maxLength' && schema.maxLength !== undefined && length > schema.maxLength) return false
  if (except !== 'format' && !formatAccepts(schema.format, text)) return false
  if (except !== 'pattern' && schema.pattern !== undefined && !patternOf(schema.pattern).test(text)) return false
  if (except !== 'enum' && schema.enum !== undefined && !schema.enum.includes(text)) return false
  if (except !== 'enum' && schema.const !== undefined && schema.const !== text) return false
  return true
}
