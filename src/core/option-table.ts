/**
 * Every option of every surface, once: its name, kind, default, unit, the
 * surfaces that take it, its flag and its help. The CLI's flags, parser and
 * usage text, `resolveConfig`, `buildApp`, `listen`, `createHandlers`,
 * `createEngine` and the HTTP client of verify/proxy all read their defaults
 * and checks from here (issue 11: one source for options and defaults), and
 * tests/options.test.ts checks the usage and the README against it.
 *
 * Kernel file: the engine and the MSW build read it in the browser, so it
 * holds plain data and imports nothing.
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
  /** Filled in when the option is not given; undefined: the behaviour `help` describes for its absence. */
  readonly default?: string | number | boolean | undefined
  /** How the default reads in the usage and the README when it is not a plain value. */
  readonly defaultText?: string
  readonly unit?: 'ms' | 'bytes' | 'count'
  readonly surfaces: readonly Surface[]
  /** The CLI flag without dashes; absent: the key in kebab-case. No flag unless a CLI surface takes the option. */
  readonly flag?: string
  readonly short?: string
  /** The value's placeholder in the usage (`<n>`); absent for a switch. */
  readonly arg?: string
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
  /** What a valid value looks like, in an error message. */
  readonly hint?: string
  /** The usage line; `{default}` is replaced by the default. */
  readonly help: string
}

const API_NAME = '^[a-z][a-z0-9-]*$'
/** RFC 6265 §4.1.1 cookie-name (an RFC 9110 token). */
const COOKIE_NAME = '[!#$%&\'*+.^_`|~0-9A-Za-z-]+'

