import { assembleModel, type ApiSource, type BuildOptions } from './assemble-model.js'
import { createAjvValidators } from './create-ajv-validators.js'
import type { SpecModel } from './spec-model.js'

export { type ApiSource, type BuildOptions } from './assemble-model.js'
export { routeKey } from '../core/route-key.js'
export { describeAjvErrors } from './create-ajv-validators.js'

/**
 * Builds the frozen model from OpenAPI documents and fixtures, validating
 * with ajv (compiled once, here). The browser build uses `assembleModel` with
 * precompiled validators instead.
 *
 * @example const model = buildModel(loadSources({ apis: ['nwapp'] }))
 */
export function buildModel(sources: ApiSource[], options: BuildOptions = {}): SpecModel {
  return assembleModel(sources, options, createAjvValidators())
}
