import { flagOf, type OptionSpec, specOf } from '../core/option-table.js'
import { configKeyOf, configOptions, schemaOf } from './config-schema.js'
import { argOf, helpOf } from './option-help.js'
import { DEFAULTS } from './resolve-config.js'

/** Where the package ships the schema (package.json "files" has `schema`). */
export const CONFIG_SCHEMA_FILE = 'schema/authmock.config.schema.json'

/**
 * What `authmock init` writes as `$schema`: the copy installed beside the
 * project, so an editor completes the keys of the version in use, offline.
 * A global install has no such path; the editor then just does not complete.
 */
export const CONFIG_SCHEMA_REF = `./node_modules/authmock/${CONFIG_SCHEMA_FILE}`


/** An option's help for its key in the file, with the flag it stands for: an editor shows it on hover, since JSON has no comments. */
function describe(name: string, spec: OptionSpec): string {
  const arg = argOf(name)
  const flag = `--${flagOf(name)}${arg === undefined ? '' : ` ${arg}`}`
  const help = helpOf(name)
  if (spec.negated) return `false: ${help.charAt(0).toLowerCase()}${help.slice(1)} (as ${flag}). Default true.`
  const list = spec.repeatable ? ' (here a list: one item per flag)' : ''
  const secret = spec.secret ? ' A secret: keep it out of a file you commit (the environment variable wins over the file).' : ''
  return `${help}. Command line: ${flag}${list}.${secret}`
}

/**
 * The JSON Schema of `authmock.config.json`, shipped for editors
 * (schema/authmock.config.schema.json, written by
 * scripts/write-config-schema.ts; tests/config-file.test.ts fails when it is
 * stale). The keys and checks are the config's own (config-schema.ts, which
 * the CLI validates with), plus each key's help (option-help.ts) as
 * `description` and its default. Draft-07: VS Code's JSON service implements
 * it fully and later drafts only in part, and nothing here needs a later
 * draft's keywords.
 *
 * @example writeFileSync(CONFIG_SCHEMA_FILE, `${JSON.stringify(configFileSchema(), null, 2)}\n`)
 */
export function configFileSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    $schema: { type: 'string', description: 'This schema (a path or URL), so editors complete and check the keys. Ignored by authmock.' },
  }
  for (const name of configOptions()) {
    const spec = specOf(name) as OptionSpec
    const key = configKeyOf(name)
    const fallback = (DEFAULTS as Record<string, unknown>)[key]
    properties[key] = { description: describe(name, spec), ...schemaOf(spec), ...(fallback !== undefined && { default: fallback }) }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'authmock configuration',
    description: 'Settings of authmock serve (and the ones verify and proxy share), as on the command line: repeatable flags are lists. Flags override the file.',
    type: 'object',
    additionalProperties: false,
    properties,
  }
}
