/**
 * fast-check arbitraries built from a request schema, for `authmock verify
 * --generate` and the fuzz tests of the mock (issue 13, items 1 and 6), so the
 * mock and staging are held to the same inputs.
 *
 * Inputs come in named categories, each kept apart so a server that fails
 * only on long values and one that fails only on non-ASCII text are both
 * found, and named: valid ones (every value passes the schema) and invalid
 * ones (every value breaks exactly one constraint, and says which).
 */
import fc from 'fast-check'
import { hasType, mainType, pointerTo, shownPointer, typesOf, type JsonSchema } from './json-schema.js'
import { alnum, viable } from './string-arbitraries.js'
import { stringBreakers, type Breaker } from './string-breakers.js'
import { numberBounds, textOf, validValues, type Flavour } from './valid-values.js'

export type { JsonSchema } from './json-schema.js'

/** One class of generated input for a schema. */
export interface InputCategory {
  kind: 'valid' | 'invalid'
  /** 'random', 'long strings', 'non-ASCII strings', ... (valid); 'wrong type', 'missing required', 'too long', ... (invalid). */
  category: string
  /**
   * Values with where they stand out. An invalid value breaks exactly one
   * constraint and `where` names it as a JSON Pointer and what ("/email: too
   * long (255 > 254)"); a valid one says what its category did where
   * ("/first_name: 150 chars"), or nothing for 'random'.
   */
  arbitrary: fc.Arbitrary<{ value: unknown; where: string }>
}

/** The valid categories, in report order, and the flavour each is made with. */
const VALID: Array<[string, Flavour]> = [
  ['random', 'random'],
  ['long strings', 'long'],
  ['non-ASCII strings', 'non-ASCII'],
  ['control characters', 'control'],
  ['boundary numbers', 'boundary'],
  ['unknown members', 'unknown members'],
]

const random = (schema: JsonSchema, pointer: string, form: boolean): fc.Arbitrary<unknown> =>
  validValues(schema, 'random', pointer, form).arbitrary.map((noted) => noted.value)

/** A scalar of another JSON type than the schema's, or (form) text no coercion reads as its type. */
function wrongTypes(schema: JsonSchema, at: string, form: boolean): Breaker[] {
  const type = mainType(schema)
  if (form) {
    if (type === 'string' || type === 'object' || type === 'array') return []
    const text = fc.oneof(fc.constantFrom('abc', 'one', '1x', 'maybe', 'NaN'), fc.string({ unit: fc.constantFrom(...'xyz'.split('')), minLength: 1, maxLength: 6 }))
    return [{ category: 'wrong type', arbitrary: text.map((value) => ({ value, where: `${at}: wrong type (text where ${type})` })) }]
  }
  const candidates = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 12 }),
    ...(type === 'object' ? [fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })] : []))
  const check = (value: unknown): boolean => !hasType(value, schema)
  if (!viable(candidates, check)) return []
  return [{ category: 'wrong type', arbitrary: candidates.filter(check).map((value) => ({ value, where: `${at}: wrong type (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value} where ${typesOf(schema).join(' or ')})` })) }]
}

/** An array or object around a valid scalar: structure where the schema wants a plain value. */
function extraNesting(schema: JsonSchema, pointer: string, at: string): Breaker[] {
  const types = typesOf(schema)
  if (types.includes('object') || types.includes('array')) return []
  const inner = random(schema, pointer, false)
  const nested = fc.oneof(inner.map((v) => [v]), inner.map((v) => ({ value: v })), inner.map((v) => [[v]]), inner.map((v) => ({ a: { b: [v] } })))
  return [{ category: 'extra nesting', arbitrary: nested.map((value) => ({ value, where: `${at}: extra nesting (${Array.isArray(value) ? 'array' : 'object'} where ${types.join(' or ')})` })) }]
}

function outOfRange(schema: JsonSchema, at: string, form: boolean): Breaker[] {
  const integer = mainType(schema) === 'integer'
  const { low, high } = numberBounds(schema)
  const out: Breaker[] = []
  const show = (value: number): unknown => (form ? textOf(value) : value)
  const lowest = low ?? schema.exclusiveMinimum
  if (lowest !== undefined) {
    const edge = low === undefined ? lowest : integer ? low - 1 : low - 0.5
    const values = fc.oneof({ arbitrary: fc.constant(edge), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 1000 }).map((n) => edge - n), weight: 1 })
    out.push({ category: 'below minimum', arbitrary: values.map((v) => ({ value: show(v), where: `${at}: below minimum (${v} ${low === undefined ? '<=' : '<'} ${lowest})` })) })
  }
  const highest = high ?? schema.exclusiveMaximum
  if (highest !== undefined) {
    const edge = high === undefined ? highest : integer ? high + 1 : high + 0.5
    const values = fc.oneof({ arbitrary: fc.constant(edge), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 1000 }).map((n) => edge + n), weight: 1 })
    out.push({ category: 'above maximum', arbitrary: values.map((v) => ({ value: show(v), where: `${at}: above maximum (${v} ${high === undefined ? '>=' : '>'} ${highest})` })) })
  }
  return out
}

/** Numbers (or, in a form, their text) outside a numeric enum or const. */
function outsideEnum(schema: JsonSchema, at: string, form: boolean): Breaker[] {
  const allowed = schema.enum ?? [schema.const]
  const candidates = mainType(schema) === 'integer' ? fc.integer({ min: -1000, max: 1000 }) : fc.double({ min: -1000, max: 1000, noNaN: true })
  return [{ category: 'not in enum', arbitrary: candidates.filter((v) => !allowed.includes(v)).map((v) => ({ value: form ? textOf(v) : v, where: `${at}: not in enum (${v})` })) }]
}

