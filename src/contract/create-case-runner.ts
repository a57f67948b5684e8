import type { Operation } from '../model/spec-model.js'
import { checkResponse, type Expectation, type Finding } from './check-response.js'
import type { ResponseValidators } from './compile-response-validators.js'
import type { HttpClient, HttpResponse } from './create-http-client.js'
import type { Redactor } from './create-redactor.js'
import { parseSetCookie } from './parse-set-cookie.js'
import type { Presented } from './present-credentials.js'
import { formatCurl, type SentRequest } from './format-curl.js'
import { cut, showExchange } from './show-exchange.js'
import type { CaseResult, GeneratedInput, Violation } from './types.js'

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

/** What a case expects: the statuses and cookies (check-response.ts), and the documented example it asks for (coverage). */
export type CaseExpectation = Omit<Expectation, 'case'> & { example?: string | undefined }

/** A case sent and checked, not yet recorded (`probe`): generated cases are probed many times, recorded once. */
export interface Probe {
  run: CaseRun
  violations: Violation[]
  durationMs: number
  /** What was sent, secrets as they were (only formatCurl and the redactor see it). */
  sent: SentRequest
  answer?: HttpResponse | undefined
  expectation: CaseExpectation
}

/** An answer seen, for coverage: every exchange counts, reported or not. */
export interface Observed {
  operationId: string
  status: number
  example?: string | undefined
}

export interface CaseRunnerOptions {
  baseUrl: URL
  client: HttpClient
  validators: ResponseValidators
  redactor: Redactor
  /** Operations whose cases are reported; the others still run when a later case needs them (a login), silently. */
  selected(operation: Operation): boolean
  onCase?: ((result: CaseResult) => void) | undefined
  /** Awaited before each request is sent (the rate limit of generated cases). */
  pace?: (() => Promise<void>) | undefined
}

export interface CaseRunner {
  /**
   * Sends a case and checks its answer. `inspect` sees every answer before it
   * is recorded (to keep the credentials it carries, and so redact them) and
   * may add findings of its own.
   */
  run(operation: Operation, name: string, request: CaseRequest, expectation: CaseExpectation, inspect?: (run: CaseRun) => Finding[]): Promise<CaseRun>
  /** Sends and checks a case without recording it; undefined when the target has failed (the run stopped). */
  probe(operation: Operation, name: string, request: CaseRequest, expectation: CaseExpectation): Promise<Probe | undefined>
  /** Records a probed case (passed when it has no violations), with how its input was generated. */
  report(operation: Operation, name: string, probe: Probe, generated?: GeneratedInput): void
  skip(operation: Operation, name: string, reason: string): void
  /** Why the run stopped sending (target unreachable, TLS, two timeouts), if it did. */
  readonly stopped: string | undefined
  /** Every answer seen, for coverage. */
  readonly observed: Observed[]
  /**
   * Shows the failed cases' exchanges, reproducers and inputs again with
   * every secret the whole run learned: a token handed out by a later answer
   * may already have been in an earlier one. Call once, at the end.
   */
  finish(): void
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
  const observed: Observed[] = []
  const failures = new Map<CaseResult, { probe: Probe; input?: string | undefined }>()
  let stopped: string | undefined
  let timeouts = 0

  function record(operation: Operation, name: string, outcome: CaseResult['outcome'], violations: Violation[], durationMs: number, reason?: string, probe?: Probe, generated?: GeneratedInput): void {
    const failed = outcome === 'failed' && probe !== undefined
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
      status: probe?.run.status,
      expectedExample: probe?.expectation.example,
      generated: generated && { ...generated, input: undefined },
    }
    if (failed) {
      failures.set(result, { probe, input: generated?.input })
      show(result)
    }
    results.push(result)
    options.onCase?.(result)
  }

  /** A failed case's exchange, reproducer and input, with the secrets known now. */
  function show(result: CaseResult): void {
    const failure = failures.get(result)
    if (!failure) return
    result.exchange = showExchange(failure.probe.sent, failure.probe.answer, redactor)
    result.reproducer = formatCurl(failure.probe.sent, redactor)
    if (result.generated && failure.input !== undefined) result.generated.input = cut(redactor.text(failure.input))
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

  async function probe(operation: Operation, name: string, request: CaseRequest, expectation: CaseExpectation, inspect?: (run: CaseRun) => Finding[]): Promise<Probe> {
    await options.pace?.()
    const started = performance.now()
    const sent: SentRequest = { method: operation.method, url: url(request, operation), headers: headers(request), body: request.body?.text }
    const result = await client.send({
      ...sent,
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
      return { run: { ok: false, setCookies: [] }, violations: [violation({ message })], durationMs, sent, expectation }
    }
    timeouts = 0
    const response: HttpResponse = result.response
    for (const header of response.setCookies) redactor.add(parseSetCookie(header).value, `AUTHMOCK_COOKIE_${cookieVariable(parseSetCookie(header).name)}`)
    observed.push({ operationId: operation.operationId, status: response.status, example: expectation.example })
    const checked = checkResponse(operation, response, { case: name, ...expectation }, validators)
    const run: CaseRun = {
      ok: expectation.statuses?.includes(response.status) ?? true,
      status: response.status,
      json: checked.json,
      setCookies: response.setCookies,
    }
    const findings = inspect?.(run) ?? []
    return { run, violations: [...checked.violations, ...findings.map(violation)], durationMs, sent, answer: response, expectation }
  }

  return {
    results,
    selected: options.selected,
    skip(operation, name, reason) {
      // Once the target has failed, that is why everything after is not run.
      if (options.selected(operation)) record(operation, name, 'skipped', [], 0, stopped === undefined ? reason : `not run: ${stopped}`)
    },
    get stopped() {
      return stopped
    },
    observed,
    finish() {
      for (const result of failures.keys()) show(result)
    },
    async probe(operation, name, request, expectation) {
      return stopped === undefined ? await probe(operation, name, request, expectation) : undefined
    },
    report(operation, name, probed, generated) {
      if (options.selected(operation)) record(operation, name, probed.violations.length > 0 ? 'failed' : 'passed', probed.violations, probed.durationMs, undefined, probed, generated)
    },
    async run(operation, name, request, expectation, inspect) {
      const reported = options.selected(operation) && request.silent !== true
      // A case nobody asked for is not sent at all, unless later cases build on it.
      if (!reported && request.silent !== true && request.prerequisite !== true) return { ok: false, setCookies: [] }
      if (stopped !== undefined) {
        if (reported) record(operation, name, 'skipped', [], 0, `not run: ${stopped}`)
        return { ok: false, setCookies: [] }
      }
      const probed = await probe(operation, name, request, expectation, inspect)
      if (reported) record(operation, name, probed.violations.length > 0 ? 'failed' : 'passed', probed.violations, probed.durationMs, undefined, probed)
      return probed.run
    },
  }
}

/** A cookie name as part of an environment variable's name: AUTHMOCK_COOKIE_OSESSIONID. */
const cookieVariable = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_') || 'VALUE'
