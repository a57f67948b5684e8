/**
 * Valid strings for one string schema, in the flavours `verify --generate`
 * keeps apart (schema-arbitraries.ts): plain random text, long text at or near
 * the documented limit, non-ASCII text, text with control characters. A format
 * or pattern still holds in every flavour, and a flavour that cannot hold for
 * a schema (non-ASCII in an e-mail address or a uuid) says so (`applies:
 * false`): the category then changes the schema's other members.
 */
import fc from 'fast-check'
import { lengthOf, stringAccepts, type JsonSchema } from './json-schema.js'

export type StringFlavour = 'random' | 'long' | 'non-ASCII' | 'control'

/** A generator of valid strings, and whether it carries its flavour (false: it falls back to random ones). */
export interface FlavouredStrings {
  arbitrary: fc.Arbitrary<string>
  applies: boolean
}

/** Lengths for "long" where the schema sets no maxLength: past the usual 255/256 and 1 KiB/4 KiB column and buffer sizes. */
const LONG_WITHOUT_MAX = { min: 300, max: 5000 }
/** RFC 5321 §4.5.3.1.3 path limit: the longest address a server is bound to take when the schema sets no maxLength. */
const LONGEST_EMAIL = 254

const char = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((c) => String.fromCodePoint(c))
export const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''))
const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''))
/** Printable ASCII (fast-check's default string unit). */
export const printable = char(0x20, 0x7e)

/**
 * Non-ASCII code points, one per unit: Latin-1 letters, Greek, Cyrillic,
 * Hebrew and Arabic (right to left), CJK, kana, combining marks, emoji and
 * other astral-plane letters, and the invisible format characters text
 * carries (RLM, ZWJ, ZWNJ). No C1 controls, no line or paragraph separators:
 * those are the 'control characters' flavour.
 */
export const nonAsciiUnit: fc.Arbitrary<string> = fc.oneof(
  char(0xc0, 0xff).filter((c) => c !== '\u00d7' && c !== '\u00f7'),
  char(0x391, 0x3a9), char(0x410, 0x44f), char(0x5d0, 0x5ea), char(0x627, 0x64a),
  char(0x4e00, 0x9fff), char(0x3041, 0x3096), char(0x300, 0x36f),
  char(0x1f600, 0x1f64f), char(0x20000, 0x2a6df), char(0x1d400, 0x1d4ff),
  fc.constantFrom('\u200f', '\u200d', '\u200c', '\u00e9', 'e\u0301'.slice(1)),
)

/** Characters valid JSON carries escaped and servers often mishandle: C0 and C1 controls, NUL, DEL, separators, BOM, blanks. */
export const controlUnit = fc.oneof(char(0x00, 0x1f), char(0x7f, 0x9f), fc.constantFrom('\u2028', '\u2029', '\ufeff', '\u200b', ' ', '\u00a0', '\u3000'))

/**
 * A string of exactly n units of `unit` (each one code point, so n is its
 * JSON Schema length). Past 64 units a random run of up to 64 repeats: a
 * 5,000-character value drawn unit by unit made the test run ten times slower
 * and finds nothing a repeated run does not.
 */
export function stringOfLength(unit: fc.Arbitrary<string>, n: number): fc.Arbitrary<string> {
  if (n <= 64) return fc.array(unit, { minLength: n, maxLength: n }).map((units) => units.join(''))
  return fc.array(unit, { minLength: 16, maxLength: 64 }).map((units) => Array.from({ length: n }, (_, i) => units[i % units.length]).join(''))
}

/** Text with letters or digits at both ends: DRF trims edge blanks, which would shorten it. */
const unblank = (text: string): string => text.replace(/^\s/u, 'a').replace(/\s$/u, 'z')

/** The lookaround groups of a pattern removed: fast-check's stringMatching cannot read them, and the real pattern re-checks each value. */
export function withoutLookarounds(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') { out += pattern.slice(i, i + 2); i++; continue }
    if (pattern[i] === '[') {
      const end = classEnd(pattern, i)
      out += pattern.slice(i, end + 1)
      i = end
      continue
    }
    if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) { i = groupEnd(pattern, i); continue }
    out += pattern[i]
  }
  return out
}

function classEnd(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === ']') return i
  }
  return pattern.length
}

function groupEnd(pattern: string, start: number): number {
  let depth = 0
  for (let i = start; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === '[') i = classEnd(pattern, i)
    else if (pattern[i] === '(') depth++
    else if (pattern[i] === ')' && --depth === 0) return i
  }
  return pattern.length
}

