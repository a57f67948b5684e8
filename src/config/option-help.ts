import { OPTION_TABLE, type OptionName, type OptionOf, type OptionSpec, specOf } from '../core/option-table.js'

/** What the usage and the config file's schema say about an option. */
export interface OptionHelp {
  /** The usage line; `{default}` is replaced by the default. */
  readonly help: string
  /** The value's placeholder in the usage (`<n>`); absent for a switch. */
  readonly arg?: string
  /** How the default reads in the usage and the README when it is not a plain value. */
  readonly defaultText?: string
}

type Table = typeof OPTION_TABLE

/** The options a command of the CLI takes: each is a flag in the usage. */
type CommandOption = OptionOf<'serve'> | OptionOf<'verify'> | OptionOf<'proxy'>

/**
 * An option's entry: a flag that takes a value shows its placeholder, so it
 * must have `arg`; a switch (a boolean, or a negated one such as `--quiet`)
 * and an option no command takes must not (parse-cli.ts reads an absent
 * `arg` as a switch).
 */
type HelpOf<K extends OptionName> = K extends CommandOption
  ? Table[K] extends { readonly kind: 'boolean' } | { readonly negated: true } ? OptionHelp & { readonly arg?: never } : OptionHelp & { readonly arg: string }
  : OptionHelp & { readonly arg?: never }

/**
 * The words about each option of the option table (src/core/option-table.ts),
 * by the same name: the CLI's usage (cli/format-usage.ts) and the config
 * file's schema (config-file-schema.ts) show them. Kept out of the table so
 * that the browser bundle of authmock/msw, which reads the table to check its
 * options, does not carry them; here in config/ because both of those import
 * it (config/ may not import cli/, and msw/ may import neither). The type
 * fails when an option has no entry (the functions' options keep their help
 * here too), an entry names no option, or a flag's `arg` is missing or
 * wrongly there.
 *
 * @example OPTION_HELP.port.help // 'Port (default {default}; 0 picks a free one)'
 */
