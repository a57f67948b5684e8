/**
 * The `x-authmock` vocabulary, defined once: the JSON Schemas for the three
 * places it may stand (docs/spec-extensions.md), and the TypeScript types of a
 * checked declaration derived from them (json-schema-to-ts), so a new key is
 * written here and nowhere else. The loader checks every declaration against
 * these before building the model, so a typo in a spec fails the load with the
 * pointer to fix; tests/spec-extensions-doc.test.ts fails when a key is missing
 * from the docs.
 */
import type { FromSchema } from 'json-schema-to-ts'

const template = { type: 'string' } as const
const templateMap = { type: 'object', additionalProperties: template } as const

const cookieSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    value: template,
    clear: { type: 'boolean' },
    path: { type: 'string' },
    httpOnly: { type: 'boolean' },
    secure: { type: 'boolean' },
    sameSite: { enum: ['Strict', 'Lax', 'None'] },
    maxAge: { type: ['string', 'integer'] },
  },
} as const

/** `example` names a response example; a bodiless answer (204, 302) names its `status` instead. */
export const recipeSchema = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['example'] }, { required: ['status'] }],
  properties: {
    example: { type: 'string', minLength: 1 },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    fill: template,
    set: templateMap,
    headers: templateMap,
    cookies: { type: 'object', additionalProperties: cookieSchema },
  },
} as const

const duration = { type: 'string', pattern: '^(never|\\d+(\\.\\d+)?(ms|s|m|h|d)?)$' } as const

export const rootExtensionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    credentials: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['alphabet', 'length', 'ttl'],
        properties: {
          alphabet: { enum: ['hex', 'alnum', 'lower-alnum'] },
          length: { type: 'integer', minimum: 8, maximum: 256 },
          ttl: duration,
          description: { type: 'string' },
        },
      },
    },
    messages: templateMap,
    nonFieldKey: { type: 'string' },
    violationFormat: { type: 'string' },
    validationError: recipeSchema,
    parseError: recipeSchema,
    scenarios: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['operations'],
        properties: {
          description: { type: 'string' },
          operations: { type: 'object', minProperties: 1, additionalProperties: recipeSchema },
        },
      },
    },
  },
} as const

export const schemeExtensionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['failures'],
  properties: {
    credential: { type: 'string' },
    prefix: { type: 'string' },
    csrf: {
      type: 'object',
      additionalProperties: false,
      required: ['cookie'],
      properties: { cookie: { type: 'string' } },
    },
    failures: {
      type: 'object',
      additionalProperties: false,
      required: ['missing', 'invalid'],
      properties: { missing: recipeSchema, invalid: recipeSchema, expired: recipeSchema, revoked: recipeSchema },
    },
  },
  oneOf: [{ required: ['credential'] }, { required: ['csrf'] }],
} as const

/** An operation's keys, less `action` (which picks the variant, ACTION_NEEDS). */
const operationFields = {
  type: 'object',
  additionalProperties: false,
  required: ['respond'],
  properties: {
    pending: { type: 'string' },
    match: templateMap,
    issue: { type: 'array', items: { type: 'string' } },
    from: template,
    kind: { type: 'string' },
    unique: { type: 'string' },
    fields: { type: 'array', items: { type: 'string' } },
    idField: { type: 'string' },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['collection'],
      properties: {
        collection: { type: 'string' },
        where: templateMap,
        whereIn: templateMap,
        key: templateMap,
        page: {
          type: 'object',
          additionalProperties: false,
          required: ['numberParam', 'sizeParam'],
          properties: {
            numberParam: { type: 'string' },
            sizeParam: { type: 'string' },
            defaultSize: { type: 'integer', minimum: 1 },
            maxSize: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    respond: recipeSchema,
    rejected: recipeSchema,
    notFound: recipeSchema,
    validationError: recipeSchema,
    parseError: recipeSchema,
  },
} as const

type OperationFields = FromSchema<typeof operationFields>

/**
 * What each action does is what it needs declared (docs/spec-extensions.md,
 * "Actions"): the one table both the schema's conditions and the
 * declaration's union are made from. `respond` is the default action.
 */
export const ACTION_NEEDS = {
  respond: [],
  login: ['match', 'issue', 'rejected'],
  issue: ['issue'],
  logout: [],
  'revoke-account': ['match'],
  refresh: ['from', 'kind', 'issue', 'rejected'],
  register: ['unique', 'fields', 'issue', 'rejected'],
} as const satisfies Record<string, ReadonlyArray<keyof OperationFields>>

export const operationExtensionSchema = {
  ...operationFields,
  properties: { action: { enum: Object.keys(ACTION_NEEDS) }, ...operationFields.properties },
  // One condition per action: a plain if/then keeps ajv's message to the missing key ("must have required property 'rejected'").
  allOf: Object.entries(ACTION_NEEDS).filter(([, needs]) => needs.length > 0).map(([action, needs]) => ({
    if: { properties: { action: { const: action } }, required: ['action'] },
    then: { required: needs },
  })),
}

export type Action = keyof typeof ACTION_NEEDS
export type RecipeDeclaration = FromSchema<typeof recipeSchema>
export type CookieDeclaration = FromSchema<typeof cookieSchema>
export type RootDeclaration = FromSchema<typeof rootExtensionSchema>
export type SchemeDeclaration = FromSchema<typeof schemeExtensionSchema>
export type Failure = keyof typeof schemeExtensionSchema.properties.failures.properties

/** One action's declaration: what it needs made required, `action` its tag (absent means respond). */
type ActionDeclaration<A extends Action> = Omit<OperationFields, (typeof ACTION_NEEDS)[A][number]>
  & Required<Pick<OperationFields, (typeof ACTION_NEEDS)[A][number]>>
  & (A extends 'respond' ? { action?: A } : { action: A })

/** An operation's x-authmock as checked: a union by action, so `switch (declaration.action)` narrows it. */
export type OperationDeclaration = { [A in Action]: ActionDeclaration<A> }[Action]
