import type { Api, LoginOperation, SpecModel } from '../model/spec-model.js'
import { compileResponseValidators } from './compile-response-validators.js'
import { createCaseRunner } from './create-case-runner.js'
import { createHttpClient, type HttpClientOptions } from './create-http-client.js'
import { createRedactor } from './create-redactor.js'
import type { CaseResult, VerifyResult } from './types.js'
import { verifyApi } from './verify-api.js'

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
  const runner = createCaseRunner({
    baseUrl: new URL(options.baseUrl),
    client,
    validators,
    redactor,
    selected: (op) => !only || only.has(op.operationId),
    onCase: options.onCase,
  })
  try {
    for (const api of apis) await verifyApi({ api, account: options.accounts[api.name] ?? {}, runner, redactor })
  } finally {
    await client.close()
  }
  const cases = runner.results
  const violations = cases.flatMap((c) => c.violations)
  const durationMs = Math.round(performance.now() - started)
  return cases.some((c) => c.outcome === 'failed') ? { ok: false, cases, violations, durationMs } : { ok: true, cases, durationMs }
}
