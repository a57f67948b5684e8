/**
 * Every option of every surface, once: its name, kind, default, unit, the
 * surfaces that take it and its flag. The CLI's flags, parser and usage
 * text, `resolveConfig`, `buildApp`, `listen`, `createHandlers`,
 * `createEngine` and the HTTP client of verify/proxy all read their defaults
 * and checks from here (issue 11: one source for options and defaults), and
 * tests/options.test.ts checks the usage and the README against it.
 *
 * Kernel file: the engine and the MSW build read it in the browser, so it
 * holds plain data and imports nothing. What only the usage and the config
 * file's schema show (each option's help, its value's placeholder, how a
 * default without a value reads) is in src/config/option-help.ts, keyed by
 * the same names and checked against them by its type. Here it shipped in
 * every browser bundle of authmock/msw: moving it out took that bundle from
 * 148.6 to 142.9 KiB minified, 40.2 to 38.1 KiB gzipped
 * (scripts/measure-msw-size.mjs).
 */

/** Where an option can be given: a command of the CLI, or a function of the API. */
export type Surface = 'serve' | 'verify' | 'proxy' | 'buildApp' | 'listen' | 'createHandlers' | 'createEngine' | 'httpClient'

/**
 * What a value must be. `integer`, `boolean`, `string`, `strings` (a list)
 * are the same on the command line and in code; the tables are records in
 * code and repeatable `key=value` texts on the command line (`text`).
 */
export type OptionKind =
  | 'integer' | 'boolean' | 'string' | 'strings'
  | 'ttl-table' | 'status-table' | 'name-table'
  | 'function' | 'object' | 'array' | 'url-or-table'

export interface OptionSpec {
  readonly kind: OptionKind
  /** Filled in when the option is not given; undefined: the behaviour its help (src/config/option-help.ts) describes for its absence. */
  readonly default?: string | number | boolean | undefined
  readonly unit?: 'ms' | 'bytes' | 'count'
  readonly surfaces: readonly Surface[]
  /** The CLI flag without dashes; absent: the key in kebab-case. No flag unless a CLI surface takes the option. */
  readonly flag?: string
  readonly short?: string
  /** The flag may be given several times (a list). */
  readonly repeatable?: boolean
  /** A switch that sets this boolean option to false (`--quiet` for `log`). */
  readonly negated?: boolean
  readonly min?: number
  readonly max?: number
  readonly minLength?: number
  /** A list's items, or a string, must match (JSON Schema dialect: no flags). */
  readonly pattern?: string
  readonly choices?: readonly string[]
  /** On the command line the value is text: under this key of the config, matching this pattern. */
  readonly text?: { readonly key?: string; readonly pattern: string }
  /** Never shown back in an error message. */
  readonly secret?: boolean
  /** Only on the command line: no key of the config (--config names the file; a file naming another file would be a chain to follow). */
  readonly commandLineOnly?: boolean
  /** CLI commands that refuse to run without it, and what to say. */
  readonly required?: { readonly surfaces: readonly Surface[]; readonly why: string }
  /** What a valid value looks like, in an error message (resolveOptions shows it, in the browser too). */
  readonly hint?: string
}

const API_NAME = '^[a-z][a-z0-9-]*$'
/** RFC 6265 §4.1.1 cookie-name (an RFC 9110 token). */
const COOKIE_NAME = '[!#$%&\'*+.^_`|~0-9A-Za-z-]+'

