import { AuthmockError } from '../core/errors.js'
import type { JsonObject } from '../core/types.js'
import type { BuildOptions } from './assemble-model.js'
import { buildAction } from './build-action.js'
import type { SchemeEntry } from './build-schemes.js'
import { compileRecipe } from './compile-recipe.js'
import { pointer, type DocumentShape, type OperationShape, type ParameterShape } from './document-shape.js'
import { documentedResponses } from './documented-responses.js'
import type { ModelValidators } from './model-validators.js'
import type { CredentialKind, DataSpec, Operation, Recipe, SchemeUse } from './spec-model.js'
import type { OperationDeclaration, RecipeDeclaration, RootDeclaration } from './x-authmock-schema.js'

export interface OperationInput {
  api: string
  path: string
  method: string
  op: OperationShape
  pathParameters: ParameterShape[]
  doc: DocumentShape
  root: RootDeclaration
  schemes: Map<string, SchemeEntry>
  credentials: Record<string, CredentialKind>
  collections: Record<string, JsonObject[]>
  options: BuildOptions
  validators: ModelValidators
}

/**
 * One operation of the model: its x-authmock checked, its documented
 * responses read, every recipe resolved against them, its security failures
 * resolved, its request validators compiled, and its action's fields
 * (build-action.ts).
 *
 * @example buildOperation({ api: 'nwapp', path: '/authToken', method: 'post', op, ... })
 */
export function buildOperation(input: OperationInput): Operation {
  const { api, path, method, op, root, credentials } = input
  const operationId = op.operationId ?? `${method.toUpperCase()} ${path}`
  const at = pointer('paths', path, method, 'x-authmock')
  const ext = input.validators.checkExtension('operation', op['x-authmock'], at)
  const responses = documentedResponses(op.responses, { operationId, cookieNames: input.options.cookieNames })
  const recipe = (declaration: RecipeDeclaration, where: string): Recipe => compileRecipe(declaration, {
    operationId,
    at: `${at}/${where}`,
    responses,
    statusOverride: declaration.example ? input.options.statusOverrides?.[`${api}:${declaration.example}`] : undefined,
    cookieNames: input.options.cookieNames,
  })
  const optional = (declaration: RecipeDeclaration | undefined, where: string): Recipe | undefined => declaration && recipe(declaration, where)

  for (const kind of [...(ext.issue ?? []), ...(ext.kind ? [ext.kind] : [])]) {
    if (!(kind in credentials)) throw new AuthmockError('ERR_SPEC_UNKNOWN_CREDENTIAL', { at, kind })
  }

  const security = (op.security ?? input.doc.security ?? []).map((requirement) =>
    Object.keys(requirement).map((name): SchemeUse => {
      const entry = input.schemes.get(name)
      if (!entry) {
        throw new AuthmockError('ERR_SPEC_INVALID', { detail: `${operationId} requires security scheme "${name}", which components.securitySchemes does not declare` })
      }
      const missing = recipe(entry.failures.missing, `(${name}.missing)`)
      const invalid = recipe(entry.failures.invalid, `(${name}.invalid)`)
      return {
        scheme: entry.scheme,
        failures: {
          missing,
          invalid,
          expired: optional(entry.failures.expired, `(${name}.expired)`) ?? invalid,
          revoked: optional(entry.failures.revoked, `(${name}.revoked)`) ?? invalid,
        },
      }
    }))

  const parameters = [...input.pathParameters, ...(op.parameters ?? [])].filter((p) => p.in === 'query' || p.in === 'path')
  const validateParams = parameters.length === 0 ? undefined : input.validators.compileParams(`${api}:${operationId}:params`, {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
    required: parameters.filter((p) => p.required || p.in === 'path').map((p) => p.name),
  })

  const content = op.requestBody?.content ?? {}
  const mediaTypes = Object.keys(content).map((m) => m.toLowerCase())
  const bodySchema = (content['application/json'] ?? Object.values(content)[0])?.schema
  const body = mediaTypes.length === 0 ? undefined : { mediaTypes, validate: input.validators.compileBody(`${api}:${operationId}:body`, bodySchema ?? {}) }
  const takesInput = body !== undefined || validateParams !== undefined

  return buildAction({
    api,
    operationId,
    method: method.toUpperCase(),
    path,
    pending: ext.pending,
    security,
    body,
    validateParams,
    data: ext.data && buildData(ext.data, input.collections, api, `${at}/data`),
    respond: recipe(ext.respond, 'respond'),
    notFound: optional(ext.notFound, 'notFound'),
    // Only operations that read input can fail validation, so only they must document its answer.
    validationError: takesInput ? optional(ext.validationError ?? root.validationError, 'validationError') : undefined,
    parseError: body ? optional(ext.parseError ?? root.parseError, 'parseError') : undefined,
    responses,
  }, ext, recipe)
}

function buildData(data: NonNullable<OperationDeclaration['data']>, collections: Record<string, JsonObject[]>, api: string, at: string): DataSpec {
  const items = collections[data.collection]
  if (!items) throw new AuthmockError('ERR_SPEC_UNKNOWN_COLLECTION', { at, collection: data.collection, api })
  return {
    collection: data.collection,
    items,
    where: Object.entries(data.where ?? {}),
    whereIn: Object.entries(data.whereIn ?? {}),
    key: data.key && Object.entries(data.key),
    page: data.page && { defaultSize: 10, maxSize: 100, ...data.page },
  }
}
