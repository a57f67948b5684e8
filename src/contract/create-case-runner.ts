import type { Operation } from '../model/spec-model.js'
import { checkResponse, type Expectation, type Finding } from './check-response.js'
import type { ResponseValidators } from './compile-response-validators.js'
import type { HttpClient, HttpResponse } from './create-http-client.js'
import type { Redactor } from './create-redactor.js'
import { parseSetCookie } from './parse-set-cookie.js'
import type { Presented } from './present-credentials.js'
import type { CaseResult, Violation } from './types.js'

/** What one case sends, beyond the operation's method and path. */
export interface CaseRequest {
  /** The path with its parameters filled; default the operation's path. */
  path?: string | undefined
  /** Credentials, where their schemes read them. */
  presented?: Presented | undefined
  /** Cookies the client holds (sent under the presented ones). */
  jar?: Map<string, string> | undefined
  query?: Record<string, string> | undefined
  body?: { contentType: string; text: string } | undefined
  /** A step another case needs (a second login): sent and checked, never reported. */
  silent?: boolean | undefined
  /** A step later cases build on (login, logout): it runs even when its operation is not selected, unreported. */
  prerequisite?: boolean | undefined
}

/** What a case saw, for the steps that depend on it. */
export interface CaseRun {
  /** An answer came back with a status the case expects. */
  ok: boolean
  status?: number | undefined
  json?: unknown
  setCookies: string[]
}

export type { Finding } from './check-response.js'

export interface CaseRunnerOptions {
  baseUrl: URL
  client: HttpClient
  validators: ResponseValidators
  redactor: Redactor
  /** Operations whose cases are reported; the others still run when a later case needs them (a login), silently. */
  selected(operation: Operation): boolean
  onCase?: ((result: CaseResult) => void) | undefined
}

export interface CaseRunner {
  /**
   * Sends a case and checks its answer. `inspect` sees every answer before it
   * is recorded (to keep the credentials it carries, and so redact them) and
   * may add findings of its own.
   */
  run(operation: Operation, name: string, request: CaseRequest, expectation: Omit<Expectation, 'case'>, inspect?: (run: CaseRun) => Finding[]): Promise<CaseRun>
  skip(operation: Operation, name: string, reason: string): void
  /** Whether an operation's cases are reported (--only). */
  selected(operation: Operation): boolean
  readonly results: CaseResult[]
}

/**
 * Sends each case through the one HTTP client, checks the answer against the
 * documents, and records the outcome (redacted) as it goes, so progress can be
 * shown live. When the target is unreachable or TLS fails, or it times out
 * twice in a row, the remaining cases are skipped with that reason instead of
 * each waiting for the same failure.
 *
 * @example const runner = createCaseRunner({ baseUrl, client, validators, redactor, selected: () => true })
 */
export function createCaseRunner(options: CaseRunnerOptions): CaseRunner {
  const { client, validators, redactor } = options
  const results: CaseResult[] = []
  let stopped: string | undefined
  let timeouts = 0

  function record(operation: Operation, name: string, outcome: CaseResult['outcome'], violations: Violation[], durationMs: number, reason?: string): void {
    const result: CaseResult = {
      api: operation.api,
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      case: name,
      outcome,
      // The reason is the checker's own words (and the spec's): nothing in it is the server's.
      reason,
      violations: violations.map((v) => redactor.violation(v)),
      durationMs,
    }
    results.push(result)
    options.onCase?.(result)
  }

  function url(request: CaseRequest, operation: Operation): string {
    const base = options.baseUrl
    const target = new URL(base.href)
    target.pathname = base.pathname.replace(/\/+$/, '') + (request.path ?? operation.path)
    target.search = new URLSearchParams({ ...request.query, ...request.presented?.query }).toString()
    return target.href
  }

  function headers(request: CaseRequest): Record<string, string> {
    const out: Record<string, string> = { accept: 'application/json', 'user-agent': 'authmock-verify' }
    Object.assign(out, request.presented?.headers)
    const cookies = { ...Object.fromEntries(request.jar ?? []), ...request.presented?.cookies }
    const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ')
    if (cookie) out.cookie = cookie
    if (request.body) out['content-type'] = request.body.contentType
    return out
  }

  return {
    results,
    selected: options.selected,
    skip(operation, name, reason) {
      // Once the target has failed, that is why everything after is not run.
      if (options.selected(operation)) record(operation, name, 'skipped', [], 0, stopped === undefined ? reason : `not run: ${stopped}`)
    },
    async run(operation, name, request, expectation, inspect) {
      const reported = options.selected(operation) && request.silent !== true
      // A case nobody asked for is not sent at all, unless later cases build on it.
      if (!reported && request.silent !== true && request.prerequisite !== true) return { ok: false, setCookies: [] }
      if (stopped !== undefined) {
        if (reported) record(operation, name, 'skipped', [], 0, `not run: ${stopped}`)
        return { ok: false, setCookies: [] }
      }
      const started = performance.now()
      const result = await client.send({
        method: operation.method,
        url: url(request, operation),
        headers: headers(request),
        body: request.body?.text,
        // A documented 3xx is the answer to check; any other is followed (loops guarded by the client).
        redirect: operation.responses.some((r) => r.status >= 300 && r.status < 400) ? 'manual' : 'follow',
      })
      const durationMs = Math.round(performance.now() - started)
      const violation = (finding: Finding): Violation => ({
        api: operation.api, operationId: operation.operationId, method: operation.method, path: operation.path, case: name, ...finding,
      })
      if (!result.ok) {
        const { code, message } = result.failure
        timeouts = code === 'ERR_TARGET_TIMEOUT' ? timeouts + 1 : 0
        if (code === 'ERR_TARGET_UNREACHABLE' || code === 'ERR_TARGET_TLS' || timeouts >= 2) stopped = message
        if (reported) record(operation, name, 'failed', [violation({ message })], durationMs)
        return { ok: false, setCookies: [] }
      }
      timeouts = 0
      const response: HttpResponse = result.response
      for (const header of response.setCookies) redactor.add(parseSetCookie(header).value)
      const checked = checkResponse(operation, response, { case: name, ...expectation }, validators)
      const run: CaseRun = {
        ok: expectation.statuses?.includes(response.status) ?? true,
        status: response.status,
        json: checked.json,
        setCookies: response.setCookies,
      }
      const findings = inspect?.(run) ?? []
      if (reported) {
        const violations = [...checked.violations, ...findings.map(violation)]
        record(operation, name, violations.length > 0 ? 'failed' : 'passed', violations, durationMs)
      }
      return run
    },
  }
}
