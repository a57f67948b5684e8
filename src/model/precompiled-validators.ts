import { AuthmockError } from '../core/errors.js'
import { VALIDATORS as BODY_VALIDATORS } from '../generated/body-validators.js'
import { VALIDATORS as PARAM_VALIDATORS } from '../generated/param-validators.js'
import type { ExtensionDeclarations, ModelValidators } from './model-validators.js'

function lookup<T>(table: Record<string, T>, key: string): T {
  const found = table[key]
  if (!found) throw new AuthmockError('ERR_SPEC_INVALID', { detail: `no precompiled validator "${key}": run \`npm run build\` after changing a spec` })
  return found
}

/**
 * The bundled APIs' validators, compiled to code at build time
 * (scripts/bundle-sources.ts), whose x-authmock was checked then too: the MSW
 * handlers ship no ajv, and the server starts without compiling anything.
 */
export const PRECOMPILED_VALIDATORS: ModelValidators = {
  compileBody: (key) => lookup(BODY_VALIDATORS, key),
  compileParams: (key) => lookup(PARAM_VALIDATORS, key),
  // Checked against the schema when the bundle was built (scripts/bundle-sources.ts).
  checkExtension: <P extends keyof ExtensionDeclarations>(_place: P, value: unknown) => value as ExtensionDeclarations[P],
}
