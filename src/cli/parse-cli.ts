import { parseArgs } from 'node:util'
import type { Config } from '../config/resolve-config.js'

export const USAGE = `authmock: mock and contract-test documented authentication APIs

Usage:
  authmock serve [options]     Serve the stub APIs (default command)
  authmock apis                List the APIs and their operations
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
      --max-credentials <n>    Credentials kept before the oldest is evicted (default 100000)
      --spec-dir <dir>         Read <api>.yaml specs from here
      --fixtures-dir <dir>     Read <api>.json fixtures from here
      --quiet                  No line per request

Examples:
  authmock serve
  authmock serve --api nwapp --token-ttl nwapp.access=30s --port 8080
`

export type Cli =
  | { command: 'help' | 'version' | 'apis'; config: Partial<Config> }
  | { command: 'serve'; config: Partial<Config> }

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
        'spec-dir': { type: 'string' },
        'fixtures-dir': { type: 'string' },
        quiet: { type: 'boolean' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  const { values, positionals } = parsed
  if (values.help) return { command: 'help', config: {} }
  if (values.version) return { command: 'version', config: {} }
  const [command = 'serve', ...extra] = positionals
  if (command !== 'serve' && command !== 'apis') throw new UsageError(`unknown command "${command}"`)
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
    specDir: values['spec-dir'],
    fixturesDir: values['fixtures-dir'],
    log: values.quiet ? false : undefined,
  }
  return { command, config }
}
