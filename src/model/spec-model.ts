/**
 * The model the engine runs on: everything the spec and fixtures say,
 * resolved once at load (examples found, validators compiled, templates parsed),
 * so no request walks the spec. Nothing changes it after the build, but it is
 * not frozen as a whole: example bodies are (deep, compile-recipe.ts), while
 * validators write their `errors` on each call and schemas and fixture items
 * are shared with the sources they came from.
 */
import type { ValidateFunction } from 'ajv'
import type { BodyWriter } from './compile-body-writer.js'
import type { Json, JsonObject, SetCookie } from '../core/types.js'
import type { Action, CookieDeclaration, Failure } from './x-authmock-schema.js'

export type { Action, Failure }

/** A cookie of a recipe: the declaration (x-authmock-schema.ts) under its deployed name. */
export interface CookieRecipe extends CookieDeclaration {
  name: string
}

/** How one outcome is answered (docs/spec-extensions.md, "Recipes"). */
export interface Recipe {
  /** The example name; "" for a bodiless response chosen by status. */
  example: string
  status: number
  contentType?: string | undefined
  /** The example's body, frozen; undefined for bodiless answers (204, 302). */
  body?: Json | undefined
  /** The serialised body when nothing in it is live, so most answers cost one string. */
  fixedBody?: string | undefined
  fill?: string | undefined
  set: Array<[pointer: string, template: string]>
  /** Writes the live body without copying the example, when the recipe's shape allows (model/compile-body-writer.ts). */
  writeBody?: BodyWriter | undefined
  headers: Array<[name: string, template: string]>
  cookies: CookieRecipe[]
}

export interface CredentialKind {
  alphabet: string
  length: number
  /** Undefined: never expires. */
  ttlMs?: number | undefined
}

export interface SecurityScheme {
  name: string
  /** Where the value is read from. */
  in: 'header' | 'cookie' | 'query' | 'bearer' | 'csrf'
  /** Header (lower-cased), cookie or query parameter name. */
  param: string
  prefix?: string | undefined
  credential?: string | undefined
  csrfCookie?: string | undefined
}

/** One scheme as used by one operation: its failures resolved against that operation's examples. */
export interface SchemeUse {
  scheme: SecurityScheme
  failures: Record<Failure, Recipe>
}

export interface DataSpec {
  collection: string
  items: readonly JsonObject[]
  where: Array<[field: string, template: string]>
  whereIn: Array<[field: string, template: string]>
  key?: Array<[field: string, template: string]> | undefined
  page?: { numberParam: string; sizeParam: string; defaultSize: number; maxSize: number } | undefined
}

/** A response header as the spec declares it (OpenAPI Header Object), for the contract checker. */
export interface DeclaredHeader {
  /** Lower-cased (header names are case-insensitive, RFC 9110 §5.1). */
  name: string
  required: boolean
  /** The header's dereferenced schema, when it has one. */
  schema?: object | undefined
}

export interface DocumentedResponse {
  status: number
  contentType?: string | undefined
  examples: Map<string, Json>
  /** Declared response headers (less Set-Cookie) with the value the spec gives them. */
  headers: Array<[name: string, value: string]>
  /** Documented Set-Cookie examples, as cookies (deployed names applied). */
  cookies: SetCookie[]
  /** The dereferenced schema of the body's media type; undefined when the response documents no body schema. */
  schema?: object | undefined
  /** Every declared response header, required or not (the checker validates them; `headers` is what the mock sends). */
  declaredHeaders: DeclaredHeader[]
}

/** What every operation has, whatever its action does. */
export interface OperationBase {
  api: string
  operationId: string
  method: string
  path: string
  pending?: string | undefined
  /** OR of requirements, AND inside one; empty = open. */
  security: SchemeUse[][]
  body?: {
    mediaTypes: string[]
    validate: ValidateFunction
  } | undefined
  /** Query and path parameters as one object, with types coerced. */
  validateParams?: ValidateFunction | undefined
  data?: DataSpec | undefined
  respond: Recipe
  /** Answered when the action refuses; declared on login, refresh and register (the spec may give it elsewhere, unused). */
  rejected?: Recipe | undefined
  notFound?: Recipe | undefined
  validationError?: Recipe | undefined
  parseError?: Recipe | undefined
  responses: DocumentedResponse[]
}

/** The fields only some actions have; the others hold them unset (build-action.ts gives every operation one shape). */
interface ActionFields {
  match: Array<[field: string, template: string]>
  issue: string[]
  from: string
  kind: string
  unique: string
  fields: string[]
  /** register: profile field that gets the next free number (like a database id). */
  idField?: string | undefined
}

/** An action's own fields; the rest of ActionFields are undefined on it, so `op.from` reads as `string | undefined` on any operation. */
type Has<K extends keyof ActionFields> = Pick<ActionFields, K> & { [F in Exclude<keyof ActionFields, K>]?: undefined }

/** Answers its recipe (after security, validation and `data`); does nothing else. */
export interface RespondOperation extends OperationBase, Has<never> {
  action: 'respond'
}

/** Issues credentials with no owner (a CSRF token). */
export interface IssueOperation extends OperationBase, Has<'issue'> {
  action: 'issue'
}

/** Finds the account whose fields equal every `match` template; issues `issue` as one family owned by it. */
export interface LoginOperation extends OperationBase, Has<'match' | 'issue'> {
  action: 'login'
  rejected: Recipe
}

/** Revokes the family of the credential that passed security. */
export interface LogoutOperation extends OperationBase, Has<never> {
  action: 'logout'
}

/** Revokes every credential of the `match`ed account. */
export interface RevokeAccountOperation extends OperationBase, Has<'match'> {
  action: 'revoke-account'
}

/** The `from` credential must be a live `kind`: revokes its family, issues a new one for the same owner. */
export interface RefreshOperation extends OperationBase, Has<'from' | 'kind' | 'issue'> {
  action: 'refresh'
  rejected: Recipe
}

/** Adds an account from the body's `fields` (`unique` must be new), then issues like login. */
export interface RegisterOperation extends OperationBase, Has<'unique' | 'fields' | 'idField' | 'issue'> {
  action: 'register'
  rejected: Recipe
}

/**
 * One operation, a union by what its action does (docs/spec-extensions.md,
 * "Actions"), resolved at load: `switch (op.action)` gives each action's fields
 * with their types, so the engine reads them without casts.
 */
export type Operation =
  | RespondOperation
  | IssueOperation
  | LoginOperation
  | LogoutOperation
  | RevokeAccountOperation
  | RefreshOperation
  | RegisterOperation

export interface Account {
  /** Stable id inside its API: the credential's subject. */
  id: string
  fields: JsonObject
}

/** A QA switch (x-authmock.scenarios): what chosen operations answer while it is on. */
export interface Scenario {
  name: string
  description: string
  /** operationId -> the documented response it answers. */
  operations: Map<string, Recipe>
}

export interface Api {
  name: string
  title: string
  credentials: Record<string, CredentialKind>
  messages: Record<string, string>
  nonFieldKey: string
  violationFormat: string
  accounts: readonly Account[]
  operations: Operation[]
  scenarios: Scenario[]
}

export interface SpecModel {
  apis: Api[]
}