export const OPTION_HELP = {
  config: {
    arg: '<file>',
    defaultText: 'authmock.config.json, .mjs or .js in the working directory',
    help: 'Read settings from this file (default: {default}); flags override it',
  },
  port: { arg: '<n>', help: 'Port (default {default}; 0 picks a free one)' },
  host: { arg: '<addr>', help: 'Interface (default {default})' },
  https: {
    help: 'Serve HTTPS with a certificate for localhost, 127.0.0.1 and ::1 from a local CA made once and kept in the cache folder (its path is printed: trust it once)',
  },
  watch: {
    help: 'Reload the specs and fixtures when a file in their folders changes; tokens, sessions, switches and the journal stay, and a broken edit keeps the last good ones serving',
  },
  cert: { arg: '<file>', defaultText: 'none', help: 'Serve HTTPS with this PEM certificate (intermediates after it) instead; needs --key' },
  key: { arg: '<file>', defaultText: 'none', help: 'The PEM private key of --cert (unencrypted)' },
  apis: { arg: '<name>', defaultText: 'all', help: 'Serve only this API; repeat for more (default: {default})' },
  tokenTtlMs: {
    arg: '<ttl>',
    defaultText: 'the spec\'s',
    help: 'Credential lifetime: 1h | nwapp=1h | nwapp.access=15m | never (repeatable; durations: 30s 15m 10h 14d never)',
  },
  seed: { arg: '<n>', defaultText: 'random', help: 'Reproducible tokens; for verify, generated cases (0..4294967295)' },
  corsOrigins: {
    arg: '<origin>',
    defaultText: 'any localhost / 127.0.0.1 origin',
    help: 'Allow this origin with credentials; repeatable (default: {default})',
  },
  statusOverrides: {
    arg: '<api:example=code>',
    help: 'Answer an example documented under several statuses with this one, e.g. unicommerce:invalid-credentials=401',
  },
  cookieNames: { arg: '<documented=deployed>', help: 'Rename a cookie, e.g. osessionid=sessionid (Akinon\'s SESSION_COOKIE_NAME); repeatable' },
  maxCredentials: { arg: '<n>', help: 'Credentials kept (default {default}); past it revoked and expired ones go first, the oldest live one last' },
  maxAccounts: { arg: '<n>', help: 'Registered accounts kept per API (default {default}); past it the oldest registered one is dropped' },
  specDir: { arg: '<dir>', defaultText: 'the shipped specs', help: 'Read <api>.yaml specs from here' },
  fixturesDir: { arg: '<dir>', defaultText: 'the shipped fixtures', help: 'Read <api>.json fixtures from here' },
  log: { defaultText: 'no log (CLI: a line per request)', help: 'No line per request' },
  logFormat: {
    arg: '<pretty|json>',
    help: 'Text lines, or pino JSON lines: a "listening" line, then one per request with no secret in it (default {default})',
  },
  remoteControl: { help: 'Answer the /__mock/ control API from any address (default: loopback only); needs --control-token' },
  controlToken: {
    arg: '<secret>',
    defaultText: 'none',
    help: 'Every control call must send "Authorization: Bearer <secret>" (also AUTHMOCK_CONTROL_TOKEN; 16+ characters)',
  },
  insecureRemoteControl: { help: 'Remote control without a token (anyone who reaches the port can reset the mock or fail every login)' },
  allowedHosts: {
    arg: '<name>',
    defaultText: 'none',
    help: 'Answer this Host name too (DNS-rebinding guard; IP addresses, localhost and --host always are); ".domain" for its subdomains, "*" for any; repeatable',
  },
  maxBodyBytes: { help: 'Largest request body accepted; larger gets 413' },
  journalSize: { help: 'Requests the journal keeps' },
  requestTimeoutMs: { help: 'Longest a client may take to send a whole request; then its connection is dropped' },
  tls: { defaultText: 'none (plain HTTP)', help: 'Serve HTTPS: { key, cert } in PEM; cookies then carry Secure, as the documented servers\' do' },
  storeUrl: {
    arg: '<url>',
    defaultText: 'in memory',
    help: 'Keep state in Redis so replicas share it: redis://HOST:PORT[/DB], rediss:// for TLS (also AUTHMOCK_STORE)',
  },
  storeTimeoutMs: { arg: '<ms>', help: 'A store call slower than this fails: the request gets 503 (default {default})' },
  maxNamespaces: {
    arg: '<n>',
    help: 'Namespaces (x-authmock-namespace) held at once besides default (default {default}); past it a new one gets 429 until one is reset',
  },
  namespace: { help: 'The namespace every request of these handlers is in (as the x-authmock-namespace header selects on the server)' },
  state: { defaultText: 'in memory', help: 'Where state lives: createRedisState() shares it between replicas' },
  clock: { defaultText: 'the system clock', help: 'Anything with now() (ms); createManualClock() moves only when told' },
  store: { defaultText: 'in memory, maxCredentials', help: 'Where credentials live' },
  sources: { defaultText: 'specDir / fixturesDir, or the bundled ones', help: 'Specs and fixtures already in memory' },
  engine: { defaultText: 'one built from the sources', help: 'An engine to serve (shares its state)' },
  validators: { defaultText: 'precompiled for the bundled APIs', help: 'Validators for custom sources, e.g. createAjvValidators()' },
  cookieJar: { help: 'Keep the cookies the mock sets and send them back' },
  baseUrl: { arg: '<url>', defaultText: '\'\' (any origin)', help: 'The server to check (required)' },
  target: { arg: '<url>', help: 'The server to forward to (required)' },
  credentials: { arg: '<file>', help: 'JSON {"email" or "username": ..., "password": ...}, or such objects keyed by API name' },
  email: { arg: '<e>', help: 'The account to log in with, for an API that logs in by email (or AUTHMOCK_EMAIL)' },
  username: { arg: '<u>', help: 'The account to log in with, for an API that logs in by username (or AUTHMOCK_USERNAME)' },
  password: { arg: '<p>', help: 'Its password (better: AUTHMOCK_PASSWORD in the environment; see README)' },
  reporter: { arg: '<name>', defaultText: 'pretty on a terminal, else tap', help: 'pretty | tap | junit | json | github | html (default: {default})' },
  generate: { arg: '<n>', help: 'Cases generated from the schemas per operation, valid and invalid inputs (default {default}: the documented cases only)' },
  rate: { arg: '<req/s>', help: 'Requests per second while generating; 0 = no limit (default {default})' },
  maxRequests: { arg: '<n>', help: 'Generated requests at most, shrinking included, over the whole run (default {default})' },
  minCoverage: { arg: '<pct>', defaultText: 'none', help: 'Fail the run when fewer documented responses than this percentage were seen' },
  output: { arg: '<file>', defaultText: 'stdout', help: 'Write the report to a file instead of stdout' },
  timeoutMs: { arg: '<ms>', help: 'Per request, redirects included (default {default})' },
  retries: { arg: '<n>', help: 'Retry after a network failure or 502/503/504 (default {default})' },
  insecure: { help: 'Accept self-signed TLS certificates' },
  only: { arg: '<operationId>', defaultText: 'all', help: 'Report only these operations; repeatable' },
  maxRedirects: { help: 'Redirects followed in follow mode before giving up' },
  maxResponseBytes: { help: 'Largest answer read' },
  connections: { help: 'Kept-alive connections per origin' },
} as const satisfies { readonly [K in OptionName]: HelpOf<K> }

const HELP: Readonly<Record<string, OptionHelp>> = OPTION_HELP

/**
 * An option's value placeholder in the usage (`<n>`), or undefined for a
 * switch: parse-cli.ts reads its absence as "takes no value".
 *
 * @example argOf('port') // '<n>'
 */
export function argOf(name: string): string | undefined {
  return HELP[name]?.arg
}

/**
 * An option's help with its default filled in: the value, else how the
 * default reads, else `none`.
 *
 * @example helpOf('port') // 'Port (default 4010; 0 picks a free one)'
 */
export function helpOf(name: string): string {
  const spec = specOf(name) as OptionSpec
  const entry = HELP[name] as OptionHelp
  return entry.help.replaceAll('{default}', spec.default !== undefined ? String(spec.default) : entry.defaultText ?? 'none')
}
