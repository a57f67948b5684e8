import { parseArgs } from 'node:util'
import { flagOf, type OptionSpec, specOf } from '../core/option-table.js'
import { optionsOf } from '../core/resolve-options.js'
import { configKeyOf } from '../config/config-schema.js'
import { argOf } from '../config/option-help.js'
import type { Config } from '../config/resolve-config.js'
import type { ProxyFlags } from '../contract/proxy-command.js'
import type { VerifyFlags } from '../contract/verify-command.js'

/** `configFile`: the file --config named (else the one found in the working directory applies). */
export type Cli = (
  | { command: 'help' | 'version' | 'apis' | 'scenarios'; config: Partial<Config> }
  | { command: 'serve'; config: Partial<Config> }
  | { command: 'verify'; config: Partial<Config>; verify: VerifyFlags }
  | { command: 'proxy'; config: Partial<Config>; proxy: ProxyFlags }
  | { command: 'init'; config: Partial<Config>; force: boolean }
) & { configFile?: string }

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The commands whose flags the option table lists; `apis` and `scenarios` take serve's. */
export type OptionCommand = 'serve' | 'verify' | 'proxy'


type FlagConfig = { type: 'string' | 'boolean'; short?: string; multiple?: boolean }

/** parseArgs' options for a command, one flag per option of the table that the command takes. */
export function flagsOf(command: OptionCommand): Record<string, FlagConfig> {
  const flags: Record<string, FlagConfig> = { help: { type: 'boolean', short: 'h' } }
  if (command === 'serve') flags.version = { type: 'boolean', short: 'v' }
  for (const name of optionsOf(command)) {
    const spec = specOf(name) as OptionSpec
    flags[flagOf(name)] = {
      // A flag with a value placeholder takes a value: OPTION_HELP's type gives one to exactly the options that are no switch.
      type: argOf(name) === undefined ? 'boolean' : 'string',
      ...(spec.short !== undefined && { short: spec.short }),
      ...(spec.repeatable && { multiple: true }),
    }
  }
  return flags
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes a whole number, got "${text}"`)
  return Number(text)
}

/**
 * argv -> command and the settings given. The flags come from the option
 * table: an option `serve` takes lands in the config (checked by
 * resolveConfig, in its command-line form), the others in the command's own
 * flags. Unknown flags and values that cannot be read are UsageErrors that
 * name the flag.
 *
 * @example parseCli(['serve', '--port', '0']) // { command: 'serve', config: { port: 0 } }
 */
export function parseCli(argv: string[]): Cli {
  if (argv[0] === 'init') return parseInit(argv.slice(1))
  const contract = argv[0] === 'verify' || argv[0] === 'proxy' ? argv[0] : undefined
  const command = contract ?? 'serve'
  let parsed
  try {
    parsed = parseArgs({ args: contract ? argv.slice(1) : argv, allowPositionals: !contract, strict: true, options: flagsOf(command) })
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '')
    throw new UsageError(contract ? `${contract}: ${message}` : message)
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  if (values.help) return { command: 'help', config: {} }
  if (values.version) return { command: 'version', config: {} }
  const { config, flags, configFile } = readOptions(command, values)
  const file = configFile === undefined ? {} : { configFile }
  if (contract === 'verify') return { command: contract, config, verify: flags as unknown as VerifyFlags, ...file }
  if (contract === 'proxy') return { command: contract, config, proxy: flags as unknown as ProxyFlags, ...file }
  const [positional = 'serve', ...extra] = parsed.positionals
  if (positional === 'init') throw new UsageError('init takes no serve options: run "authmock init" (or "authmock init --force") on its own')
  if (positional !== 'serve' && positional !== 'apis' && positional !== 'scenarios') throw new UsageError(`unknown command "${positional}"`)
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  return { command: positional, config, ...file }
}

/** `authmock init [--force]`: its one flag is its own, so it is parsed apart from the option table's. */
function parseInit(args: string[]): Cli {
  let parsed
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: false, options: { help: { type: 'boolean', short: 'h' }, force: { type: 'boolean' } } })
  } catch (error) {
    throw new UsageError(`init: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`)
  }
  if (parsed.values.help) return { command: 'help', config: {} }
  return { command: 'init', config: {}, force: parsed.values.force === true }
}

/** The parsed flags as values: serve's options under their config keys, the command's own under their option names. */
function readOptions(command: OptionCommand, values: Record<string, string | string[] | boolean | undefined>): { config: Partial<Config>; flags: Record<string, unknown>; configFile?: string } {
  const config: Record<string, unknown> = {}
  const flags: Record<string, unknown> = {}
  let configFile: string | undefined
  for (const name of optionsOf(command)) {
    const spec = specOf(name) as OptionSpec
    const flag = flagOf(name)
    const raw = values[flag]
    if (spec.commandLineOnly) {
      // --config names where the settings come from: it is no setting itself.
      if (typeof raw === 'string') configFile = raw
      continue
    }
    const inConfig = spec.surfaces.includes('serve')
    if (raw === undefined) {
      if (spec.required?.surfaces.includes(command)) throw new UsageError(`${command} needs --${flag} ${argOf(name) ?? ''}, ${spec.required.why}`)
      continue
    }
    let value: unknown = raw
    if (spec.negated) value = raw === true ? false : undefined
    else if (spec.kind === 'integer' && typeof raw === 'string') {
      value = integer(`--${flag}`, raw)
      // A setting of serve is range-checked by resolveConfig with its hint; a flag of verify/proxy alone here.
      const number = value as number
      if (!inConfig && (number < (spec.min ?? 0) || number > (spec.max ?? Infinity))) {
        throw new UsageError(`--${flag} takes ${spec.hint ?? `a whole number from ${spec.min ?? 0}${spec.max === undefined ? '' : ` to ${spec.max}`}`}, got "${raw}"`)
      }
    } else if (spec.choices !== undefined && !spec.choices.includes(raw as string)) {
      throw new UsageError(`--${flag} takes ${spec.choices.join(', ')}, got "${String(raw)}"`)
    }
    if (inConfig) config[configKeyOf(name)] = value
    else flags[name] = value
  }
  return { config: config as Partial<Config>, flags, ...(configFile !== undefined && { configFile }) }
}
