import { type OptionSpec, specOf } from '../core/option-table.js'
import { optionsOf } from '../core/resolve-options.js'

/** The key of an option in the CLI's config: its own name, or the name of its text form (`tokenTtlMs` -> `tokenTtl`). */
export function configKeyOf(name: string): string {
  return specOf(name)?.text?.key ?? name
}

/**
 * The options of `serve` that the config holds: all but the ones only the
 * command line has (`--config` itself), in the table's order.
 */
export function configOptions(): string[] {
  return optionsOf('serve').filter((name) => !specOf(name)?.commandLineOnly)
}

/** An option's value on the command line, as JSON Schema. */
export function schemaOf(spec: OptionSpec): Record<string, unknown> {
  if (spec.negated) return { type: 'boolean' }
  if (spec.text) return { type: 'array', items: { type: 'string', pattern: spec.text.pattern } }
  const limits = {
    ...(spec.min !== undefined && { minimum: spec.min }),
    ...(spec.max !== undefined && { maximum: spec.max }),
    ...(spec.minLength !== undefined && { minLength: spec.minLength }),
  }
  switch (spec.kind) {
    case 'integer': return { type: 'integer', ...limits }
    case 'boolean': return { type: 'boolean' }
    case 'string': return { type: 'string', ...limits, ...(spec.pattern !== undefined && { pattern: spec.pattern }), ...(spec.choices !== undefined && { enum: spec.choices }) }
    case 'strings': return { type: 'array', items: { type: 'string', ...(spec.pattern !== undefined && { pattern: spec.pattern }) } }
    default: throw new Error(`option kind ${spec.kind} has no command-line form`)
  }
}

/**
 * What a valid `authmock serve` configuration is (JSON Schema), built from
 * the option table (src/core/option-table.ts): the options `serve` takes, in
 * their command-line form (a config file holds the same keys:
 * config-file-schema.ts adds the editor's descriptions). Compiled to code at build time
 * (scripts/bundle-sources.ts -> src/generated/config-validator.ts), so
 * starting the server loads no ajv.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(configOptions().map((name) => [configKeyOf(name), schemaOf(specOf(name) as OptionSpec)])),
}
