/**
 * What the two fuzz tests share: settings from the environment, the model
 * with its schemas, logging in as a fixture account (from the spec's own
 * x-authmock templates, as `verify` does), and one fast-check run per
 * operation against a surface (the Fastify app or the MSW handlers).
 */
import fc from 'fast-check'
import type { Test } from 'tap'
import { compileResponseValidators, type ResponseValidators } from '../../src/contract/compile-response-validators.js'
import { extractCredentials } from '../../src/contract/extract-credentials.js'
import { fillTemplates } from '../../src/contract/fill-request.js'
import { createSession, presentRequirement, type Session } from '../../src/contract/present-credentials.js'
import { buildModel } from '../../src/model/build-model.js'
import type { Account, Api, LoginOperation, Operation, SpecModel } from '../../src/model/spec-model.js'
import { loadSources } from '../../src/spec/load-sources.js'
import { plantedSecret, requestFor, type FuzzCase } from './arbitraries.js'
import { checkAnswer, type Answer } from './check-answer.js'

export interface FuzzSettings {
  seed: number
  /** Cases per operation. */
  runs: number
  secret: string
  /** A case slower than this fails (ms): catches quadratic work on junk input. */
  slowMs: number
  /** Time for the whole file (ms), shared by the operations; 0: none. A run cut short says how many cases it made. */
  budgetMs: number
}

/**
 * AUTHMOCK_FUZZ_SEED (else random), AUTHMOCK_FUZZ_RUNS (else `defaultRuns`;
 * `runsVar` overrides it for one surface), AUTHMOCK_FUZZ_SLOW_MS (default
 * 1000), AUTHMOCK_FUZZ_BUDGET_S (default 40: `npm test` runs every file under
 * tap's 60 s timeout, on a machine other suites share; `npm run fuzz` sets 0).
 */
export function fuzzSettings(defaultRuns: number, runsVar?: string): FuzzSettings {
  const env = process.env
  const seed = env.AUTHMOCK_FUZZ_SEED ? Number(env.AUTHMOCK_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31)
  const runs = Number((runsVar && env[runsVar]) || env.AUTHMOCK_FUZZ_RUNS || defaultRuns)
  const budgetMs = Number(env.AUTHMOCK_FUZZ_BUDGET_S ?? 40) * 1000
  return { seed, runs, secret: plantedSecret(seed), slowMs: Number(env.AUTHMOCK_FUZZ_SLOW_MS || 1000), budgetMs }
}

/** The model with its request and response schemas (read from spec/ and compiled with ajv). */
export function fuzzModel(): { model: SpecModel; validators: ResponseValidators } {
  const model = buildModel(loadSources())
  return { model, validators: compileResponseValidators(model) }
}

/** A request as both surfaces take it. */
export interface Outgoing {
  method: string
  url: string
  headers: Record<string, string>
  body?: string | undefined
}

/** One surface under test. */
export interface Surface {
  /** 'skipped': the surface cannot express the request (fetch refuses TRACE); 'unhandled': MSW let it pass. */
  send(request: Outgoing): Promise<Answer | 'skipped' | 'unhandled'>
  /** The last `limit` journal entries, or a problem reading them. */
  journal(limit: number): Promise<{ ok: true; entries: Array<{ id: number }> } | { ok: false; problem: string }>
  /** Log lines written since the last call. */
  takeLog(): string[]
}

/** Logs in as a fixture account through the API's login operation; the session holds what it issued. */
export async function login(surface: Surface, api: Api, account: Account): Promise<Session> {
  const session = createSession()
  const op = api.operations.find((o): o is LoginOperation => o.action === 'login' && o.body !== undefined)
  if (!op) return session
  const values = Object.fromEntries(Object.entries(account.fields).filter(([, v]) => typeof v === 'string')) as Record<string, string>
  const filled = fillTemplates(op.match, values)
  if (!filled.ok) throw new Error(`cannot log in to ${api.name}: ${filled.missing.join(', ')}`)
  const answer = await surface.send({ method: op.method.toUpperCase(), url: op.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(filled.fields.body ?? {}) })
  if (typeof answer === 'string' || answer.status !== 200) throw new Error(`login to ${api.name} answered ${typeof answer === 'string' ? answer : answer.status}`)
  extractCredentials(op.respond, JSON.parse(answer.text), answer.setCookies, session)
  return session
}

