import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkSourceDirs } from './check-source-dirs.js'
import { PACKAGE_ROOT } from './package-root.js'
import type { OpenAPIV3_1 } from 'openapi-types'
import { parse as parseYaml } from 'yaml'
import { AuthmockError } from '../core/errors.js'
import type { ApiSource } from '../model/assemble-model.js'

export { PACKAGE_ROOT } from './package-root.js'

export interface SourceOptions {
  /** Folder of `<api>.yaml` OpenAPI documents. */
  specDir?: string
  /** Folder of `<api>.json` fixtures. */
  fixturesDir?: string
  /** API names to load; empty or undefined: every spec in specDir. */
  apis?: string[]
}

/** The API names a spec folder offers (file stems of its .yaml files). */
export function listApis(specDir = join(PACKAGE_ROOT, 'spec')): string[] {
  return readdirSync(specDir).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort()
}

/**
 * Reads the chosen APIs' specs (YAML) and fixtures (JSON) from disk. Node only:
 * the browser build gets the same sources as bundled data.
 *
 * @example loadSources({ apis: ['nwapp'] })
 */
export function loadSources(options: SourceOptions = {}): ApiSource[] {
  const specDir = options.specDir ?? join(PACKAGE_ROOT, 'spec')
  const fixturesDir = options.fixturesDir ?? join(PACKAGE_ROOT, 'fixtures')
  checkSourceDirs(specDir, fixturesDir)
  const available = listApis(specDir)
  const wanted = options.apis?.length ? options.apis : available
  return wanted.map((api) => {
    if (!available.includes(api)) throw new AuthmockError('ERR_UNKNOWN_API', { api, available: available.join(', ') })
    const file = existsSync(join(specDir, `${api}.yaml`)) ? join(specDir, `${api}.yaml`) : join(specDir, `${api}.yml`)
    let document: OpenAPIV3_1.Document
    try {
      document = parseYaml(readFileSync(file, 'utf8'), { prettyErrors: true }) as OpenAPIV3_1.Document
    } catch (error) {
      throw new AuthmockError('ERR_SPEC_INVALID', { detail: `${file}: ${(error as Error).message}` })
    }
    const fixturesFile = join(fixturesDir, `${api}.json`)
    let fixtures: unknown = {}
    if (existsSync(fixturesFile)) {
      try {
        fixtures = JSON.parse(readFileSync(fixturesFile, 'utf8'))
      } catch (error) {
        throw new AuthmockError('ERR_FIXTURE_INVALID', { api, detail: `${fixturesFile}: ${(error as Error).message}` })
      }
    }
    return { document, fixtures }
  })
}