/**
 * Whether any of a few values from `candidates` (fixed seed) passes `check`:
 * a flavour or a breaking value a schema makes impossible (a pattern that
 * fixes the length, a format with no room for non-ASCII) is left out rather
 * than filtered for ever.
 */
export function viable<T>(candidates: fc.Arbitrary<T>, check: (value: T) => boolean): boolean {
  return fc.sample(candidates, { numRuns: 40, seed: 42 }).some(check)
}

/** An e-mail address of exactly n characters (n >= 6), ASCII: a local part of at most 64 (RFC 5321 §4.5.3.1.1), labels of at most 63. */
export function emailOfLength(n: number): fc.Arbitrary<string> {
  return stringOfLength(lower, n).map((letters) => {
    const chars = [...letters]
    const local = Math.min(64, n - 5)
    chars[local] = '@'
    let at = local + 1
    let rest = n - at
    // Full labels while the remainder can still end in "x.tld" with a 2..63 letter top-level label.
    while (rest > 66) {
      const label = Math.min(63, rest - 5)
      chars[at + label] = '.'
      at += label + 1
      rest -= label + 1
    }
    const tld = Math.min(63, rest - 2)
    chars[at + (rest - 1 - tld)] = '.'
    return chars.join('')
  })
}

/** Random valid strings: printable ASCII, not blank (schema-valid blanks are the 'control characters' flavour). */
function randomString(schema: JsonSchema): fc.Arbitrary<string> {
  const accepts = (text: string): boolean => stringAccepts(schema, text)
  if (schema.enum !== undefined || schema.const !== undefined) {
    const values = (schema.enum ?? [schema.const]).filter((v): v is string => typeof v === 'string')
    return fc.constantFrom(...values)
  }
  const min = schema.minLength ?? 0
  const max = Math.min(schema.maxLength ?? Infinity, min + 24)
  switch (schema.format) {
    case 'email': return fc.emailAddress().filter(accepts)
    case 'uri': case 'url': return fc.webUrl().filter(accepts)
    case 'uuid': return fc.uuid().filter(accepts)
    case 'ipv4': return fc.ipV4().filter(accepts)
    case 'date': case 'date-time': {
      const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
      return dates.map((d) => (schema.format === 'date' ? d.toISOString().slice(0, 10) : d.toISOString())).filter(accepts)
    }
  }
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(withoutLookarounds(schema.pattern), 'u')).filter(accepts)
  const text = fc.string({ minLength: min, maxLength: Math.max(min, max) }).map((s) => (min > 0 ? unblank(s) : s))
  return schema.format === undefined ? text : text.filter(accepts)
}

/** The length a long value aims at: maxLength itself most often, else just under it; a few hundred to thousands without one. */
function longLength(schema: JsonSchema, ceiling = Infinity): fc.Arbitrary<number> {
  const max = schema.maxLength === undefined ? undefined : Math.min(schema.maxLength, ceiling)
  if (max === undefined) return fc.integer({ min: Math.min(LONG_WITHOUT_MAX.min, ceiling), max: Math.min(LONG_WITHOUT_MAX.max, ceiling) })
  const min = Math.max(schema.minLength ?? 0, max - 3)
  return fc.oneof({ arbitrary: fc.constant(max), weight: 3 }, { arbitrary: fc.integer({ min, max }), weight: 1 })
}

/** `base` with `extra` put in at the end, the start, or just inside either end; the first placement the schema accepts (or base). */
export function spliced(base: string, extra: string, accepts: (text: string) => boolean): string {
  const units = [...base]
  const head = units.slice(0, 1).join('')
  const tail = units.slice(-1).join('')
  const candidates = [base + extra, extra + base, head + extra + units.slice(1).join(''), units.slice(0, -1).join('') + extra + tail]
  return candidates.find(accepts) ?? base
}

/** A long version of a valid string: filler repeated from its own last character, or "a", to `n` code points. */
export function stretched(base: string, n: number, accepts: (text: string) => boolean): string {
  const missing = n - lengthOf(base)
  if (missing <= 0) return base
  const fillers = [[...base].pop() ?? 'a', 'a', '0']
  for (const filler of fillers) {
    const found = spliced(base, filler.repeat(missing), (text) => lengthOf(text) === n && accepts(text))
    if (found !== base) return found
  }
  return base
}

