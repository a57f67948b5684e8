import { validateConfig } from '../generated/config-validator.js'
import { describeAjvErrors } from '../model/describe-ajv-errors.js'
import { AuthmockError } from '../core/errors.js'
import { parseDuration } from '../core/parse-duration.js'

/** Every setting of `authmock serve`, with its default. */
export const DEFAULTS = {
  /** Interface to bind; loopback so a mock is never exposed by accident. */
  host: '127.0.0.1',
  /** TCP port; 0 picks a free one. */
  port: 4010,
  /** APIs to serve; empty: all of them. */
  apis: [] as string[],
  /** Credential lifetimes: "<duration>", "<api>=<duration>" or "<api>.<kind>=<duration>"; durations like 30s, 15m, 10h, 14d, never. */
  tokenTtl: [] as string[],
  /** Seed for generated tokens; undefined: cryptographically random. */
  seed: undefined as number | undefined,
  /** Exact origins allowed by CORS with credentials; empty: any localhost / 127.0.0.1 / [::1] origin. */
  corsOrigins: [] as string[],
  /** "<api>:<example>=<status>": which status answers an example documented under several (e.g. unicommerce:invalid-credentials=401). */
  statusOverrides: [] as string[],
  /** "<documented>=<deployed>" cookie renames, e.g. osessionid=sessionid (Akinon's SESSION_COOKIE_NAME). */
  cookieNames: [] as string[],
  /** Most credentials kept in memory (count); past it a revoked or expired one is dropped first, the oldest live one last. */
  maxCredentials: 100_000,
  /** Most accounts registered through the APIs kept per API (count); past it the oldest registered one is dropped. */
  maxAccounts: 10_000,
  /** Largest request body accepted (bytes); larger gets 413. */
  maxBodyBytes: 1024 * 1024,
  /** Folders of specs and fixtures; undefined: the ones shipped with authmock. */
  specDir: undefined as string | undefined,
  fixturesDir: undefined as string | undefined,
  /** Print a line per request. */
  log: true,
  /** Answer the /__mock/ control API from any address; default loopback only. Needs controlToken unless insecureRemoteControl. */
  remoteControl: false,
  /** Secret every control call must present as "Authorization: Bearer <token>"; undefined: none (loopback only). */
  controlToken: undefined as string | undefined,
  /** Remote control without a token: anyone who reaches the port drives the mock. */
  insecureRemoteControl: false,
  /** Host names answered besides IP addresses, localhost and --host: exact, ".domain" for subdomains, "*" for any. */
  allowedHosts: [] as string[],
}

export type Config = typeof DEFAULTS



/** The longest credential lifetime accepted (ms): 100 years. */
const MAX_TTL_MS = 36_500 * 86_400_000

/** What a valid value looks like, for the settings whose schema is a pattern. */
const HINTS: Record<string, string> = {
  port: 'use a whole number from 0 to 65535',
  apis: 'use an API name such as nwapp (see "authmock apis")',
  tokenTtl: 'use <duration>, <api>=<duration> or <api>.<kind>=<duration>, with durations like 30s, 15m, 10h, 14d or never',
  seed: 'use a whole number from 0 to 4294967295',
  corsOrigins: 'use an origin such as http://localhost:5173 (scheme, host and port, no path)',
  statusOverrides: 'use <api>:<example>=<status>, e.g. unicommerce:invalid-credentials=401',
  cookieNames: 'use <documented>=<deployed> with cookie-name characters, e.g. osessionid=sessionid',
  controlToken: 'use at least 16 printable characters without spaces, e.g. from "openssl rand -hex 16"',
  allowedHosts: 'use a host name such as mock.qa.example, .qa.example for every subdomain, or * for any',
}

/**
 * Fills every field from DEFAULTS and checks the result, so a bad value is
 * refused once, at start, with the field named.
 *
 * @example resolveConfig({ port: 0, apis: ['nwapp'] })
 */
export function resolveConfig(partial: Partial<Config> = {}): Config {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined))
  const config = { ...DEFAULTS, ...defined } as Config
  if (!validateConfig(config)) {
    const detail = (validateConfig.errors ?? []).map((e) => {
      const field = e.instancePath.split('/')[1] ?? ''
      const value = e.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], config)
      // A secret is named, never shown.
      if (field === 'controlToken') return `controlToken: ${HINTS.controlToken}`
      return HINTS[field] ? `${field} "${String(value)}": ${HINTS[field]}` : describeAjvErrors([e])
    })
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: [...new Set(detail)].join('; ') })
  }
  // A lifetime past a century is a typo for "never" (and past year 9999 the clock cannot show it).
  const tooLong = config.tokenTtl.find((entry) => (parseDuration(entry.slice(entry.indexOf('=') + 1)) ?? 0) > MAX_TTL_MS)
  if (tooLong !== undefined) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `tokenTtl "${tooLong}": a lifetime is at most 100 years (36500d); use never for tokens that do not expire` })
  if (config.insecureRemoteControl) config.remoteControl = true
  return config
}

/** `tokenTtl` entries as the engine's table: key ("*", "api", "api.kind") -> ms, null for never. */
export function tokenTtlTable(entries: string[]): Record<string, number | null> {
  const table: Record<string, number | null> = {}
  for (const entry of entries) {
    const [key, duration] = entry.includes('=') ? (entry.split('=') as [string, string]) : ['*', entry]
    table[key] = parseDuration(duration) ?? null
  }
  return table
}

/** `cookieNames` entries as the model's table: documented name -> deployed name. */
export function cookieNameTable(entries: string[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => e.split('=') as [string, string]))
}

/** `statusOverrides` entries as the model's table: "api:example" -> status. */
export function statusOverrideTable(entries: string[]): Record<string, number> {
  return Object.fromEntries(entries.map((e) => {
    const [key, status] = e.split('=') as [string, string]
    return [key, Number(status)]
  }))
}