/** The case with the session's working credentials (and the refresh token an operation reads from its body). */
function withSession(fuzz: FuzzCase, op: Operation, session: Session): Outgoing {
  const headers = { ...fuzz.headers }
  let body = fuzz.body
  const presented = op.security.map((r) => presentRequirement(r, session)).find((p) => p !== undefined)
  if (presented) {
    Object.assign(headers, presented.headers)
    const cookies = Object.entries(presented.cookies).map(([k, v]) => `${k}=${v}`)
    if (cookies.length > 0) headers.cookie = cookies.join('; ')
    else delete headers.cookie
  }
  const field = /^\{body\.([\w-]+)\}$/.exec(op.from ?? '')?.[1]
  const value = op.kind === undefined ? undefined : session.credentials.get(op.kind)
  if (field !== undefined && value !== undefined) {
    body = JSON.stringify({ [field]: value })
    headers['content-type'] = 'application/json'
  }
  return { method: fuzz.method, url: fuzz.url, headers, body }
}

/** A GET the account's credential opens, with no path parameter: proves a credential still works. */
export function protectedProbe(api: Api): Operation | undefined {
  return api.operations.find((o) => o.method === 'get' && !o.path.includes('{') && o.security.length > 0 && o.security.every((r) => r.length > 0))
}

/** Answers the probe with the session's credentials: its status. */
export async function probeStatus(surface: Surface, op: Operation, session: Session): Promise<number | string> {
  const presented = op.security.map((r) => presentRequirement(r, session)).find((p) => p !== undefined)
  if (!presented) return 'no credential'
  const cookies = Object.entries(presented.cookies).map(([k, v]) => `${k}=${v}`)
  const request = surface.send({ method: 'GET', url: op.path, headers: { ...presented.headers, ...(cookies.length > 0 && { cookie: cookies.join('; ') }) } })
  const answer = await within(request, `${op.operationId}'s answer`).catch((error: Error) => error.message)
  return typeof answer === 'string' ? answer : answer.status
}

/** How long one exchange may take before it counts as a held connection (ms). */
const HOLD_LIMIT_MS = 5000

/** The promise's value, or an error when it takes longer than HOLD_LIMIT_MS: a held exchange fails its case instead of hanging the run. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const held = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not come within ${HOLD_LIMIT_MS} ms`)), HOLD_LIMIT_MS) })
  try {
    return await Promise.race([promise, held])
  } finally {
    clearTimeout(timer)
  }
}

export interface OperationResult {
  operationId: string
  cases: number
  skipped: number
  unhandled: number
  ms: number
  /** fast-check's report of the shrunk counterexample; undefined when the property held. */
  failure?: string | undefined
}

/**
 * Runs `settings.runs` generated requests for one operation through a
 * surface. A case fails on a 5xx, a rejected exchange, an answer that is
 * neither documented nor a catalog problem, a journal that cannot be read or
 * shows the planted secret, a log line that shows it, or a case slower than
 * `slowMs`. fast-check shrinks a failing case to a minimal one.
 */
export async function fuzzOperation(surface: Surface, model: SpecModel, api: Api, op: Operation, settings: FuzzSettings, validators: ResponseValidators, seed: number): Promise<OperationResult> {
  let cases = 0
  let skipped = 0
  let unhandled = 0
  const started = performance.now()
  const account = api.accounts[0]
  // Journal entries already judged: each case looks only at the entries its own requests made.
  const before = await within(surface.journal(1), 'the journal, before the first case,')
  if (!before.ok) throw new Error(`the journal cannot be read before ${op.operationId}: ${before.problem}`)
  let seen = before.entries.at(-1)?.id ?? 0
  const property = fc.asyncProperty(requestFor(api, op, settings.secret), async (fuzz) => {
    cases++
    let outgoing: Outgoing = fuzz
    if (fuzz.auth === 'live' && account) outgoing = withSession(fuzz, op, await within(login(surface, api, account), 'a login'))
    surface.takeLog()
    const t0 = performance.now()
    let answer: Answer | 'skipped' | 'unhandled'
    try {
      answer = await within(surface.send(outgoing), 'the answer')
    } catch (error) {
      throw new Error(`the exchange failed: ${(error as Error).message}`)
    }
    const ms = performance.now() - t0
    const problems: string[] = []
    if (answer === 'skipped') skipped++
    else if (answer === 'unhandled') {
      unhandled++
      if (!fuzz.pathJunk) problems.push('the operation\'s own path was not handled')
    } else problems.push(...checkAnswer(model, op, fuzz, answer, validators))
    if (ms > settings.slowMs) problems.push(`answered in ${ms.toFixed(0)} ms (limit ${settings.slowMs})`)
    const journal = await within(surface.journal(4), 'the journal, after this case,')
    if (!journal.ok) problems.push(`journal: ${journal.problem}`)
    else {
      const text = JSON.stringify(journal.entries.filter((e) => e.id > seen))
      seen = Math.max(seen, ...journal.entries.map((e) => e.id))
      if (text.includes(settings.secret)) problems.push(`the journal shows the planted secret: ${excerpt(text, settings.secret)}`)
    }
    for (const line of surface.takeLog()) if (line.includes(settings.secret)) problems.push(`a log line shows the planted secret: ${excerpt(line, settings.secret)}`)
    if (problems.length > 0) throw new Error(problems.join('\n'))
  })
  const operations = model.apis.reduce((n, a) => n + a.operations.length, 0)
  const timeLimit = settings.budgetMs > 0 ? settings.budgetMs / operations : undefined
  const details = await fc.check(property, { seed, numRuns: settings.runs, endOnFailure: false, interruptAfterTimeLimit: timeLimit, markInterruptAsFailure: false })
  return {
    operationId: op.operationId,
    // Runs before the first failure (shrinking runs not counted).
    cases: details.failed || details.interrupted ? details.numRuns : cases,
    skipped,
    unhandled,
    ms: performance.now() - started,
    failure: details.failed ? shortReport(details) : undefined,
  }
}

