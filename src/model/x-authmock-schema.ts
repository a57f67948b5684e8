/**
 * JSON Schemas for the three places `x-authmock` may stand (docs/spec-extensions.md).
 * The loader checks every declaration against these before building the model,
 * so a typo in a spec fails the load with the pointer to fix.
 */

const template = { type: 'string' } as const
const templateMap = { type: 'object', additionalProperties: template } as const

const cookie = {
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
    cookies: { type: 'object', additionalProperties: cookie },
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

const failure = { enum: ['missing', 'invalid', 'expired', 'revoked'] }

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
      required: ['missing', 'invalid'],
      propertyNames: failure,
      additionalProperties: recipeSchema,
    },
  },
  oneOf: [{ required: ['credential'] }, { required: ['csrf'] }],
} as const

export const operationExtensionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['respond'],
  properties: {
    action: { enum: ['respond', 'login', 'issue', 'logout', 'revoke-account', 'refresh', 'register'] },
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
  allOf: [
    { if: { properties: { action: { enum: ['login', 'revoke-account'] } }, required: ['action'] }, then: { required: ['match'] } },
    { if: { properties: { action: { const: 'login' } }, required: ['action'] }, then: { required: ['issue', 'rejected'] } },
    { if: { properties: { action: { const: 'issue' } }, required: ['action'] }, then: { required: ['issue'] } },
    { if: { properties: { action: { const: 'refresh' } }, required: ['action'] }, then: { required: ['from', 'kind', 'issue', 'rejected'] } },
    { if: { properties: { action: { const: 'register' } }, required: ['action'] }, then: { required: ['unique', 'fields', 'issue', 'rejected'] } },
  ],
} as const
