/**
 * Strings that break exactly one string keyword of a schema (maxLength,
 * minLength, format, pattern, enum/const) and keep every other one, so a
 * failing case names the one rule the server missed. Each candidate is
 * checked against the schema (json-schema.ts); a break the schema makes
 * impossible (a too-short e-mail address under minLength 1: "" is no address
 * either) is left out.
 */
import fc from 'fast-check'
import { formatAccepts, lengthOf, patternOf, shownPointer, stringAccepts, type JsonSchema } from './json-schema.js'
import { alnum, controlUnit, emailOfLength, printable, stretched, stringOfLength, validStrings, viable } from './string-arbitraries.js'

/** One kind of broken value for one position. */
export interface Breaker {
  category: string
  arbitrary: fc.Arbitrary<{ value: unknown; where: string }>
}

/** Django's EmailValidator (django-email.ts) refuses addresses over 320 characters: past that, "too long" would break the format too. */
const EMAIL_CEILING = 320

/** Known-bad text per format, beside the generated kind (letters and digits only: no format takes them). */
const BAD_FORMATS: Record<string, string[]> = {
  email: ['a@b', '@example.com', 'user@', 'a@@example.com', 'a b@example.com', 'a..b@example.com', 'user@-x.example', 'user@example.c', 'user.example.com'],
  uri: ['example.com/path', '//example.com', 'http://exa mple.com', ':no-scheme', '1http://x.y'],
  url: ['example.com/path', '//example.com', 'http://exa mple.com'],
  uuid: ['not-a-uuid', '123e4567-e89b-12d3-a456-42661417400', '123e4567e89b12d3a456426614174000', 'g23e4567-e89b-12d3-a456-426614174000'],
  date: ['2024-02-30', '2024-13-01', '01/02/2024', '2024-1-1', '20240101'],
  'date-time': ['2024-01-01', '2024-01-01T25:00:00Z', '2024-13-01T00:00:00Z', 'yesterday', '2024-01-01T00:00:60.5Z'],
  ipv4: ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4x'],
}

/** Breaks kept only when the schema leaves room for them. */
function breaker(category: string, candidates: fc.Arbitrary<string>, check: (text: string) => boolean, where: (text: string) => string): Breaker[] {
  if (!viable(candidates, check)) return []
  return [{ category, arbitrary: candidates.filter(check).map((value) => ({ value, where: where(value) })) }]
}

/** A string the schema's own length bounds allow, n code points of `unit`. */
function boundedText(schema: JsonSchema, unit: fc.Arbitrary<string>, least = 0): fc.Arbitrary<string> {
  const min = Math.max(schema.minLength ?? 0, least)
  const max = Math.max(min, Math.min(schema.maxLength ?? Infinity, min + 20))
  return fc.integer({ min, max }).chain((n) => stringOfLength(unit, n))
}

/**
 * The string breakers of one string position: 'too long', 'too short',
 * 'bad format', 'pattern mismatch', 'not in enum', each absent when the
 * schema has no such keyword or leaves no room to break it alone.
 *
 * @example stringBreakers({ type: 'string', maxLength: 3 }, '/name') // [{ category: 'too long', ... }]
 */
export function stringBreakers(schema: JsonSchema, pointer: string): Breaker[] {
  const at = shownPointer(pointer)
  const base = validStrings(schema, 'random').arbitrary
  const out: Breaker[] = []
  const { maxLength, minLength, format, pattern } = schema
  if (maxLength !== undefined) {
    const lengths = fc.oneof({ arbitrary: fc.constant(maxLength + 1), weight: 3 }, { arbitrary: fc.integer({ min: maxLength + 2, max: maxLength + 40 }), weight: 1 })
    const within = (text: string): boolean => stringAccepts(schema, text, 'maxLength')
    const candidates = format === 'email'
      ? lengths.filter((n) => n <= EMAIL_CEILING).chain(emailOfLength)
      : format === undefined && pattern === undefined
        ? lengths.chain((n) => stringOfLength(alnum, n))
        : fc.tuple(base, lengths).map(([text, n]) => stretched(text, n, within))
    out.push(...breaker('too long', candidates, (text) => within(text) && lengthOf(text) > maxLength,
      (text) => `${at}: too long (${lengthOf(text)} > ${maxLength})`))
  }
  if (minLength !== undefined && minLength > 0) {
    const within = (text: string): boolean => stringAccepts(schema, text, 'minLength')
    const candidates = format === 'email' && minLength > 6
      ? fc.integer({ min: 6, max: minLength - 1 }).chain(emailOfLength)
      : fc.oneof(stringOfLength(alnum, minLength - 1), fc.tuple(base, fc.nat(minLength - 1)).map(([text, n]) => [...text].slice(0, n).join('')))
    out.push(...breaker('too short', candidates, (text) => within(text) && lengthOf(text) < minLength,
      (text) => `${at}: too short (${lengthOf(text)} < ${minLength})`))
  }
  if (format !== undefined && format in BAD_FORMATS) {
    const candidates = fc.oneof(boundedText(schema, alnum, 1), fc.constantFrom(...(BAD_FORMATS[format] ?? [])))
    out.push(...breaker('bad format', candidates, (text) => stringAccepts(schema, text, 'format') && !formatAccepts(format, text),
      () => `${at}: bad format (not ${format})`))
  }
  if (pattern !== undefined) {
    const regex = patternOf(pattern)
    const candidates = fc.oneof(boundedText(schema, printable), boundedText(schema, controlUnit), base.map((text) => `\n${text}`), base.map((text) => `${text}\n`))
    out.push(...breaker('pattern mismatch', candidates, (text) => stringAccepts(schema, text, 'pattern') && !regex.test(text),
      () => `${at}: pattern mismatch (${pattern})`))
  }
  if (schema.enum !== undefined || schema.const !== undefined) {
    const allowed = schema.enum ?? [schema.const]
    const named = allowed.filter((v): v is string => typeof v === 'string')
    const near = named.length === 0 ? [] : [fc.constantFrom(...named).chain((v) => fc.constantFrom(v.toLowerCase(), v.toUpperCase(), `${v} `, ` ${v}`, `${v}x`, v.slice(0, -1)))]
    const candidates = fc.oneof(...near, boundedText(schema, alnum))
    out.push(...breaker('not in enum', candidates, (text) => stringAccepts(schema, text, 'enum') && !allowed.includes(text),
      (text) => `${at}: not in enum (${JSON.stringify(text)})`))
  }
  return out
}
