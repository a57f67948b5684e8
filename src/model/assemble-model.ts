import type { OpenAPIV3_1 } from 'openapi-types'
import { AuthmockError } from '../core/errors.js'
import { ALPHABETS } from './alphabets.js'
import { parseDuration } from '../core/parse-duration.js'
import type { JsonObject, SetCookie } from '../core/types.js'
import { compileRecipe, type RecipeDeclaration } from './compile-recipe.js'
import { dereference } from './dereference.js'
import { routeKey } from '../core/route-key.js'
import { documentedResponses } from './documented-responses.js'
import type { Account, Api, CookieRecipe, CredentialKind, DataSpec, Failure, Operation, Scenario, SchemeUse, SecurityScheme, SpecModel } from './spec-model.js'
import type { ModelValidators } from './model-validators.js'
import type { Recipe } from './spec-model.js'

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

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

const pointer = (...parts: string[]): string => '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/**
 * Assembles the frozen model from OpenAPI documents and fixtures with the
 * given validators: checks every x-authmock declaration, compiles request
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

interface RootExtension {
  name: string
  credentials?: Record<string, { alphabet: string; length: number; ttl: string }>
  messages?: Record<string, string>
  nonFieldKey?: string
  violationFormat?: string
  validationError?: RecipeDeclaration
  parseError?: RecipeDeclaration
  scenarios?: Record<string, { description?: string; operations: Record<string, RecipeDeclaration> }>
}

