import { validateConfig } from '../generated/config-validator.js'
import { describeAjvErrors } from '../model/describe-ajv-errors.js'
import { AuthmockError } from '../core/errors.js'
import { OPTION_TABLE, type OptionOf, type OptionSpec, specOf } from '../core/option-table.js'
import { parseDuration } from '../core/parse-duration.js'
import { configKeyOf, configOptions } from './config-schema.js'

/** How an option of `serve` reads in the config: the command line's form of its value. */
type Spec<K extends ServeOption> = (typeof OPTION_TABLE)[K]
/** The options of `serve` but the command line's own (`--config` names the file: it is not a setting). */
type ServeOption = { [K in OptionOf<'serve'>]: (typeof OPTION_TABLE)[K] extends { commandLineOnly: true } ? never : K }[OptionOf<'serve'>]
type ConfigValue<K extends ServeOption> =
  Spec<K> extends { negated: true } ? boolean
    : Spec<K> extends { text: object } ? string[]
      : Spec<K> extends { kind: 'integer' } ? number
        : Spec<K> extends { kind: 'boolean' } ? boolean
          : Spec<K> extends { kind: 'strings' } ? string[] : string
/** Lists, switches and options with a default always have a value; the rest may be undefined. */
type Always<K extends ServeOption> = Spec<K> extends { negated: true } | { repeatable: true } | { default: unknown } ? true : false

/** Every setting of `authmock serve`, in its command-line form: one key per option of the option table that `serve` takes. */
export type Config = {
  -readonly [K in ServeOption as Spec<K> extends { text: { key: infer T extends string } } ? T : K]: ConfigValue<K> | (Always<K> extends true ? never : undefined)
}

/**
 * The defaults of `authmock serve`, from the option table
 * (src/core/option-table.ts, with units and reasons): a list is empty, a
 * switch that turns something off (--quiet) leaves it on.
 */
export const DEFAULTS: Config = Object.fromEntries(configOptions().map((name) => {
  const spec = specOf(name) as OptionSpec
  return [configKeyOf(name), spec.negated ? true : spec.repeatable ? [] : spec.default]
})) as unknown as Config

/** The longest credential lifetime accepted (ms): 100 years. */
const MAX_TTL_MS = 36_500 * 86_400_000

/** What a valid value looks like, by config key, for the settings whose schema is a pattern or a range. */
const HINTS: Record<string, string> = Object.fromEntries(configOptions().flatMap((name) => {
  const hint = specOf(name)?.hint
  return hint === undefined ? [] : [[configKeyOf(name), hint]]
}))

/** Config keys whose values an error message never shows. */
const SECRETS = new Set(configOptions().filter((name) => specOf(name)?.secret).map(configKeyOf))

/**
 * Fills every field from DEFAULTS and checks the result, so a bad value is
 * refused once, at start, with the field named.
 *
 * @example resolveConfig({ port: 0, apis: ['nwapp'] })
 */
export function resolveConfig(partial: Partial<Config> = {}): Config {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined))
  // Lists are copied: a caller's push must not reach DEFAULTS.
  const config = { ...structuredClone(DEFAULTS), ...defined } as Config
  if (!validateConfig(config)) {
    const detail = (validateConfig.errors ?? []).map((e) => {
      const field = e.instancePath.split('/')[1] ?? ''
      const value = e.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], config)
      // A secret is named, never shown.
      if (SECRETS.has(field)) return `${field}: ${HINTS[field] ?? describeAjvErrors([e])}`
      return HINTS[field] ? `${field} "${String(value)}": ${HINTS[field]}` : describeAjvErrors([e])
    })
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: [...new Set(detail)].join('; ') })
  }
  // A lifetime past a century is a typo for "never" (and past year 9999 the clock cannot show it).
  const tooLong = config.tokenTtl.find((entry) => (parseDuration(entry.slice(entry.indexOf('=') + 1)) ?? 0) > MAX_TTL_MS)
  if (tooLong !== undefined) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `tokenTtl "${tooLong}": a lifetime is at most 100 years (36500d); use never for tokens that do not expire` })
  if (config.insecureRemoteControl) config.remoteControl = true
  return config
}

/** `tokenTtl` entries as the engine's table: key ("*", "api", "api.kind") -> ms, null for never. */
export function tokenTtlTable(entries: string[]): Record<string, number | null> {
  const table: Record<string, number | null> = {}
  for (const entry of entries) {
    const [key, duration] = entry.includes('=') ? (entry.split('=') as [string, string]) : ['*', entry]
    table[key] = parseDuration(duration) ?? null
  }
  return table
}

/** `cookieNames` entries as the model's table: documented name -> deployed name. */
export function cookieNameTable(entries: string[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => e.split('=') as [string, string]))
}

/** `statusOverrides` entries as the model's table: "api:example" -> status. */
export function statusOverrideTable(entries: string[]): Record<string, number> {
  return Object.fromEntries(entries.map((e) => {
    const [key, status] = e.split('=') as [string, string]
    return [key, Number(status)]
  }))
}
