import type { OpenAPIV3_1 } from 'openapi-types'
import { AuthmockError } from '../core/errors.js'
import { parseDuration } from '../core/parse-duration.js'
import { routeKey } from '../core/route-key.js'
import { ALPHABETS } from './alphabets.js'
import { buildOperation } from './build-operation.js'
import { buildScenarios } from './build-scenarios.js'
import { buildSchemes } from './build-schemes.js'
import { dereference } from './dereference.js'
import { METHODS, type DocumentShape } from './document-shape.js'
import type { ModelValidators } from './model-validators.js'
import { readFixtures } from './read-fixtures.js'
import type { Api, CredentialKind, Operation, SpecModel } from './spec-model.js'

/** One API as loaded from disk (or bundled): its OpenAPI document and its fixtures. */
export interface ApiSource {
  document: OpenAPIV3_1.Document
  fixtures: unknown
}

export interface BuildOptions {
  /** "api:example" -> status, for examples documented under several statuses. */
  statusOverrides?: Record<string, number>
  /**
   * Cookie renames, documented name -> deployed name, applied to security
   * schemes and Set-Cookie alike (Akinon's SESSION_COOKIE_NAME is a setting).
   */
  cookieNames?: Record<string, string>
}

/**
 * Assembles the model from OpenAPI documents and fixtures with the given
 * validators: checks every x-authmock declaration, compiles request
 * validators and recipes once, and refuses a broken spec with an `ERR_SPEC_*`
 * error that says where to look. Holds no validator library itself, so the
 * browser build can hand it precompiled validators and ship no ajv.
 *
 * @example const model = assembleModel([{ document, fixtures }], {}, createAjvValidators())
 */
export function assembleModel(sources: ApiSource[], options: BuildOptions, validators: ModelValidators): SpecModel {
  const apis = sources.map((source) => buildApi(source, options, validators))
  checkRouteConflicts(apis)
  return { apis }
}

function buildApi(source: ApiSource, options: BuildOptions, validators: ModelValidators): Api {
  const raw = source.document as unknown as Record<string, unknown>
  if (typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.1')) {
    throw new AuthmockError('ERR_SPEC_INVALID', { detail: `"openapi" is ${JSON.stringify(raw.openapi)}, expected 3.1.x` })
  }
  const doc = dereference(raw) as DocumentShape
  const root = validators.checkExtension('root', doc['x-authmock'], '#/x-authmock')
  const api = root.name
  const credentials: Record<string, CredentialKind> = {}
  for (const [kind, c] of Object.entries(root.credentials ?? {})) {
    credentials[kind] = { alphabet: ALPHABETS[c.alphabet], length: c.length, ttlMs: parseDuration(c.ttl) }
  }
  const { accounts, collections } = readFixtures(api, source.fixtures)
  const schemes = buildSchemes(doc, credentials, options.cookieNames ?? {}, validators)

  const operations: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      operations.push(buildOperation({
        api, path, method, op, pathParameters: item.parameters ?? [], doc, root, schemes, credentials, collections,
        options, validators,
      }))
    }
  }
  return {
    name: api,
    title: doc.info?.title ?? api,
    scenarios: buildScenarios(root.scenarios ?? {}, operations, options),
    credentials,
    messages: root.messages ?? {},
    nonFieldKey: root.nonFieldKey ?? 'non_field_errors',
    violationFormat: root.violationFormat ?? '{field}: {message}',
    accounts,
    operations,
  }
}

function checkRouteConflicts(apis: Api[]): void {
  const seen = new Map<string, string>()
  for (const op of apis.flatMap((a) => a.operations)) {
    const key = `${op.method} ${routeKey(op.path)}`
    const first = seen.get(key)
    if (first) throw new AuthmockError('ERR_SPEC_ROUTE_CONFLICT', { method: op.method, path: op.path, first, second: `${op.api}.${op.operationId}` })
    seen.set(key, `${op.api}.${op.operationId}`)
  }
}
