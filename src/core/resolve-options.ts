import { AuthmockError } from './errors.js'
import { OPTION_TABLE, type OptionDefaults, type OptionOf, type OptionSpec, specOf, type Surface } from './option-table.js'


/** `T` with every option of surface `S` that has a default filled in. */
export type Resolved<T, S extends Surface> = T & { [K in keyof T & keyof OptionDefaults & OptionOf<S>]-?: Exclude<T[K], undefined> }

/** The options a surface takes, in the table's order. */
export function optionsOf(surface: Surface): string[] {
  return Object.keys(OPTION_TABLE).filter((name) => specOf(name)?.surfaces.includes(surface))
}

/**
 * Checks the options given to a surface against the option table and fills
 * in the defaults. An unknown name (a typo such as `tokenTtll`, or an option
 * of another surface) or a value of the wrong kind throws ERR_CONFIG_INVALID
 * naming it, so a mistake stops the call instead of passing silently. Pure,
 * so the engine and the MSW handlers use it in the browser too.
 *
 * @example resolveOptions('createEngine', { seed: 1 }) // { seed: 1, maxCredentials: 100000, maxAccounts: 10000, maxBodyBytes: 1048576, journalSize: 500 }
 */
export function resolveOptions<S extends Surface, T extends object>(surface: S, given?: T): Resolved<T, S> {
  const problems: string[] = []
  for (const [name, value] of Object.entries(given ?? {})) {
    const spec = specOf(name)
    if (spec === undefined || !spec.surfaces.includes(surface)) problems.push(unknownOption(surface, name, spec))
    else if (value !== undefined && !isValid(spec, value)) {
      problems.push(`option '${name}' of ${surface}: ${spec.secret ? 'the value given' : show(value)} is not ${expectation(spec)}`)
    }
  }
  if (problems.length > 0) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: problems.join('; ') })
  const resolved: Record<string, unknown> = { ...given }
  for (const name of optionsOf(surface)) {
    const fallback = specOf(name)?.default
    if (resolved[name] === undefined && fallback !== undefined) resolved[name] = fallback
  }
  return resolved as Resolved<T, S>
}

/**
 * The options of `values` that `surface` takes, e.g. the engine's share of
 * buildApp's options: an adapter hands its engine only what the engine knows.
 *
 * @example pickOptions('createEngine', { seed: 1, host: '0.0.0.0' }) // { seed: 1 }
 */
export function pickOptions(surface: Surface, values: object): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && specOf(name)?.surfaces.includes(surface)) picked[name] = value
  }
  return picked
}

function unknownOption(surface: Surface, name: string, spec: OptionSpec | undefined): string {
  if (spec !== undefined) return `option '${name}' is not one of ${surface}'s (it is taken by ${spec.surfaces.join(', ')})`
  const known = optionsOf(surface)
  const near = closest(name, known)
  return near === undefined
    ? `unknown option '${name}' of ${surface} (options: ${known.join(', ')})`
    : `unknown option '${name}' of ${surface} (did you mean '${near}'?)`
}

/** The known name nearest a typo: same letters in another case, or at most two edits away (option names here, config file keys in config/check-config-file.ts). */
export function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate)
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length] ?? 0
}

const patterns = new Map<string, RegExp>()
function matches(pattern: string | undefined, text: string): boolean {
  if (pattern === undefined) return true
  let regex = patterns.get(pattern)
  if (regex === undefined) patterns.set(pattern, regex = new RegExp(pattern, 'u'))
  return regex.test(text)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function isValid(spec: OptionSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= (spec.min ?? -Infinity) && (value as number) <= (spec.max ?? Infinity)
    case 'boolean':
      return typeof value === 'boolean'
    case 'string':
      return typeof value === 'string' && value.length >= (spec.minLength ?? 0) && matches(spec.pattern, value) &&
        (spec.choices === undefined || spec.choices.includes(value))
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && matches(spec.pattern, item))
    case 'ttl-table':
      // null: never expires. No upper bound here: the engine clamps what the clock cannot show.
      return isRecord(value) && Object.values(value).every((ms) => ms === null || (typeof ms === 'number' && ms >= 0))
    case 'status-table':
      return isRecord(value) && Object.values(value).every((status) => Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
    case 'name-table':
      return isRecord(value) && Object.values(value).every((name) => typeof name === 'string' && name !== '')
    case 'url-or-table':
      return typeof value === 'string' || (isRecord(value) && Object.values(value).every((url) => typeof url === 'string'))
    case 'function':
      return typeof value === 'function'
    case 'object':
      return isRecord(value)
    case 'array':
      return Array.isArray(value)
  }
}

const EXPECTED: Record<OptionSpec['kind'], string> = {
  integer: 'a whole number',
  boolean: 'true or false',
  string: 'a string',
  strings: 'a list of strings',
  'ttl-table': 'an object of lifetimes in ms (null: never) by "api.kind", "api" or "*"',
  'status-table': 'an object of statuses (100 to 599) by "api:example"',
  'name-table': 'an object of deployed cookie names by documented name',
  'url-or-table': 'a base URL, or an object of them by API name',
  function: 'a function',
  object: 'an object',
  array: 'an array',
}

function expectation(spec: OptionSpec): string {
  let text = EXPECTED[spec.kind]
  if (spec.min !== undefined && spec.max !== undefined) text += ` from ${spec.min} to ${spec.max}`
  else if (spec.min !== undefined) text += ` of at least ${spec.min}`
  if (spec.minLength !== undefined) text += ` of at least ${spec.minLength} characters`
  if (spec.choices !== undefined) text += ` among ${spec.choices.join(', ')}`
  return spec.hint === undefined ? text : `${text} (${spec.hint})`
}

/** A value as an error message shows it: short, one line. */
function show(value: unknown): string {
  let text: string
  try {
    text = typeof value === 'function' ? 'a function' : JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