function buildApi(source: ApiSource, options: BuildOptions, validators: ModelValidators): Api {
  const raw = source.document as unknown as Record<string, unknown>
  if (typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.1')) {
    throw new AuthmockError('ERR_SPEC_INVALID', { detail: `"openapi" is ${JSON.stringify(raw.openapi)}, expected 3.1.x` })
  }
  const doc = dereference(raw) as DocumentShape
  const root = validators.checkExtension<RootExtension>('root', doc['x-authmock'], '#/x-authmock')
  const api = root.name
  const credentials: Record<string, CredentialKind> = {}
  for (const [kind, c] of Object.entries(root.credentials ?? {})) {
    credentials[kind] = { alphabet: ALPHABETS[c.alphabet] as string, length: c.length, ttlMs: parseDuration(c.ttl) }
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

function readFixtures(api: string, fixtures: unknown): { accounts: Account[]; collections: Record<string, JsonObject[]> } {
  const fail = (detail: string): never => { throw new AuthmockError('ERR_FIXTURE_INVALID', { api, detail }) }
  if (fixtures === null || typeof fixtures !== 'object') fail('not a JSON object')
  const { accounts = [], collections = {} } = fixtures as { accounts?: unknown; collections?: unknown }
  if (!Array.isArray(accounts) || !accounts.every(isObject)) fail('"accounts" must be an array of objects')
  if (!isObject(collections) || !Object.values(collections).every((c) => Array.isArray(c) && c.every(isObject))) {
    fail('"collections" must map names to arrays of objects')
  }
  return {
    accounts: (accounts as JsonObject[]).map((fields, index) => ({ id: String(index + 1), fields })),
    collections: collections as Record<string, JsonObject[]>,
  }
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

interface SchemeExtension {
  credential?: string
  prefix?: string
  csrf?: { cookie: string }
  failures: Partial<Record<Failure, RecipeDeclaration>> & Record<'missing' | 'invalid', RecipeDeclaration>
}

interface SchemeEntry { scheme: SecurityScheme; failures: SchemeExtension['failures']; at: string }

function buildSchemes(doc: DocumentShape, credentials: Record<string, CredentialKind>, cookieNames: Record<string, string>, validators: ModelValidators): Map<string, SchemeEntry> {
  const cookie = (name: string): string => cookieNames[name] ?? name
  const out = new Map<string, SchemeEntry>()
  for (const [name, s] of Object.entries(doc.components?.securitySchemes ?? {})) {
    const at = pointer('components', 'securitySchemes', name, 'x-authmock')
    const ext = validators.checkExtension<SchemeExtension>('scheme', s['x-authmock'], at)
    if (ext.credential !== undefined && !(ext.credential in credentials)) {
      throw new AuthmockError('ERR_SPEC_UNKNOWN_CREDENTIAL', { at, kind: ext.credential })
    }
    let where: SecurityScheme['in']
    let param: string
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') {
      where = 'bearer'
      param = 'authorization'
    } else if (s.type === 'apiKey' && (s.in === 'header' || s.in === 'cookie' || s.in === 'query') && s.name) {
      where = ext.csrf ? 'csrf' : s.in
      param = s.in === 'header' ? s.name.toLowerCase() : s.in === 'cookie' ? cookie(s.name) : s.name
    } else {
      throw new AuthmockError('ERR_SPEC_EXTENSION', {
        at: pointer('components', 'securitySchemes', name),
        detail: `type ${s.type}${s.scheme ? ` (${s.scheme})` : ''} is not supported; use http bearer or apiKey in header, cookie or query`,
      })
    }
    out.set(name, {
      scheme: { name, in: where, param, prefix: ext.prefix, credential: ext.credential, csrfCookie: ext.csrf && cookie(ext.csrf.cookie) },
      failures: ext.failures,
      at,
    })
  }
  return out
}

interface OperationExtension {
  action?: Operation['action']
  pending?: string
  match?: Record<string, string>
  issue?: string[]
  from?: string
  kind?: string
  unique?: string
  fields?: string[]
  idField?: string
  data?: {
    collection: string
    where?: Record<string, string>
    whereIn?: Record<string, string>
    key?: Record<string, string>
    page?: { numberParam: string; sizeParam: string; defaultSize?: number; maxSize?: number }
  }
  respond: RecipeDeclaration
  rejected?: RecipeDeclaration
  notFound?: RecipeDeclaration
  validationError?: RecipeDeclaration
  parseError?: RecipeDeclaration
}

interface OperationInput {
  api: string
  path: string
  method: string
  op: OperationShape
  pathParameters: ParameterShape[]
  doc: DocumentShape
  root: RootExtension
  schemes: Map<string, SchemeEntry>
  credentials: Record<string, CredentialKind>
  collections: Record<string, JsonObject[]>
  options: BuildOptions
  validators: ModelValidators
}

function buildOperation(input: OperationInput): Operation {
  const { api, path, method, op, root, credentials } = input
  const operationId = op.operationId ?? `${method.toUpperCase()} ${path}`
  const at = pointer('paths', path, method, 'x-authmock')
  const ext = input.validators.checkExtension<OperationExtension>('operation', op['x-authmock'], at)
  const responses = documentedResponses(op.responses, { operationId, cookieNames: input.options.cookieNames })
  const recipe = (declaration: RecipeDeclaration | undefined, where: string): ReturnType<typeof compileRecipe> | undefined =>
    declaration && compileRecipe(declaration, {
      operationId,
      at: `${at}/${where}`,
      responses,
      statusOverride: declaration.example ? input.options.statusOverrides?.[`${api}:${declaration.example}`] : undefined,
      cookieNames: input.options.cookieNames,
    })

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
      if (!missing || !invalid) throw new AuthmockError('ERR_SPEC_EXTENSION', { at: entry.at, detail: 'failures.missing and failures.invalid are required' })
      return {
        scheme: entry.scheme,
        failures: {
          missing,
          invalid,
          expired: recipe(entry.failures.expired, `(${name}.expired)`) ?? invalid,
          revoked: recipe(entry.failures.revoked, `(${name}.revoked)`) ?? invalid,
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

  return {
    api,
    operationId,
    method: method.toUpperCase(),
    path,
    pending: ext.pending,
    security,
    body,
    validateParams,
    action: ext.action ?? 'respond',
    match: Object.entries(ext.match ?? {}),
    issue: ext.issue ?? [],
    from: ext.from,
    kind: ext.kind,
    unique: ext.unique,
    fields: ext.fields ?? [],
    idField: ext.idField,
    data: ext.data && buildData(ext.data, input.collections, api, `${at}/data`),
    respond: recipe(ext.respond, 'respond') as Operation['respond'],
    rejected: recipe(ext.rejected, 'rejected'),
    notFound: recipe(ext.notFound, 'notFound'),
    // Only operations that read input can fail validation, so only they must document its answer.
    validationError: takesInput ? recipe(ext.validationError ?? root.validationError, 'validationError') : undefined,
    parseError: body ? recipe(ext.parseError ?? root.parseError, 'parseError') : undefined,
    responses,
  }
}

/**
 * Scenarios answer like the documented response they name, headers included
 * (a throttled 429 keeps its Retry-After), unless the recipe sets a header itself.
 */
function buildScenarios(declared: NonNullable<RootExtension['scenarios']>, operations: Operation[], options: BuildOptions): Scenario[] {
  return Object.entries(declared).map(([name, scenario]) => {
    const recipes = new Map<string, Recipe>()
    for (const [operationId, declaration] of Object.entries(scenario.operations)) {
      const at = pointer('x-authmock', 'scenarios', name, 'operations', operationId)
      const op = operations.find((o) => o.operationId === operationId)
      if (!op) throw new AuthmockError('ERR_SPEC_EXTENSION', { at, detail: `no operation "${operationId}" in this spec` })
      const recipe = compileRecipe(declaration, { operationId, at, responses: op.responses, cookieNames: options.cookieNames })
      const documented = op.responses.find((r) => r.status === recipe.status)
      const own = new Set(recipe.headers.map(([header]) => header))
      const ownCookies = new Set(recipe.cookies.map((c) => c.name))
      recipes.set(operationId, {
        ...recipe,
        headers: [...(documented?.headers ?? []).filter(([header]) => !own.has(header)), ...recipe.headers],
        // Documented Set-Cookie examples too, as literal cookies (the recipe's own of the same name win).
        cookies: [...(documented?.cookies ?? []).filter((c) => !ownCookies.has(c.name)).map(literalCookie), ...recipe.cookies],
      })
    }
    return { name, description: scenario.description ?? '', operations: recipes }
  })
}

/** A documented cookie as a recipe cookie; a cookie deleted by Max-Age=0 is a `clear`. */
function literalCookie(cookie: SetCookie): CookieRecipe {
  const { maxAge, ...rest } = cookie
  return maxAge === 0 ? { ...rest, clear: true } : { ...rest, ...(maxAge !== undefined && { maxAge }) }
}

function buildData(data: NonNullable<OperationExtension['data']>, collections: Record<string, JsonObject[]>, api: string, at: string): DataSpec {
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

function checkRouteConflicts(apis: Api[]): void {
  const seen = new Map<string, string>()
  for (const op of apis.flatMap((a) => a.operations)) {
    const key = `${op.method} ${routeKey(op.path)}`
    const first = seen.get(key)
    if (first) throw new AuthmockError('ERR_SPEC_ROUTE_CONFLICT', { method: op.method, path: op.path, first, second: `${op.api}.${op.operationId}` })
    seen.set(key, `${op.api}.${op.operationId}`)
  }
}

// The parts of a dereferenced OpenAPI 3.1 document the model reads.
interface ParameterShape { name: string; in: string; required?: boolean; schema?: object }
interface OperationShape {
  operationId?: string
  security?: Array<Record<string, string[]>>
  parameters?: ParameterShape[]
  requestBody?: { content?: Record<string, { schema?: object }> }
  responses?: Parameters<typeof documentedResponses>[0]
  'x-authmock'?: unknown
}
type PathItemShape = Partial<Record<(typeof METHODS)[number], OperationShape>> & { parameters?: ParameterShape[] }
interface DocumentShape {
  info?: { title?: string }
  paths?: Record<string, PathItemShape>
  security?: Array<Record<string, string[]>>
  components?: { securitySchemes?: Record<string, { type?: string; scheme?: string; in?: string; name?: string; 'x-authmock'?: unknown }> }
  'x-authmock'?: unknown
}
