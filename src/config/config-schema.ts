/**
 * What a valid `authmock serve` configuration is (JSON Schema). Compiled to
 * code at build time (scripts/bundle-sources.ts -> src/generated/config-validator.ts),
 * so starting the server loads no ajv.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    apis: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
    tokenTtl: { type: 'array', items: { type: 'string', pattern: '^([a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)?=)?(never|\\d+(\\.\\d+)?(ms|s|m|h|d)?)$' } },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    corsOrigins: { type: 'array', items: { type: 'string', pattern: '^https?://[^/]+$' } },
    statusOverrides: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9-]*:[\\w-]+=[1-5]\\d\\d$' } },
    cookieNames: { type: 'array', items: { type: 'string', pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]+=[!#$%&\'*+.^_`|~0-9A-Za-z-]+$' } },
    maxCredentials: { type: 'integer', minimum: 1 },
    maxAccounts: { type: 'integer', minimum: 0 },
    maxBodyBytes: { type: 'integer', minimum: 1 },
    specDir: { type: 'string' },
    fixturesDir: { type: 'string' },
    log: { type: 'boolean' },
    remoteControl: { type: 'boolean' },
    // Long enough that guessing is hopeless; printable, so it fits an Authorization header.
    controlToken: { type: 'string', minLength: 16, pattern: '^[\\x21-\\x7e]+$' },
    insecureRemoteControl: { type: 'boolean' },
    allowedHosts: { type: 'array', items: { type: 'string', pattern: '^(\\*|\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?)$' } },
  },
} as const