/** The options, in the order the usage lists them. */
export const OPTION_TABLE = {
  config: {
    // Found in the working directory, as Vite and ESLint find theirs: a project's settings live beside it, flags override them.
    kind: 'string', defaultText: 'authmock.config.json, .mjs or .js in the working directory', surfaces: ['serve', 'verify', 'proxy'], short: 'c', arg: '<file>',
    commandLineOnly: true,
    help: 'Read settings from this file (default: {default}); flags override it',
  },
  port: {
    kind: 'integer', default: 4010, min: 0, max: 65535, surfaces: ['serve', 'proxy', 'listen'], short: 'p', arg: '<n>',
    hint: 'use a whole number from 0 to 65535',
    // 4010 is Prism's, so clients switching over keep their URL.
    help: 'Port (default {default}; 0 picks a free one)',
  },
  host: {
    // Loopback, so a mock is never exposed by accident.
    kind: 'string', default: '127.0.0.1', minLength: 1, surfaces: ['serve', 'proxy', 'listen', 'buildApp'], arg: '<addr>',
    help: 'Interface (default {default})',
  },
  https: {
    // A certificate made here, not shipped: a key in the package would be everyone's, so trusting its CA would trust anyone's server.
    kind: 'boolean', default: false, surfaces: ['serve', 'proxy'],
    help: 'Serve HTTPS with a certificate for localhost, 127.0.0.1 and ::1 from a local CA made once and kept in the cache folder (its path is printed: trust it once)',
  },
  watch: {
    // Off by default: a watcher holds file handles and rebuilds on every save, which a CI run never wants.
    kind: 'boolean', default: false, surfaces: ['serve'],
    help: 'Reload the specs and fixtures when a file in their folders changes; tokens, sessions, switches and the journal stay, and a broken edit keeps the last good ones serving',
  },
  cert: {
    kind: 'string', minLength: 1, defaultText: 'none', surfaces: ['serve', 'proxy'], arg: '<file>',
    help: 'Serve HTTPS with this PEM certificate (intermediates after it) instead; needs --key',
  },
  key: {
    kind: 'string', minLength: 1, defaultText: 'none', surfaces: ['serve', 'proxy'], arg: '<file>',
    help: 'The PEM private key of --cert (unencrypted)',
  },
  apis: {
    kind: 'strings', defaultText: 'all', pattern: API_NAME, surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'api', arg: '<name>', repeatable: true,
    hint: 'use an API name such as nwapp (see "authmock apis")',
    help: 'Serve only this API; repeat for more (default: {default})',
  },
  tokenTtlMs: {
    kind: 'ttl-table', unit: 'ms', defaultText: 'the spec\'s', surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'],
    flag: 'token-ttl', arg: '<ttl>', repeatable: true,
    text: { key: 'tokenTtl', pattern: '^([a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)?=)?(never|\\d+(\\.\\d+)?(ms|s|m|h|d)?)$' },
    hint: 'use <duration>, <api>=<duration> or <api>.<kind>=<duration>, with durations like 30s, 15m, 10h, 14d or never',
    help: 'Credential lifetime: 1h | nwapp=1h | nwapp.access=15m | never (repeatable; durations: 30s 15m 10h 14d never)',
  },
  seed: {
    kind: 'integer', defaultText: 'random', min: 0, max: 4294967295, surfaces: ['serve', 'verify', 'buildApp', 'createHandlers', 'createEngine'], arg: '<n>',
    hint: 'use a whole number from 0 to 4294967295',
    help: 'Reproducible tokens; for verify, generated cases (0..4294967295)',
  },
  corsOrigins: {
    kind: 'strings', defaultText: 'any localhost / 127.0.0.1 origin', pattern: '^https?://[^/]+$', surfaces: ['serve', 'buildApp'],
    flag: 'cors-origin', arg: '<origin>', repeatable: true,
    hint: 'use an origin such as http://localhost:5173 (scheme, host and port, no path)',
    help: 'Allow this origin with credentials; repeatable (default: {default})',
  },
  statusOverrides: {
    kind: 'status-table', surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'status', arg: '<api:example=code>', repeatable: true,
    text: { pattern: '^[a-z][a-z0-9-]*:[\\w-]+=[1-5]\\d\\d$' },
    hint: 'use <api>:<example>=<status>, e.g. unicommerce:invalid-credentials=401',
    help: 'Answer an example documented under several statuses with this one, e.g. unicommerce:invalid-credentials=401',
  },
  cookieNames: {
    kind: 'name-table', surfaces: ['serve', 'verify', 'proxy', 'buildApp', 'createHandlers'],
    flag: 'cookie-name', arg: '<documented=deployed>', repeatable: true,
    text: { pattern: `^${COOKIE_NAME}=${COOKIE_NAME}$` },
    hint: 'use <documented>=<deployed> with cookie-name characters, e.g. osessionid=sessionid',
    help: 'Rename a cookie, e.g. osessionid=sessionid (Akinon\'s SESSION_COOKIE_NAME); repeatable',
  },
  maxCredentials: {
    kind: 'integer', default: 100_000, unit: 'count', min: 1, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'], arg: '<n>',
    help: 'Credentials kept (default {default}); past it revoked and expired ones go first, the oldest live one last',
  },
  maxAccounts: {
    kind: 'integer', default: 10_000, unit: 'count', min: 0, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'], arg: '<n>',
    help: 'Registered accounts kept per API (default {default}); past it the oldest registered one is dropped',
  },
  specDir: {
    kind: 'string', defaultText: 'the shipped specs', surfaces: ['serve', 'verify', 'proxy', 'buildApp'], arg: '<dir>',
    help: 'Read <api>.yaml specs from here',
  },
  fixturesDir: {
    kind: 'string', defaultText: 'the shipped fixtures', surfaces: ['serve', 'verify', 'proxy', 'buildApp'], arg: '<dir>',
    help: 'Read <api>.json fixtures from here',
  },
  log: {
    // On the command line a boolean (a line per request unless --quiet); in code the function that gets each line.
    kind: 'function', defaultText: 'no log (CLI: a line per request)', surfaces: ['serve', 'proxy', 'buildApp'], flag: 'quiet', negated: true,
    help: 'No line per request',
  },
  logFormat: {
    // Pretty everywhere unless asked, terminal or not: scripts and tests read the text lines from a child's stdout.
    kind: 'string', default: 'pretty', choices: ['pretty', 'json'], surfaces: ['serve', 'proxy', 'buildApp'], arg: '<pretty|json>',
    hint: 'use pretty or json',
    help: 'Text lines, or pino JSON lines: a "listening" line, then one per request with no secret in it (default {default})',
  },
  remoteControl: {
    kind: 'boolean', default: false, surfaces: ['serve', 'proxy', 'buildApp'],
    help: 'Answer the /__mock/ control API from any address (default: loopback only); needs --control-token',
  },
  controlToken: {
    // Long enough that guessing is hopeless; printable, so it fits an Authorization header.
    kind: 'string', minLength: 16, pattern: '^[\\x21-\\x7e]+$', secret: true, defaultText: 'none', surfaces: ['serve', 'proxy', 'buildApp'], arg: '<secret>',
    hint: 'use at least 16 printable characters without spaces, e.g. from "openssl rand -hex 16"',
    help: 'Every control call must send "Authorization: Bearer <secret>" (also AUTHMOCK_CONTROL_TOKEN; 16+ characters)',
  },
  insecureRemoteControl: {
    kind: 'boolean', default: false, surfaces: ['serve', 'proxy', 'buildApp'],
    help: 'Remote control without a token (anyone who reaches the port can reset the mock or fail every login)',
  },
  allowedHosts: {
    kind: 'strings', defaultText: 'none', pattern: '^(\\*|\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?)$', surfaces: ['serve', 'proxy', 'buildApp'],
    flag: 'allowed-host', arg: '<name>', repeatable: true,
    hint: 'use a host name such as mock.qa.example, .qa.example for every subdomain, or * for any',
    help: 'Answer this Host name too (DNS-rebinding guard; IP addresses, localhost and --host always are); ".domain" for its subdomains, "*" for any; repeatable',
  },
  maxBodyBytes: {
    kind: 'integer', default: 1024 * 1024, unit: 'bytes', min: 1, surfaces: ['buildApp', 'createHandlers', 'createEngine'],
    help: 'Largest request body accepted; larger gets 413',
  },
  journalSize: {
    kind: 'integer', default: 500, unit: 'count', min: 1, surfaces: ['buildApp', 'createHandlers', 'createEngine'],
    help: 'Requests the journal keeps',
  },
  requestTimeoutMs: {
    kind: 'integer', default: 30_000, unit: 'ms', min: 1, surfaces: ['buildApp'],
    help: 'Longest a client may take to send a whole request; then its connection is dropped',
  },
  tls: {
    // What Node's tls.createSecureContext takes; serve --https fills it from the cache folder or --cert/--key.
    kind: 'object', defaultText: 'none (plain HTTP)', surfaces: ['buildApp'],
    help: 'Serve HTTPS: { key, cert } in PEM; cookies then carry Secure, as the documented servers\' do',
  },
  storeUrl: {
    kind: 'string', secret: true, pattern: '^rediss?://', defaultText: 'in memory', surfaces: ['serve'], flag: 'store', arg: '<url>',
    hint: 'use redis://HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB]',
    help: 'Keep state in Redis so replicas share it: redis://HOST:PORT[/DB], rediss:// for TLS (also AUTHMOCK_STORE)',
  },
  storeTimeoutMs: {
    kind: 'integer', default: 1000, unit: 'ms', min: 1, surfaces: ['serve'], flag: 'store-timeout', arg: '<ms>',
    help: 'A store call slower than this fails: the request gets 503 (default {default})',
  },
  maxNamespaces: {
    kind: 'integer', default: 100, unit: 'count', min: 1, surfaces: ['serve', 'buildApp', 'createHandlers', 'createEngine'], arg: '<n>',
    help: 'Namespaces (x-authmock-namespace) held at once besides default (default {default}); past it a new one gets 429 until one is reset',
  },
  namespace: {
    kind: 'string', default: 'default', pattern: '^[A-Za-z0-9._-]{1,64}$', surfaces: ['createHandlers'],
    help: 'The namespace every request of these handlers is in (as the x-authmock-namespace header selects on the server)',
  },
  state: { kind: 'object', defaultText: 'in memory', surfaces: ['buildApp', 'createHandlers', 'createEngine'], help: 'Where state lives: createRedisState() shares it between replicas' },
  clock: { kind: 'object', defaultText: 'the system clock', surfaces: ['buildApp', 'createHandlers', 'createEngine'], help: 'Anything with now() (ms); createManualClock() moves only when told' },
  store: { kind: 'object', defaultText: 'in memory, maxCredentials', surfaces: ['buildApp', 'createHandlers', 'createEngine'], help: 'Where credentials live' },
  sources: { kind: 'array', defaultText: 'specDir / fixturesDir, or the bundled ones', surfaces: ['buildApp', 'createHandlers'], help: 'Specs and fixtures already in memory' },
  engine: { kind: 'object', defaultText: 'one built from the sources', surfaces: ['buildApp'], help: 'An engine to serve (shares its state)' },
  validators: { kind: 'object', defaultText: 'precompiled for the bundled APIs', surfaces: ['createHandlers'], help: 'Validators for custom sources, e.g. createAjvValidators()' },
  cookieJar: { kind: 'boolean', default: true, surfaces: ['createHandlers'], help: 'Keep the cookies the mock sets and send them back' },
  baseUrl: {
    kind: 'url-or-table', default: '', defaultText: '\'\' (any origin)', surfaces: ['verify', 'createHandlers'], arg: '<url>',
    required: { surfaces: ['verify'], why: 'the server to check (e.g. --base-url https://staging.example.com)' },
    help: 'The server to check (required)',
  },
  target: {
    kind: 'string', surfaces: ['proxy'], arg: '<url>',
    required: { surfaces: ['proxy'], why: 'the server to forward to (e.g. --target https://staging.example.com)' },
    help: 'The server to forward to (required)',
  },
  credentials: {
    kind: 'string', surfaces: ['verify'], arg: '<file>',
    help: 'JSON {"email" or "username": ..., "password": ...}, or such objects keyed by API name',
  },
  email: { kind: 'string', surfaces: ['verify'], arg: '<e>', help: 'The account to log in with, for an API that logs in by email (or AUTHMOCK_EMAIL)' },
  username: { kind: 'string', surfaces: ['verify'], arg: '<u>', help: 'The account to log in with, for an API that logs in by username (or AUTHMOCK_USERNAME)' },
  password: { kind: 'string', secret: true, surfaces: ['verify'], arg: '<p>', help: 'Its password (better: AUTHMOCK_PASSWORD in the environment; see README)' },
  reporter: {
    kind: 'string', choices: ['pretty', 'tap', 'junit', 'json', 'github', 'html'], defaultText: 'pretty on a terminal, else tap', surfaces: ['verify'], arg: '<name>',
    help: 'pretty | tap | junit | json | github | html (default: {default})',
  },
  generate: {
    kind: 'integer', default: 0, unit: 'count', min: 0, max: 100_000, surfaces: ['verify'], arg: '<n>',
    help: 'Cases generated from the schemas per operation, valid and invalid inputs (default {default}: the documented cases only)',
  },
  rate: {
    kind: 'integer', default: 20, unit: 'count', min: 0, surfaces: ['verify'], arg: '<req/s>',
    help: 'Requests per second while generating; 0 = no limit (default {default})',
  },
  maxRequests: {
    kind: 'integer', default: 2000, unit: 'count', min: 1, surfaces: ['verify'], arg: '<n>',
    help: 'Generated requests at most, shrinking included, over the whole run (default {default})',
  },
  minCoverage: {
    kind: 'integer', defaultText: 'none', min: 0, max: 100, surfaces: ['verify'], arg: '<pct>',
    hint: 'a whole percentage from 0 to 100',
    help: 'Fail the run when fewer documented responses than this percentage were seen',
  },
  output: { kind: 'string', defaultText: 'stdout', surfaces: ['verify'], arg: '<file>', help: 'Write the report to a file instead of stdout' },
  timeoutMs: {
    kind: 'integer', default: 10_000, unit: 'ms', min: 1, surfaces: ['verify', 'proxy', 'httpClient'], flag: 'timeout', arg: '<ms>',
    hint: 'a whole number of milliseconds above 0',
    help: 'Per request, redirects included (default {default})',
  },
  retries: {
    // 0: a flaky server is reported, not hidden, unless the user asks.
    kind: 'integer', default: 0, unit: 'count', min: 0, surfaces: ['verify', 'proxy', 'httpClient'], arg: '<n>',
    help: 'Retry after a network failure or 502/503/504 (default {default})',
  },
  insecure: { kind: 'boolean', default: false, surfaces: ['verify', 'proxy', 'httpClient'], help: 'Accept self-signed TLS certificates' },
  only: { kind: 'strings', defaultText: 'all', surfaces: ['verify'], arg: '<operationId>', repeatable: true, help: 'Report only these operations; repeatable' },
  maxRedirects: { kind: 'integer', default: 5, unit: 'count', min: 0, surfaces: ['httpClient'], help: 'Redirects followed in follow mode before giving up' },
  maxResponseBytes: { kind: 'integer', default: 10 * 1024 * 1024, unit: 'bytes', min: 1, surfaces: ['httpClient'], help: 'Largest answer read' },
  // A verify run is dozens of small sequential exchanges with one host.
  connections: { kind: 'integer', default: 8, unit: 'count', min: 1, surfaces: ['httpClient'], help: 'Kept-alive connections per origin' },
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

/** The CLI flag of an option: its own, or its name in kebab-case (`maxCredentials` -> `max-credentials`). */
export function flagOf(name: string): string {
  return (OPTION_TABLE as Record<string, OptionSpec>)[name]?.flag ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
