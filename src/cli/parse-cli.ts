import { parseArgs } from 'node:util'
import type { Config } from '../config/resolve-config.js'
import type { ProxyFlags } from '../contract/proxy-command.js'
import type { Reporter, VerifyFlags } from '../contract/verify-command.js'

export const USAGE = `authmock: mock and contract-test documented authentication APIs

Usage:
  authmock serve [options]     Serve the stub APIs (default command)
  authmock apis                List the APIs and their operations
  authmock scenarios           List the QA scenarios (POST /__mock/scenarios, the control page)
  authmock verify --base-url <url> [options]
                               Check a real server against the specs (exit 0: all passed)
  authmock proxy --target <url> [options]
                               Validating proxy in front of a real server
  authmock --help | --version

Serve options:
  -p, --port <n>               Port (default 4010; 0 picks a free one)
      --host <addr>            Interface (default 127.0.0.1)
      --api <name>             Serve only this API; repeat for more (default: all)
      --token-ttl <ttl>        Credential lifetime: 1h | nwapp=1h | nwapp.access=15m | never
                               (repeatable; durations: 30s 15m 10h 14d never)
      --seed <n>               Reproducible tokens (integer 0..4294967295)
      --cors-origin <origin>   Allow this origin with credentials; repeatable
                               (default: any localhost / 127.0.0.1 origin)
      --status <api:example=code>
                               Answer an example documented under several statuses
                               with this one, e.g. unicommerce:invalid-credentials=401
      --cookie-name <documented=deployed>
                               Rename a cookie, e.g. osessionid=sessionid (Akinon's
                               SESSION_COOKIE_NAME); repeatable
      --max-credentials <n>    Credentials kept (default 100000); past it revoked and expired
                               ones go first, the oldest live one last
      --max-accounts <n>       Registered accounts kept per API (default 10000); past it
                               the oldest registered one is dropped
      --spec-dir <dir>         Read <api>.yaml specs from here
      --fixtures-dir <dir>     Read <api>.json fixtures from here
      --quiet                  No line per request
      --remote-control         Answer the /__mock/ control API from any address
                               (default: loopback only); needs --control-token
      --control-token <secret> Every control call must send "Authorization: Bearer
                               <secret>" (also AUTHMOCK_CONTROL_TOKEN; 16+ characters)
      --insecure-remote-control
                               Remote control without a token (anyone who reaches the
                               port can reset the mock or fail every login)
      --allowed-host <name>    Answer this Host name too (DNS-rebinding guard; IP
                               addresses, localhost and --host always are); ".domain"
                               for its subdomains, "*" for any; repeatable

Verify options:
      --base-url <url>         The server to check (required)
      --api <name>             Check only this API; repeatable (default: all)
      --credentials <file>     JSON {"email" or "username": ..., "password": ...}, or such
                               objects keyed by API name
      --email <e>, --username <u>, --password <p>
                               The account to log in with (whichever the API uses); the
                               password may come from AUTHMOCK_PASSWORD instead
      --reporter <name>        pretty | tap | junit (default: pretty on a terminal, else tap)
      --output <file>          Write the report to a file instead of stdout
      --timeout <ms>           Per request, redirects included (default 10000)
      --retries <n>            Retry after a network failure or 502/503/504 (default 0)
      --insecure               Accept self-signed TLS certificates
      --only <operationId>     Report only these operations; repeatable
      --cookie-name, --status, --spec-dir, --fixtures-dir   As for serve

Proxy options:
      --target <url>           The server to forward to (required)
  -p, --port <n>, --host <addr>, --api <name>, --timeout <ms>, --retries <n>, --insecure,
      --cookie-name, --status, --spec-dir, --fixtures-dir, --quiet, --remote-control,
      --control-token, --insecure-remote-control, --allowed-host   As above
                               (the control rules guard /__mock/violations)

Examples:
  authmock serve
  authmock serve --api nwapp --token-ttl nwapp.access=30s --port 8080
  authmock verify --api nwapp --base-url https://staging.example.com --email ci@example.com --reporter junit --output verify.xml
  authmock proxy --api akinon-commerce --target https://staging.example.com --port 4010
`