function excerpt(text: string, secret: string): string {
  const at = text.indexOf(secret)
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + secret.length + 20))
}

/** The counterexample and its error, without the stack; long strings cut. */
function shortReport(details: fc.RunDetails<[FuzzCase]>): string {
  const example = details.counterexample?.[0]
  const cut = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}...(${s.length} chars)` : s)
  const shown = example === undefined ? '?' : JSON.stringify(example, (_k, v: unknown) => (typeof v === 'string' ? cut(v) : v), 1)
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
  return `${error}\ncounterexample (shrunk ${details.numShrinks} times, seed ${details.seed}, path "${details.counterexamplePath ?? ''}"):\n${shown}`
}

/** Sums for the test's closing comment. */
export function summary(results: OperationResult[], settings: FuzzSettings, surface: string): string {
  const cases = results.reduce((n, r) => n + r.cases, 0)
  const ms = results.reduce((n, r) => n + r.ms, 0)
  const skipped = results.reduce((n, r) => n + r.skipped, 0)
  const unhandled = results.reduce((n, r) => n + r.unhandled, 0)
  const failed = results.filter((r) => r.failure).map((r) => r.operationId)
  const cut = settings.budgetMs > 0 && results.some((r) => r.cases < settings.runs && !r.failure) ? ` (time budget ${settings.budgetMs / 1000} s reached: fewer cases on some operations)` : ''
  return `${surface}: ${results.length} operations, ${settings.runs} cases each asked${cut}, ${cases} run (${skipped} not expressible, ${unhandled} passed through) in ${(ms / 1000).toFixed(1)} s, seed ${settings.seed}; ` +
    (failed.length === 0 ? 'no failure' : `failed: ${failed.join(', ')}`)
}

/**
 * The whole fuzz run against one surface: a login per API before the run
 * (with another account than the fuzz's own logins), every operation of the
 * model fuzzed in turn, then the logins checked again (state intact after).
 */
export async function runFuzz(t: Test, surface: Surface, settings: FuzzSettings, name: string): Promise<void> {
  const { model, validators } = fuzzModel()
  const sentinels = []
  for (const api of model.apis) {
    const probe = protectedProbe(api)
    const account = api.accounts.at(-1)
    if (!probe || !account) continue
    const session = await login(surface, api, account)
    t.equal(await probeStatus(surface, probe, session), 200, `${api.name}: ${probe.operationId} accepts the login made before the run`)
    sentinels.push({ api, probe, session })
  }

  const results: OperationResult[] = []
  let index = 0
  for (const api of model.apis) {
    for (const op of api.operations) {
      const result = await fuzzOperation(surface, model, api, op, settings, validators, settings.seed + index++)
      results.push(result)
      if (result.failure) t.fail(`${op.operationId}: ${result.failure}`)
      else t.pass(`${op.operationId}: ${result.cases} cases (${result.skipped} not expressible), ${(result.ms / 1000).toFixed(1)} s`)
    }
  }

  for (const { api, probe, session } of sentinels) {
    t.equal(await probeStatus(surface, probe, session), 200, `${api.name}: ${probe.operationId} still accepts the login made before the run`)
  }
  t.comment(summary(results, settings, name))
}
