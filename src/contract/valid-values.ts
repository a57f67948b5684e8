/**
 * Values a schema accepts, in one flavour at a time (schema-arbitraries.ts
 * names them): 'random', 'long' and 'non-ASCII' and 'control' strings,
 * 'boundary' numbers, objects with 'unknown members'. Each value comes with
 * notes naming what the flavour did where ("/first_name: 150 chars").
 */
import fc from 'fast-check'
import { hasType, lengthOf, mainType, pointerTo, shownPointer, typesOf, type JsonSchema } from './json-schema.js'
import { alnum, validStrings, type StringFlavour } from './string-arbitraries.js'

export type Flavour = StringFlavour | 'boundary' | 'unknown members'

/** A value and what its flavour did to it. */
export interface Noted {
  value: unknown
  notes: string[]
}

/** Valid values of one flavour, and whether the schema has any position the flavour changes. */
export interface ValidValues {
  arbitrary: fc.Arbitrary<Noted>
  applies: boolean
}

const plain = (arbitrary: fc.Arbitrary<unknown>, applies = false): ValidValues => ({ arbitrary: arbitrary.map((value) => ({ value, notes: [] })), applies })

/** The text form of a scalar: what a query string or a form body carries (the params validator coerces it back). */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '')

/** The lowest and highest values a numeric schema accepts and a value can sit exactly on (an exclusive bound of a non-integer has no such value). */
export function numberBounds(schema: JsonSchema): { low?: number | undefined; high?: number | undefined } {
  if (mainType(schema) !== 'integer') return { low: schema.minimum, high: schema.maximum }
  const low = schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : Math.floor(schema.exclusiveMinimum) + 1)
  const high = schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : Math.ceil(schema.exclusiveMaximum) - 1)
  return { low: low === undefined ? undefined : Math.ceil(low), high: high === undefined ? undefined : Math.floor(high) }
}

function numbers(schema: JsonSchema, flavour: Flavour, at: string): ValidValues {
  const { low, high } = numberBounds(schema)
  const min = low ?? schema.exclusiveMinimum ?? (high === undefined ? -1_000_000 : high - 1_000_000)
  const max = high ?? schema.exclusiveMaximum ?? min + 1_000_000
  const random = mainType(schema) === 'integer'
    ? fc.integer({ min, max })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: low === undefined && schema.exclusiveMinimum !== undefined, maxExcluded: high === undefined && schema.exclusiveMaximum !== undefined })
  const ends = [low, high].filter((v): v is number => v !== undefined)
  if (flavour !== 'boundary' || ends.length === 0) return plain(random)
  return {
    arbitrary: fc.constantFrom(...ends).map((value) => ({ value, notes: [`${at}: ${value} (${value === low ? 'lowest' : 'highest'} allowed)`] })),
    applies: true,
  }
}

function strings(schema: JsonSchema, flavour: Flavour, at: string): ValidValues {
  const stringFlavour: StringFlavour = flavour === 'boundary' || flavour === 'unknown members' ? 'random' : flavour
  const { arbitrary, applies } = validStrings(schema, stringFlavour)
  const note = (text: string): string[] => {
    if (!applies || stringFlavour === 'random') return []
    return [stringFlavour === 'long' ? `${at}: ${lengthOf(text)} chars` : `${at}: ${stringFlavour === 'control' ? 'control characters' : 'non-ASCII'}`]
  }
  return { arbitrary: arbitrary.map((value) => ({ value, notes: note(value) })), applies: applies && stringFlavour === flavour }
}

/** Names no schema member has, as clients and newer API versions send them. */
function unknownNames(schema: JsonSchema): fc.Arbitrary<string> {
  const known = new Set(Object.keys(schema.properties ?? {}))
  return fc.oneof(fc.constantFrom('extra', 'unknown_field', 'client_version', 'Extra Field', 'ünknown'), fc.string({ unit: alnum, minLength: 1, maxLength: 8 }))
    .filter((name) => !known.has(name))
}