/** The options, in the order the usage lists them. */
export const OPTION_TABLE = {
  config: {
    // Found in the working directory, as Vite and ESLint find theirs: a project's settings live beside it, flags override them.
    kind: 'string', surfaces: ['serve', 'verify', 'proxy'], short: 'c', commandLineOnly: true,
  },
  port: {
    // 4010 is Prism's, so clients switching over keep their URL.
    kind: 'integer', default: 4010, min: 0, max: 65535, surfaces: ['serve', 'proxy', 'listen'], short: 'p',
    hint: 'use a whole number from 0 to 65535',
  },
  host: {
    // Loopback, so a mock is never exposed by accident.
    kind: 'string', default: '127.0.0.1', minLength: 1, surfaces: ['serve', 'proxy', 'listen', 'buildApp'],
  },
  https: {
    // A certificate made here, not shipped: a key in the package would be everyone's, so trusting its CA would trust anyone's server.
    kind: 'boolean', default: false, surfaces: ['serve', 'proxy'],
  },
  watch: {
    // Off by default: a watcher holds file handles and rebuilds on every save, which a CI run never wants.
    kind: 'boolean', default: false, surfaces: ['serve'],
  },
  cert: { kind: 'string', minLength: 1, surfaces: ['serve', 'proxy'] },
  key: { kind: 'string', minLength: 1, surfaces: ['serve', 'proxy'] },
  apis: {
    kind: 'strings', pattern: API_NAME, surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'api', repeatable: true,
    hint: 'use an API name such as nwapp (see "authmock apis")',
  },
  tokenTtlMs: {
    kind: 'ttl-table', unit: 'ms', surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'],
    flag: 'token-ttl', repeatable: true,
    text: { key: 'tokenTtl', pattern: '^([a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)?=)?(never|\\d+(\\.\\d+)?(ms|s|m|h|d)?)$' },
    hint: 'use <duration>, <api>=<duration> or <api>.<kind>=<duration>, with durations like 30s, 15m, 10h, 14d or never',
  },
  seed: {
    kind: 'integer', min: 0, max: 4294967295, surfaces: ['serve', 'verify', 'buildApp', 'createHandlers', 'createEngine'],
    hint: 'use a whole number from 0 to 4294967295',
  },
  corsOrigins: {
    kind: 'strings', pattern: '^https?://[^/]+$', surfaces: ['serve', 'buildApp'],
    flag: 'cors-origin', repeatable: true,
    hint: 'use an origin such as http://localhost:5173 (scheme, host and port, no path)',
  },
  statusOverrides: {
    kind: 'status-table', surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'status', repeatable: true,
    text: { pattern: '^[a-z][a-z0-9-]*:[\\w-]+=[1-5]\\d\\d$' },
    hint: 'use <api>:<example>=<status>, e.g. unicommerce:invalid-credentials=401',
  },
  cookieNames: {
    kind: 'name-table', surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'cookie-name', repeatable: true,
    text: { pattern: `^${COOKIE_NAME}=${COOKIE_NAME}$` },
    hint: 'use <documented>=<deployed> with cookie-name characters, e.g. osessionid=sessionid',
  },
  maxCredentials: { kind: 'integer', default: 100_000, unit: 'count', min: 1, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'] },
  maxAccounts: { kind: 'integer', default: 10_000, unit: 'count', min: 0, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'] },
  specDir: { kind: 'string', surfaces: ['serve', 'verify', 'proxy', 'buildApp'] },
  fixturesDir: { kind: 'string', surfaces: ['serve', 'verify', 'proxy', 'buildApp'] },
  log: {
    // On the command line a boolean (a line per request unless --quiet); in code the function that gets each line.
    kind: 'function', surfaces: ['serve', 'proxy', 'buildApp'], flag: 'quiet', negated: true,
  },
  logFormat: {
    // Pretty everywhere unless asked, terminal or not: scripts and tests read the text lines from a child's stdout.
    kind: 'string', default: 'pretty', choices: ['pretty', 'json'], surfaces: ['serve', 'proxy', 'buildApp'],
    hint: 'use pretty or json',
  },
  remoteControl: { kind: 'boolean', default: false, surfaces: ['serve', 'proxy', 'buildApp'] },
  controlToken: {
    // Long enough that guessing is hopeless; printable, so it fits an Authorization header.
    kind: 'string', minLength: 16, pattern: '^[\\x21-\\x7e]+$', secret: true, surfaces: ['serve', 'proxy', 'buildApp'],
    hint: 'use at least 16 printable characters without spaces, e.g. from "openssl rand -hex 16"',
  },
  insecureRemoteControl: { kind: 'boolean', default: false, surfaces: ['serve', 'proxy', 'buildApp'] },
  allowedHosts: {
    kind: 'strings', pattern: '^(\\*|\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?)$', surfaces: ['serve', 'proxy', 'buildApp'],
    flag: 'allowed-host', repeatable: true,
    hint: 'use a host name such as mock.qa.example, .qa.example for every subdomain, or * for any',
  },
  maxBodyBytes: { kind: 'integer', default: 1024 * 1024, unit: 'bytes', min: 1, surfaces: ['buildApp', 'createHandlers', 'createEngine'] },
  journalSize: { kind: 'integer', default: 500, unit: 'count', min: 1, surfaces: ['buildApp', 'createHandlers', 'createEngine'] },
  requestTimeoutMs: { kind: 'integer', default: 30_000, unit: 'ms', min: 1, surfaces: ['buildApp'] },
  tls: {
    // What Node's tls.createSecureContext takes; serve --https fills it from the cache folder or --cert/--key.
    kind: 'object', surfaces: ['buildApp'],
  },
  storeUrl: {
    kind: 'string', secret: true, pattern: '^rediss?://', surfaces: ['serve'], flag: 'store',
    hint: 'use redis://HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB]',
  },
  storeTimeoutMs: { kind: 'integer', default: 1000, unit: 'ms', min: 1, surfaces: ['serve'], flag: 'store-timeout' },
  maxNamespaces: { kind: 'integer', default: 100, unit: 'count', min: 1, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'] },
  namespace: { kind: 'string', default: 'default', pattern: '^[A-Za-z0-9._-]{1,64}$', surfaces: ['createHandlers'] },
  state: { kind: 'object', surfaces: ['buildApp', 'createHandlers', 'createEngine'] },
  clock: { kind: 'object', surfaces: ['buildApp', 'createHandlers', 'createEngine'] },
  store: { kind: 'object', surfaces: ['buildApp', 'createHandlers', 'createEngine'] },
  sources: { kind: 'array', surfaces: ['buildApp', 'createHandlers'] },
  engine: { kind: 'object', surfaces: ['buildApp'] },
  validators: { kind: 'object', surfaces: ['createHandlers'] },
  cookieJar: { kind: 'boolean', default: true, surfaces: ['createHandlers'] },
  baseUrl: {
    kind: 'url-or-table', default: '', surfaces: ['verify', 'createHandlers'],
    required: { surfaces: ['verify'], why: 'the server to check (e.g. --base-url https://staging.example.com)' },
  },
  target: {
    kind: 'string', surfaces: ['proxy'],
    required: { surfaces: ['proxy'], why: 'the server to forward to (e.g. --target https://staging.example.com)' },
  },
  credentials: { kind: 'string', surfaces: ['verify'] },
  email: { kind: 'string', surfaces: ['verify'] },
  username: { kind: 'string', surfaces: ['verify'] },
  password: { kind: 'string', secret: true, surfaces: ['verify'] },
  reporter: { kind: 'string', choices: ['pretty', 'tap', 'junit', 'json', 'github', 'html'], surfaces: ['verify'] },
  generate: { kind: 'integer', default: 0, unit: 'count', min: 0, max: 100_000, surfaces: ['verify'] },
  rate: { kind: 'integer', default: 20, unit: 'count', min: 0, surfaces: ['verify'] },
  maxRequests: { kind: 'integer', default: 2000, unit: 'count', min: 1, surfaces: ['verify'] },
  minCoverage: {
    kind: 'integer', min: 0, max: 100, surfaces: ['verify'],
    hint: 'a whole percentage from 0 to 100',
  },
  output: { kind: 'string', surfaces: ['verify'] },
  timeoutMs: {
    kind: 'integer', default: 10_000, unit: 'ms', min: 1, surfaces: ['verify', 'proxy', 'httpClient'], flag: 'timeout',
    hint: 'a whole number of milliseconds above 0',
  },
  retries: {
    // 0: a flaky server is reported, not hidden, unless the user asks.
    kind: 'integer', default: 0, unit: 'count', min: 0, surfaces: ['verify', 'proxy', 'httpClient'],
  },
  insecure: { kind: 'boolean', default: false, surfaces: ['verify', 'proxy', 'httpClient'] },
  only: { kind: 'strings', surfaces: ['verify'], repeatable: true },
  maxRedirects: { kind: 'integer', default: 5, unit: 'count', min: 0, surfaces: ['httpClient'] },
  maxResponseBytes: { kind: 'integer', default: 10 * 1024 * 1024, unit: 'bytes', min: 1, surfaces: ['httpClient'] },
  // A verify run is dozens of small sequential exchanges with one host.
  connections: { kind: 'integer', default: 8, unit: 'count', min: 1, surfaces: ['httpClient'] },
} as const satisfies Record<string, OptionSpec>

export type OptionName = keyof typeof OPTION_TABLE

/** The options a surface takes. */
export type OptionOf<S extends Surface> = {
  [K in OptionName]: S extends (typeof OPTION_TABLE)[K]['surfaces'][number] ? K : never
}[OptionName]

/** The defaults, by option name (the ones with a value). */
export type OptionDefaults = {
  [K in OptionName as (typeof OPTION_TABLE)[K] extends { default: unknown } ? K : never]: (typeof OPTION_TABLE)[K] extends { default: infer D } ? (D extends number ? number : D extends string ? string : D extends boolean ? boolean : never) : never
}

/** Every default of the table, by name: what a surface fills in when the option is not given. */
export const OPTION_DEFAULTS = Object.freeze(Object.fromEntries(
  Object.entries(OPTION_TABLE as Record<string, OptionSpec>).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default]),
)) as OptionDefaults

/**
 * An option's entry by a name known only at run time (a config key, a
 * flag's option): undefined for no option. Own keys only, so "constructor"
 * or "__proto__" is no option.
 *
 * @example specOf('port')?.default // 4010
 */
export function specOf(name: string): OptionSpec | undefined {
  return Object.hasOwn(OPTION_TABLE, name) ? (OPTION_TABLE as Record<string, OptionSpec>)[name] : undefined
}

/** The CLI flag of an option: its own, or its name in kebab-case (`maxCredentials` -> `max-credentials`). */
export function flagOf(name: string): string {
  return specOf(name)?.flag ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