/** A broken member put into an otherwise valid object. */
function lifted(schema: JsonSchema, pointer: string, name: string, broken: Breaker, form: boolean): Breaker {
  return {
    category: broken.category,
    arbitrary: fc.tuple(random(schema, pointer, form), broken.arbitrary).map(([whole, part]) => ({
      value: { ...(whole as Record<string, unknown>), [name]: part.value },
      where: part.where,
    })),
  }
}

function objectBreakers(schema: JsonSchema, pointer: string, form: boolean): Breaker[] {
  const out: Breaker[] = []
  const properties = schema.properties ?? {}
  // Every member present, so removing one removes exactly that one.
  const full = validValues({ ...schema, required: Object.keys(properties) }, 'random', pointer, form).arbitrary.map((n) => n.value as Record<string, unknown>)
  for (const name of schema.required ?? []) {
    out.push({ category: 'missing required', arbitrary: full.map((whole) => {
      const { [name]: _dropped, ...rest } = whole
      return { value: rest, where: `${shownPointer(pointerTo(pointer, name))}: missing required` }
    }) })
  }
  if (schema.additionalProperties === false) {
    const name = fc.string({ unit: alnum, minLength: 1, maxLength: 8 }).filter((n) => !(n in properties))
    out.push({ category: 'unknown member', arbitrary: fc.tuple(random(schema, pointer, form), name).map(([whole, extra]) => ({
      value: { ...(whole as Record<string, unknown>), [extra]: 'x' },
      where: `${shownPointer(pointerTo(pointer, extra))}: unknown member (additionalProperties: false)`,
    })) })
  }
  for (const [name, member] of Object.entries(properties)) {
    for (const broken of breakersOf(member, pointerTo(pointer, name), form)) out.push(lifted(schema, pointer, name, broken, form))
  }
  return out
}

function arrayBreakers(schema: JsonSchema, pointer: string, at: string, form: boolean): Breaker[] {
  const item = schema.items ?? {}
  const items = random(item, pointerTo(pointer, 0), form)
  const out: Breaker[] = []
  const { minItems, maxItems } = schema
  if (maxItems !== undefined) {
    const list = fc.array(items, { minLength: maxItems + 1, maxLength: maxItems + 3 })
    out.push({ category: 'too many items', arbitrary: list.map((value) => ({ value, where: `${at}: too many items (${value.length} > ${maxItems})` })) })
  }
  if (minItems !== undefined && minItems > 0) {
    const list = fc.array(items, { maxLength: minItems - 1 })
    out.push({ category: 'too few items', arbitrary: list.map((value) => ({ value, where: `${at}: too few items (${value.length} < ${minItems})` })) })
  }
  // One broken item, first, among valid ones within the item count.
  const others = fc.array(items, { minLength: Math.max(0, (minItems ?? 0) - 1), maxLength: Math.max(0, Math.min((maxItems ?? 4) - 1, (minItems ?? 0) + 2)) })
  for (const broken of breakersOf(item, pointerTo(pointer, 0), form)) {
    out.push({ category: broken.category, arbitrary: fc.tuple(broken.arbitrary, others).map(([first, rest]) => ({ value: [first.value, ...rest], where: first.where })) })
  }
  return out
}

/** Every breaker of a schema at `pointer`: its own keywords, and (objects, arrays) its members' and items' lifted into a valid whole. */
function breakersOf(schema: JsonSchema, pointer: string, form: boolean): Breaker[] {
  const at = shownPointer(pointer)
  const type = mainType(schema)
  const out: Breaker[] = [...wrongTypes(schema, at, form), ...(form ? [] : extraNesting(schema, pointer, at))]
  if (type === 'string') out.push(...stringBreakers(schema, pointer))
  else if ((type === 'integer' || type === 'number') && (schema.enum !== undefined || schema.const !== undefined)) out.push(...outsideEnum(schema, at, form))
  else if (type === 'integer' || type === 'number') out.push(...outOfRange(schema, at, form))
  else if (type === 'object') out.push(...objectBreakers(schema, pointer, form))
  else if (type === 'array' && !form) out.push(...arrayBreakers(schema, pointer, at, form))
  return out
}

/**
 * The input categories that apply to a request schema: valid ones whose
 * flavour the schema leaves room for (no 'non-ASCII strings' for a schema of
 * enums and integers), and invalid ones for each constraint it has. With
 * `form` (an application/x-www-form-urlencoded body, or a query string),
 * values are flat text: no 'extra nesting', and 'wrong type' only where text
 * can miss a number or boolean.
 *
 * @example
 * const [random] = inputCategories({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } })
 * fc.sample(random.arbitrary, 1) // [{ value: { email: 'a@b.co' }, where: '' }]
 */
export function inputCategories(schema: JsonSchema, options: { form?: boolean } = {}): InputCategory[] {
  const form = options.form === true
  const categories: InputCategory[] = []
  for (const [category, flavour] of VALID) {
    const built = validValues(schema, flavour, '', form)
    if (flavour !== 'random' && !built.applies) continue
    categories.push({ kind: 'valid', category, arbitrary: built.arbitrary.map((n) => ({ value: n.value, where: n.notes.join('; ') })) })
  }
  const byCategory = new Map<string, Array<Breaker['arbitrary']>>()
  for (const broken of breakersOf(schema, '', form)) byCategory.set(broken.category, [...(byCategory.get(broken.category) ?? []), broken.arbitrary])
  for (const [category, arbitraries] of byCategory) categories.push({ kind: 'invalid', category, arbitrary: fc.oneof(...arbitraries) })
  return categories
}