function objects(schema: JsonSchema, flavour: Flavour, at: string, form: boolean): ValidValues {
  const properties = schema.properties ?? {}
  const members: Record<string, fc.Arbitrary<Noted>> = {}
  let applies = false
  for (const [name, member] of Object.entries(properties)) {
    const built = validValues(member, flavour, pointerTo(at, name), form)
    members[name] = built.arbitrary
    applies ||= built.applies
  }
  // Flavoured objects carry every member, so each one the flavour changes is there to be changed.
  const required = flavour === 'random' || flavour === 'unknown members' ? schema.required ?? [] : Object.keys(properties)
  const record = fc.record(members, { requiredKeys: required.filter((name) => name in members) })
    .map((r) => {
      const entries = Object.entries(r) as Array<[string, Noted]>
      return { value: Object.fromEntries(entries.map(([name, noted]) => [name, noted.value])), notes: entries.flatMap(([, noted]) => noted.notes) }
    })
  if (flavour !== 'unknown members' || schema.additionalProperties === false) return { arbitrary: record, applies }
  const extraValue = typeof schema.additionalProperties === 'object'
    ? validValues(schema.additionalProperties, 'random', at, form).arbitrary.map((noted) => noted.value)
    : form ? fc.string({ maxLength: 12 }) : fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean())
  const extras = fc.uniqueArray(fc.tuple(unknownNames(schema), extraValue), { minLength: 1, maxLength: 3, selector: ([name]) => name })
  return {
    arbitrary: fc.tuple(record, extras).map(([r, more]) => ({
      value: { ...Object.fromEntries(more), ...(r.value as Record<string, unknown>) },
      notes: [...r.notes, ...more.map(([name]) => `${shownPointer(pointerTo(at, name))}: unknown member`)],
    })),
    applies: true,
  }
}

function arrays(schema: JsonSchema, flavour: Flavour, at: string, form: boolean): ValidValues {
  const items = validValues(schema.items ?? {}, flavour, pointerTo(at, '*'), form)
  const minLength = schema.minItems ?? 0
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? Infinity, minLength + 4))
  const long = flavour === 'long' && schema.maxItems !== undefined
  const lengths = long ? { minLength: schema.maxItems, maxLength: schema.maxItems } : { minLength, maxLength }
  return {
    arbitrary: fc.array(items.arbitrary, lengths).map((list) => ({ value: list.map((n) => n.value), notes: [...new Set(list.flatMap((n) => n.notes))] })),
    applies: items.applies || long,
  }
}

/**
 * Valid values for a schema in one flavour, at `pointer`. With `form`, the
 * values are the text a query string or a form body carries: scalars as
 * strings, no null (a form cannot say it).
 *
 * @example fc.sample(validValues({ type: 'integer', minimum: 1 }, 'boundary', '/page', false).arbitrary, 1) // [{ value: 1, notes: ['/page: 1 (lowest allowed)'] }]
 */
export function validValues(schema: JsonSchema, flavour: Flavour, pointer: string, form: boolean): ValidValues {
  const at = shownPointer(pointer)
  const type = mainType(schema)
  let built: ValidValues
  if (schema.enum !== undefined || schema.const !== undefined) {
    const allowed = (schema.enum ?? [schema.const]).filter((v) => hasType(v, schema) && !(form && v === null))
    built = type === 'string' && allowed.every((v) => typeof v === 'string') ? strings(schema, flavour, at) : plain(fc.constantFrom(...allowed))
  } else if (type === 'integer' || type === 'number') built = numbers(schema, flavour, at)
  else if (type === 'boolean') built = plain(fc.boolean())
  else if (type === 'null') built = plain(fc.constant(null))
  else if (type === 'object') built = objects(schema, flavour, pointer, form)
  else if (type === 'array') built = arrays(schema, flavour, pointer, form)
  else built = strings(schema, flavour, at)
  const nullable = typesOf(schema).includes('null') && !form && flavour === 'random'
  const arbitrary = nullable ? fc.oneof({ arbitrary: built.arbitrary, weight: 4 }, { arbitrary: fc.constant<Noted>({ value: null, notes: [] }), weight: 1 }) : built.arbitrary
  // Nested members of a form travel as their JSON text: the form has no other way to say them.
  return { arbitrary: form ? arbitrary.map((n) => ({ ...n, value: pointer === '' && type === 'object' ? n.value : textOf(n.value) })) : arbitrary, applies: built.applies }
}
