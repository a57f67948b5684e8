import fc from 'fast-check'
import type { Api, Operation } from '../model/spec-model.js'
import { isJsonType } from '../core/media-type.js'
import type { CaseExpectation, CaseRequest, CaseRunner, Probe } from './create-case-runner.js'
import { fillPath } from './fill-request.js'
import { chooseRequirement, isOpen, type Session } from './present-credentials.js'
import { inputCategories, type InputCategory, type JsonSchema } from './schema-arbitraries.js'

/** `verify --generate`: how many, from which seed, and the requests left under --max-requests (shared by every API). */
export interface GenerateOptions {
  perOperation: number
  seed: number
  budget: { left: number }
}

export interface GeneratedRun {
  api: Api
  runner: CaseRunner
  /** A fresh logged-in session (undefined when the login does not succeed). */
  setupSession(): Promise<Session | undefined>
}

/** Where generated input goes: a body of one media type, or the query string. */
interface Target { location: string; schema: JsonSchema }

const FORM = 'application/x-www-form-urlencoded'
// Shrinking replays smaller inputs against the server: bounded, so a failure costs staging a few dozen requests, not thousands.
const SHRINK_REQUESTS = 60
// A URL past a few KiB is refused by servers and proxies before any contract applies (Node: 431 past 16 KiB of
// headers; many proxies: 414 past 8 KiB): query inputs longer than this are not sent, whatever their schema.
const MAX_QUERY = 4096
// Actions that end or replace the session a case presented: after one answered 2xx the next case logs in again.
const SPENDS_SESSION = new Set(['logout', 'revoke-account', 'refresh'])

const schemaOf = (validate: unknown): JsonSchema | undefined => (validate as { schema?: JsonSchema } | undefined)?.schema

/** The operation's body schema per media type it accepts (JSON and form), and its query parameters (path parameters stay as documented). */
function targetsOf(op: Operation): Target[] {
  const targets: Target[] = []
  const body = schemaOf(op.body?.validate)
  if (body && op.body) {
    if (op.body.mediaTypes.some(isJsonType)) targets.push({ location: 'application/json', schema: body })
    if (op.body.mediaTypes.includes(FORM)) targets.push({ location: FORM, schema: body })
  }
  const params = schemaOf(op.validateParams)
  const inPath = new Set([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))
  const query = Object.keys(params?.properties ?? {}).filter((name) => !inPath.has(name))
  if (params && query.length > 0) {
    targets.push({
      location: 'query',
      schema: { ...params, properties: Object.fromEntries(query.map((n) => [n, params.properties?.[n] ?? {}])), required: params.required?.filter((n) => !inPath.has(n)) },
    })
  }
  return targets
}

/** The documented statuses a generated input may get: any below 500 for valid input, a 4xx for invalid. */
function expectationOf(op: Operation, kind: InputCategory['kind']): CaseExpectation {
  const documented = [...new Set(op.responses.map((r) => r.status))]
  return { statuses: documented.filter((s) => (kind === 'valid' ? s < 500 : s >= 400 && s < 500)) }
}

function requestOf(target: Target, value: unknown, path: string): CaseRequest {
  if (target.location === 'query') return { path, query: flat(value) }
  if (target.location === FORM) return { path, body: { contentType: FORM, text: new URLSearchParams(flat(value)).toString() } }
  return { path, body: { contentType: target.location, text: JSON.stringify(value) } }
}

/** A form's or query's fields as strings (the categories for them make flat string values). */
function flat(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
}

/**
 * Generated cases for one API (issue 13): for each live operation with a
 * request body or query parameters, for each input category its schemas give
 * (valid: random, long strings, non-ASCII...; invalid: one constraint broken),
 * a fast-check property sends the inputs: valid ones must get a documented
 * status below 500 with a conforming body, invalid ones a documented 4xx in
 * the API's error shape. A failing input is shrunk (at most SHRINK_REQUESTS
 * more requests) and reported once per category with its reproducer; a
 * passing category is one passed case. Protected operations get a live
 * credential, logged in again after a case spends it.
 */
export async function verifyGenerated({ api, runner, setupSession }: GeneratedRun, options: GenerateOptions): Promise<void> {
  let index = 0
  for (const op of api.operations) {
    if (op.pending !== undefined || !runner.selected(op)) continue
    const targets = targetsOf(op)
    if (targets.length === 0) continue
    if (op.action === 'register') {
      runner.skip(op, 'generated', 'it would create accounts on the target')
      continue
    }
    const path = fillPath(op, { checkQuery: false })
    if (!path.ok) {
      runner.skip(op, 'generated', path.reason)
      continue
    }
    // Named once narrowed: `send` below is a closure, where TypeScript forgets the narrowing.
    const filledPath = path.path
    const groups = targets.flatMap((target) => inputCategories(target.schema, { form: target.location !== 'application/json' }).map((category) => ({ target, category })))
    const runs = Math.max(1, Math.floor(options.perOperation / groups.length))
    let session: Session | undefined
    for (const { target, category } of groups) {
      const name = `generated ${category.kind}: ${category.category} (${target.location})`
      index++
      if (options.budget.left <= 0) {
        runner.skip(op, name, 'the --max-requests cap on generated requests is reached')
        continue
      }
      const expectation = expectationOf(op, category.kind)
      let inputs = 0
      let shrinking = 0
      let last: Probe | undefined

      async function send(value: unknown): Promise<Probe | undefined | 'no session'> {
        if (!isOpen(op)) session ??= await setupSession()
        const use = session ? chooseRequirement(op, session) : isOpen(op) ? { presented: undefined } : undefined
        if (!use) return 'no session'
        options.budget.left--
        const probed = await runner.probe(op, name, { ...requestOf(target, value, filledPath), presented: use.presented, jar: session?.cookies }, expectation)
        if (probed && SPENDS_SESSION.has(op.action) && (probed.run.status ?? 500) < 300) session = undefined
        return probed
      }

      const arbitrary = target.location === 'query' ? category.arbitrary.filter(({ value }) => new URLSearchParams(flat(value)).toString().length <= MAX_QUERY) : category.arbitrary
      const details = await fc.check(fc.asyncProperty(arbitrary, async ({ value }) => {
        // Past the cap, or past the shrink bound, every input "passes": fast-check stops where it is.
        if (options.budget.left <= 0 || shrinking > SHRINK_REQUESTS) return true
        const probed = await send(value)
        if (probed === undefined || probed === 'no session') return true
        if (last?.violations.length) shrinking++
        inputs++
        const passed = probed.violations.length === 0
        if (!passed || !last || last.violations.length === 0) last = probed
        return passed
      }), { numRuns: runs, seed: (options.seed + index) | 0 })

      if (!last) {
        runner.skip(op, name, runner.stopped ?? 'no input was sent (no live credential: the login did not succeed)')
        continue
      }
      const failed = details.failed && details.counterexample !== null
      const input = failed ? (details.counterexample?.[0] as { value: unknown; where: string }) : undefined
      // The shrunk input is sent once more, so the report shows its own answer (the last probe may be a larger one).
      const shown = input ? ((await send(input.value)) as Probe | undefined | 'no session') : undefined
      const probe = shown && shown !== 'no session' && shown.violations.length > 0 ? shown : last
      runner.report(op, failed ? name : `${name}, ${inputs} inputs`, probe, {
        kind: category.kind,
        category: category.category,
        location: target.location,
        input: input ? `${JSON.stringify(input.value)}${input.where ? ` (${input.where})` : ''}` : undefined,
      })
    }
  }
}
