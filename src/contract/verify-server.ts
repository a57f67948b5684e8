import type { Api, LoginOperation, SpecModel } from '../model/spec-model.js'
import { compileResponseValidators } from './compile-response-validators.js'
import { createCaseRunner } from './create-case-runner.js'
import { createHttpClient, type HttpClientOptions } from './create-http-client.js'
import { createRedactor } from './create-redactor.js'
import type { CaseResult, VerifyResult } from './types.js'
import { verifyApi } from './verify-api.js'
import { computeCoverage } from './compute-coverage.js'
import { randomInt } from 'node:crypto'

/** `--rate` default: gentle on a shared staging server (requests per second). */
export const DEFAULT_RATE = 20
/** `--max-requests` default: generated requests over the whole run. */
export const DEFAULT_MAX_REQUESTS = 2000

/** Waits so requests start at most `rate` a second (0: no wait). */
function createPace(rate: number): (() => Promise<void>) | undefined {
  if (rate <= 0) return undefined
  const gap = 1000 / rate
  let next = 0
  return async () => {
    const now = performance.now()
    const wait = next - now
    next = Math.max(now, next) + gap
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

/** The base URL as a report shows it: no user or password. */
function shownTarget(url: string): string {
  const parsed = new URL(url)
  parsed.username = ''
  parsed.password = ''
  return parsed.href.replace(/\/$/, '')
}

export interface VerifyOptions extends HttpClientOptions {
  model: SpecModel
  /** The server to check, e.g. https://staging.example.com (a path prefix is kept). */
  baseUrl: string
  /** APIs to check; default every API of the model. */
  apis?: string[] | undefined
  /** Per API, the account fields its login matches on, e.g. { email, password }. */
  accounts: Record<string, Record<string, string>>
  /** Report only these operationIds (the logins and logouts they need still run, unreported). */
  only?: string[] | undefined
  /** Called as each case ends, for live progress. */
  onCase?: ((result: CaseResult) => void) | undefined
  /** Generated cases per operation (`--generate`); 0 or absent: the fixed cases only. */
  generate?: number | undefined
  /** Seed of the generated cases; default a random one (printed in the report, so a run can be replayed). */
  seed?: number | undefined
  /** Requests per second while generating (`--rate`); 0: no limit. Default 20. */
  rate?: number | undefined
  /** Generated requests at most, over all APIs (`--max-requests`). Default 2000. */
  maxRequests?: number | undefined
  /** Below this percentage of documented responses seen, the run fails (`--min-coverage`). */
  minCoverage?: number | undefined
}

/**
 * The account fields an API logs in with (its first login operation's
 * `match`, e.g. ["email", "password"]); empty when it has no login.
 *
 * @example loginFields(nwapp) // ['email', 'password']
 */
export function loginFields(api: Api): string[] {
  const login = api.operations.find((op): op is LoginOperation => op.action === 'login' && op.pending === undefined)
  return login ? login.match.map(([field]) => field) : []
}

/**
 * Holds a real server to the documents: runs every API's cases (derived from
 * the model) against `baseUrl` through one HTTP client, validates every answer
 * with validators compiled once per model, and returns the cases with their
 * violations (passwords, tokens and cookies redacted). `ok` only when no case
 * failed. A dead target, timeout or TLS failure is a failed case, not a throw.
 *
 * @example
 * const result = await verifyServer({ model, baseUrl: 'http://127.0.0.1:4010', apis: ['nwapp'],
 *   accounts: { nwapp: { email: 'bart@mikasoftware.com', password: '123password' } } })
 * result.ok // true against authmock itself
 */
export async function verifyServer(options: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now()
  const only = options.only?.length ? new Set(options.only) : undefined
  // With --only, an API none of whose operations is named is not contacted at all.
  const apis = options.model.apis.filter((api) => (!options.apis?.length || options.apis.includes(api.name)) &&
    (!only || api.operations.some((op) => only.has(op.operationId))))
  const validators = compileResponseValidators(options.model)
  const client = createHttpClient(options)
  const redactor = createRedactor()
  const generating = (options.generate ?? 0) > 0
  const seed = options.seed ?? randomInt(2 ** 31)
  const budget = { left: options.maxRequests ?? DEFAULT_MAX_REQUESTS }
  const runner = createCaseRunner({
    baseUrl: new URL(options.baseUrl),
    client,
    validators,
    redactor,
    selected: (op) => !only || only.has(op.operationId),
    onCase: options.onCase,
    // A staging server is shared: generated cases go at a gentle pace unless the user says otherwise.
    pace: generating ? createPace(options.rate ?? DEFAULT_RATE) : undefined,
  })
  try {
    const generate = generating ? { perOperation: options.generate as number, seed, budget } : undefined
    for (const api of apis) await verifyApi({ api, account: options.accounts[api.name] ?? {}, runner, redactor, generate })
  } finally {
    await client.close()
  }
  runner.finish()
  const cases = runner.results
  const violations = cases.flatMap((c) => c.violations)
  const durationMs = Math.round(performance.now() - started)
  const coverage = computeCoverage(apis.flatMap((api) => api.operations.filter((op) => runner.selected(op))), runner.observed, options.minCoverage)
  const run = { cases, durationMs, coverage, seed: options.generate ? seed : undefined, target: shownTarget(options.baseUrl) }
  const below = options.minCoverage !== undefined && coverage.percent < options.minCoverage
  return cases.some((c) => c.outcome === 'failed') || below ? { ok: false, ...run, violations } : { ok: true, ...run }
}
