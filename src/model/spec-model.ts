/**
 * The frozen model the engine runs on: everything the spec and fixtures say,
 * resolved once at load (examples found, validators compiled, templates parsed),
 * so no request walks the spec.
 */
import type { ValidateFunction } from 'ajv'
import type { BodyWriter } from './compile-body-writer.js'
import type { Json, JsonObject, SetCookie } from '../core/types.js'

export type Failure = 'missing' | 'invalid' | 'expired' | 'revoked'
export type Action = 'respond' | 'login' | 'issue' | 'logout' | 'revoke-account' | 'refresh' | 'register'

export interface CookieRecipe {
  name: string
  value?: string
  clear?: boolean
  path?: string
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
  maxAge?: string | number
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

export interface Operation {
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
  action: Action
  match: Array<[field: string, template: string]>
  issue: string[]
  from?: string | undefined
  kind?: string | undefined
  unique?: string | undefined
  fields: string[]
  /** register: profile field that gets the next free number (like a database id). */
  idField?: string | undefined
  data?: DataSpec | undefined
  respond: Recipe
  rejected?: Recipe | undefined
  notFound?: Recipe | undefined
  validationError?: Recipe | undefined
  parseError?: Recipe | undefined
  responses: DocumentedResponse[]
}

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
