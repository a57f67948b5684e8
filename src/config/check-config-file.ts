import { AuthmockError } from '../core/errors.js'
import { flagOf, type OptionSpec, specOf } from '../core/option-table.js'
import { closest } from '../core/resolve-options.js'
import { validateConfig } from '../generated/config-validator.js'
import { configKeyOf, configOptions } from './config-schema.js'
import { resolveConfig, type Config } from './resolve-config.js'


/** Config key -> the option it sets. */
const OPTION_BY_KEY = new Map(configOptions().map((name) => [configKeyOf(name), name]))

/**
 * Names a user may write for a key (the option's name, its flag, `quiet` for
 * `log`) -> the key: a file written from the usage or from code says
 * `token-ttl` or `tokenTtlMs` where it means `tokenTtl`.
 */
const ALIASES = new Map(configOptions().flatMap((name) => {
  const key = configKeyOf(name)
  return [name, flagOf(name)].filter((alias) => alias !== key).map((alias) => [alias, key] as const)
}))

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Checks what a config file holds with the schema the flags are checked
 * with (config-schema.ts, compiled to src/generated/config-validator.ts), and
 * returns its settings. Every problem names the file and the key; a value is
 * shown only when its option is not secret (a control token, a store URL with
 * a password), and an unknown key gets the nearest known one.
 *
 * @example checkConfigFile('authmock.config.json', { $schema: './schema.json', port: 4010 }) // { port: 4010 }
 */
export function checkConfigFile(file: string, data: unknown): Partial<Config> {
  if (!isRecord(data)) {
    throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: `it holds ${Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`}, not an object of settings such as {"port": 4010}` })
  }
  // `$schema` is for editors (authmock init writes it): not a setting.
  const { $schema, ...values } = data
  const problems: string[] = []
  if ($schema !== undefined && typeof $schema !== 'string') problems.push('"$schema" must be the schema\'s path or URL, a string')
  for (const key of Object.keys(values)) if (!OPTION_BY_KEY.has(key)) problems.push(unknownKey(key))
  if (problems.length === 0 && !validateConfig(values)) {
    const keys = new Set((validateConfig.errors ?? []).map((error) => error.instancePath.split('/')[1] ?? ''))
    for (const key of keys) problems.push(badValue(key, values[key]))
  }
  if (problems.length > 0) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `${file}: ${problems.join('; ')}` })
  try {
    // The checks beyond the schema (a lifetime past a century), on the file's values alone, so the message names the file.
    resolveConfig(values as Partial<Config>)
  } catch (error) {
    if (error instanceof AuthmockError) throw new AuthmockError(error.code, { ...error.params, detail: `${file}: ${String(error.params.detail)}` })
    throw error
  }
  return values as Partial<Config>
}

function unknownKey(key: string): string {
  const shown = JSON.stringify(key)
  if (key === 'config') return `unknown key "config": a config file cannot name another one; pass --config <file> on the command line`
  const alias = ALIASES.get(key)
  if (alias !== undefined) return `unknown key ${shown} (did you mean "${alias}"?${alias === 'log' ? ' "log": false is --quiet' : ''})`
  const other = specOf(key)
  if (other !== undefined) {
    const commands = other.surfaces.filter((surface) => surface === 'verify' || surface === 'proxy')
    return commands.length > 0
      ? `unknown key ${shown}: it is ${commands.join(' and ')}'s --${flagOf(key)}, given on the command line (the file holds serve's settings, which verify and proxy share)`
      : `unknown key ${shown}: it is an option of ${other.surfaces.join(', ')} in code, not of the command line`
  }
  const near = closest(key, [...OPTION_BY_KEY.keys()])
  return near === undefined
    ? `unknown key ${shown} (keys: ${[...OPTION_BY_KEY.keys()].join(', ')})`
    : `unknown key ${shown} (did you mean "${near}"?)`
}

/** A bad value in words: the key, the value unless secret, and what a valid one looks like. */
function badValue(key: string, value: unknown): string {
  const name = OPTION_BY_KEY.get(key) as string
  const spec = specOf(name) as OptionSpec
  const shown = spec.secret ? '' : ` is ${show(value)}`
  return `"${key}"${shown}: it takes ${expectation(name, spec)}`
}

function expectation(name: string, spec: OptionSpec): string {
  let text: string
  if (spec.negated || spec.kind === 'boolean') text = 'true or false'
  else if (spec.repeatable) text = `a list of strings, one per --${flagOf(name)}`
  else if (spec.kind === 'integer') text = 'a whole number'
  else text = 'a string'
  if (spec.min !== undefined && spec.max !== undefined) text += ` from ${spec.min} to ${spec.max}`
  else if (spec.min !== undefined) text += ` of at least ${spec.min}`
  if (spec.minLength !== undefined) text += ` of at least ${spec.minLength} characters`
  // A hint that only repeats the range ("use a whole number from 0 to 65535") adds nothing.
  return spec.hint === undefined || spec.hint.includes(text) ? text : `${text}; ${spec.hint}`
}

/** A value as an error message shows it: short, one line. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

