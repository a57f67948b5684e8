import { join } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import { SOURCE_DIGEST, SOURCES } from '../generated/sources.js'
import { assembleModel, type ApiSource, type BuildOptions } from '../model/assemble-model.js'
import { PRECOMPILED_VALIDATORS } from '../model/precompiled-validators.js'
import type { SpecModel } from '../model/spec-model.js'
import type { SourceOptions } from './load-sources.js'
import { PACKAGE_ROOT } from './package-root.js'
import { checkSourceDirs } from './check-source-dirs.js'
import { sourceDigest } from './source-digest.js'

const apiName = (source: ApiSource): string => String((source.document as unknown as { 'x-authmock': { name: string } })['x-authmock'].name)

/**
 * The model the server runs on. The shipped specs, unchanged since the build,
 * come from the data and validators bundled then (src/generated/): no YAML to
 * parse and nothing to compile, which halves start-up. Other spec folders, or
 * shipped specs edited since, are read and compiled as they are on disk (ajv
 * and yaml are loaded only then).
 *
 * @example const model = await loadModel({ apis: ['nwapp'] })
 */
export async function loadModel(options: SourceOptions & BuildOptions = {}): Promise<SpecModel> {
  const specDir = options.specDir ?? join(PACKAGE_ROOT, 'spec')
  const fixturesDir = options.fixturesDir ?? join(PACKAGE_ROOT, 'fixtures')
  checkSourceDirs(specDir, fixturesDir)
  if (sourceDigest(specDir, fixturesDir) === SOURCE_DIGEST) {
    const available = SOURCES.map(apiName)
    const wanted = options.apis?.length ? options.apis : available
    const unknown = wanted.find((api) => !available.includes(api))
    if (unknown) throw new AuthmockError('ERR_UNKNOWN_API', { api: unknown, available: available.join(', ') })
    return assembleModel(SOURCES.filter((s) => wanted.includes(apiName(s))), options, PRECOMPILED_VALIDATORS)
  }
  const [{ buildModel }, { loadSources }] = await Promise.all([import('../model/build-model.js'), import('./load-sources.js')])
  return buildModel(loadSources({ ...options, specDir, fixturesDir }), options)
}