export type Cli =
  | { command: 'help' | 'version' | 'apis' | 'scenarios'; config: Partial<Config> }
  | { command: 'serve'; config: Partial<Config> }
  | { command: 'verify'; config: Partial<Config>; verify: VerifyFlags }
  | { command: 'proxy'; config: Partial<Config>; proxy: ProxyFlags }

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes a whole number, got "${text}"`)
  return Number(text)
}

/**
 * argv -> command and the settings given. Unknown flags and bad values are
 * UsageErrors that name the flag; everything else is checked by resolveConfig.
 *
 * @example parseCli(['serve', '--port', '0']) // { command: 'serve', config: { port: 0 } }
 */
export function parseCli(argv: string[]): Cli {
  if (argv[0] === 'verify' || argv[0] === 'proxy') return parseContractCli(argv[0], argv.slice(1))
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        api: { type: 'string', multiple: true },
        'token-ttl': { type: 'string', multiple: true },
        seed: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        'cookie-name': { type: 'string', multiple: true },
        'max-credentials': { type: 'string' },
        'max-accounts': { type: 'string' },
        'spec-dir': { type: 'string' },
        'fixtures-dir': { type: 'string' },
        quiet: { type: 'boolean' },
        'remote-control': { type: 'boolean' },
        'control-token': { type: 'string' },
        'insecure-remote-control': { type: 'boolean' },
        'allowed-host': { type: 'string', multiple: true },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  const { values, positionals } = parsed
  if (values.help) return { command: 'help', config: {} }
  if (values.version) return { command: 'version', config: {} }
  const [command = 'serve', ...extra] = positionals
  if (command !== 'serve' && command !== 'apis' && command !== 'scenarios') throw new UsageError(`unknown command "${command}"`)
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const config: Partial<Config> = {
    port: integer('--port', values.port),
    host: values.host,
    apis: values.api,
    tokenTtl: values['token-ttl'],
    seed: integer('--seed', values.seed),
    corsOrigins: values['cors-origin'],
    statusOverrides: values.status,
    cookieNames: values['cookie-name'],
    maxCredentials: integer('--max-credentials', values['max-credentials']),
    maxAccounts: integer('--max-accounts', values['max-accounts']),
    specDir: values['spec-dir'],
    fixturesDir: values['fixtures-dir'],
    log: values.quiet ? false : undefined,
    remoteControl: values['remote-control'],
    controlToken: values['control-token'],
    insecureRemoteControl: values['insecure-remote-control'],
    allowedHosts: values['allowed-host'],
  }
  return { command, config }
}

const REPORTERS: readonly Reporter[] = ['pretty', 'tap', 'junit']

/** `verify` and `proxy` take their own flags, so a verify flag given to serve stays an error. */
function parseContractCli(command: 'verify' | 'proxy', argv: string[]): Cli {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        api: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        insecure: { type: 'boolean' },
        status: { type: 'string', multiple: true },
        'cookie-name': { type: 'string', multiple: true },
        'spec-dir': { type: 'string' },
        'fixtures-dir': { type: 'string' },
        ...(command === 'verify'
          ? {
              'base-url': { type: 'string' },
              credentials: { type: 'string' },
              email: { type: 'string' },
              username: { type: 'string' },
              password: { type: 'string' },
              reporter: { type: 'string' },
              output: { type: 'string' },
              only: { type: 'string', multiple: true },
            } as const
          : {
              target: { type: 'string' },
              port: { type: 'string', short: 'p' },
              host: { type: 'string' },
              quiet: { type: 'boolean' },
              'remote-control': { type: 'boolean' },
              'control-token': { type: 'string' },
              'insecure-remote-control': { type: 'boolean' },
              'allowed-host': { type: 'string', multiple: true },
            } as const),
      },
    })
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`)
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  const text = (name: string): string | undefined => values[name] as string | undefined
  if (values.help) return { command: 'help', config: {} }
  const timeoutMs = integer('--timeout', text('timeout'))
  if (timeoutMs === 0) throw new UsageError('--timeout takes a whole number of milliseconds above 0, got "0"')
  const config: Partial<Config> = {
    apis: values.api as string[] | undefined,
    statusOverrides: values.status as string[] | undefined,
    cookieNames: values['cookie-name'] as string[] | undefined,
    specDir: text('spec-dir'),
    fixturesDir: text('fixtures-dir'),
  }
  const common = { timeoutMs, retries: integer('--retries', text('retries')), insecure: values.insecure === true }
  if (command === 'proxy') {
    const target = text('target')
    if (target === undefined) throw new UsageError('proxy needs --target <url>, the server to forward to (e.g. --target https://staging.example.com)')
    return {
      command,
      config: {
        ...config,
        port: integer('--port', text('port')),
        host: text('host'),
        log: values.quiet ? false : undefined,
        remoteControl: values['remote-control'] as boolean | undefined,
        controlToken: text('control-token'),
        insecureRemoteControl: values['insecure-remote-control'] as boolean | undefined,
        allowedHosts: values['allowed-host'] as string[] | undefined,
      },
      proxy: { target, ...common },
    }
  }
  const baseUrl = text('base-url')
  if (baseUrl === undefined) throw new UsageError('verify needs --base-url <url>, the server to check (e.g. --base-url https://staging.example.com)')
  const reporter = text('reporter')
  if (reporter !== undefined && !REPORTERS.includes(reporter as Reporter)) {
    throw new UsageError(`--reporter takes ${REPORTERS.join(', ')}, got "${reporter}"`)
  }
  return {
    command,
    config,
    verify: {
      baseUrl,
      credentials: text('credentials'),
      email: text('email'),
      username: text('username'),
      password: text('password'),
      reporter: reporter as Reporter | undefined,
      output: text('output'),
      only: values.only as string[] | undefined,
      ...common,
    },
  }
}