function flavoured(schema: JsonSchema, flavour: Exclude<StringFlavour, 'random'>, base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const accepts = (text: string): boolean => stringAccepts(schema, text)
  const min = schema.minLength ?? 0
  const plain = schema.format === undefined && schema.pattern === undefined
  if (flavour === 'long') {
    if (schema.format === 'email') return longLength(schema, LONGEST_EMAIL).filter((n) => n >= 6).chain(emailOfLength)
    if (schema.format === 'uri' || schema.format === 'url') {
      return longLength(schema).chain((n) => stringOfLength(alnum, Math.max(0, n - 20)).map((path) => `https://example.com/${path}`))
    }
    if (plain) return longLength(schema).chain((n) => stringOfLength(printable, n)).map(unblank)
    return fc.tuple(base, longLength(schema)).map(([text, n]) => stretched(text, n, accepts))
  }
  const unit = flavour === 'non-ASCII' ? nonAsciiUnit : controlUnit
  // An internationalised domain (a@пример.испытание): Django's check takes it, and so do the response validators since
  // they read format: email the same way (compile-response-validators.ts). The local part stays ASCII: Django refuses others.
  if (flavour === 'non-ASCII' && schema.format === 'email') {
    const label = fc.array(fc.constantFrom(...IDN_LETTERS), { minLength: 1, maxLength: 12 }).map((letters) => letters.join(''))
    return fc.tuple(fc.constantFrom('user', 'qa.team', 'a+1'), label, fc.constantFrom('испытание', 'рф', 'com', 'テスト'))
      .map(([local, domain, top]) => `${local}@${domain}.${top}`)
  }
  // Any other format takes neither flavour (a uuid, a date): the flavour goes in the other members.
  if (schema.format !== undefined) return base
  const most = Math.max(min, 1) + 12
  const text = fc.tuple(fc.array(fc.oneof({ arbitrary: unit, weight: 3 }, { arbitrary: alnum, weight: 1 }), { minLength: Math.max(min, 1), maxLength: Math.min(schema.maxLength ?? most, most) }), unit)
    .map(([units, one]) => (units.some((u) => u !== '' && /[^a-zA-Z0-9]/u.test(u)) ? units : [one, ...units.slice(1)]).join(''))
  if (plain) return text
  return fc.tuple(base, text).map(([b, t]) => spliced(b, t, accepts))
}

/** Letters of internationalised domain labels: Cyrillic, Greek, Latin with diacritics, CJK. */
const IDN_LETTERS = [...'пример' + 'испытаниеджз' + 'λμνξοπ' + 'äöüçğşñé' + '例え日本']

/** What marks a value as carrying the flavour. */
export const FLAVOUR_MARK: Record<Exclude<StringFlavour, 'random'>, (text: string) => boolean> = {
  long: () => true,
  'non-ASCII': (text) => [...text].some((c) => (c.codePointAt(0) ?? 0) > 0x7f),
  // The control characters are what this flavour is made of.
  // eslint-disable-next-line no-control-regex
  control: (text) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200b\u00a0\u3000]|^\s+$/u.test(text),
}

/**
 * Valid strings for a string schema in one flavour.
 *
 * @example fc.sample(validStrings({ type: 'string', maxLength: 150 }, 'long').arbitrary, 1) // ['...150 characters...']
 */
export function validStrings(schema: JsonSchema, flavour: StringFlavour): FlavouredStrings {
  const base = randomString(schema)
  if (flavour === 'random') return { arbitrary: base, applies: true }
  if (schema.enum !== undefined || schema.const !== undefined) return { arbitrary: base, applies: false }
  const candidates = flavoured(schema, flavour, base)
  const mark = FLAVOUR_MARK[flavour]
  // A long value must have grown to near the limit: a pattern that could not be stretched leaves the value short.
  const least = schema.maxLength !== undefined ? Math.max(schema.minLength ?? 0, schema.maxLength - 3) : LONG_WITHOUT_MAX.min
  const longEnough = (text: string): boolean => flavour !== 'long' || lengthOf(text) >= Math.min(least, schema.format === 'email' ? LONGEST_EMAIL : Infinity)
  const good = (text: string): boolean => stringAccepts(schema, text) && mark(text) && longEnough(text)
  return viable(candidates, good) ? { arbitrary: candidates.filter(good), applies: true } : { arbitrary: base, applies: false }
}
