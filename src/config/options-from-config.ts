import { type OptionSpec, specOf, type Surface } from '../core/option-table.js'
import { optionsOf } from '../core/resolve-options.js'
import { configKeyOf } from './config-schema.js'
import { cookieNameTable, statusOverrideTable, tokenTtlTable, type Config } from './resolve-config.js'


/** The config's values in the form code takes them: tables as records; `log` is left to the caller, who knows where lines go. */
export type ConfigOptions = Partial<Omit<Config, 'tokenTtl' | 'statusOverrides' | 'cookieNames' | 'log'> & {
  tokenTtlMs: Record<string, number | null>
  statusOverrides: Record<string, number>
  cookieNames: Record<string, string>
}>

/** Text form -> value, for the options whose command-line form is text. */
const FROM_TEXT: Partial<Record<OptionSpec['kind'], (entries: string[]) => unknown>> = {
  'ttl-table': tokenTtlTable,
  'status-table': statusOverrideTable,
  'name-table': cookieNameTable,
}

/**
 * A resolved config as the options of one surface (`buildApp`, `listen`...),
 * through the option table: the same names, the tables parsed, an empty list
 * left out (so the surface's own default applies: every API, any localhost
 * origin).
 *
 * @example await buildApp({ ...optionsFromConfig(resolveConfig({ tokenTtl: ['1h'] }), 'buildApp'), log: console.log }) // tokenTtlMs: { '*': 3600000 }
 */
export function optionsFromConfig(config: Config, surface: Surface): ConfigOptions {
  const options: Record<string, unknown> = {}
  for (const name of optionsOf('serve')) {
    const spec = specOf(name) as OptionSpec
    if (spec.negated || !spec.surfaces.includes(surface)) continue
    const value = (config as Record<string, unknown>)[configKeyOf(name)]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    const fromText = spec.text ? FROM_TEXT[spec.kind] : undefined
    options[name] = fromText ? fromText(value as string[]) : value
  }
  return options as ConfigOptions
}
