import type { Api, Operation, Recipe, SpecModel } from '../model/spec-model.js'
import { isClockTime, MAX_TIME_MS, MIN_TIME_MS } from './clock-range.js'
import type { JournalEntry } from './create-journal.js'
import type { NamespaceState } from './namespace-state.js'
import type { Clock } from './types.js'
import { formatError, type ErrorCode } from './errors.js'
import { parseDuration } from './parse-duration.js'
import { describeDocumented, FAULTS, findDocumented, MAX_DELAY_MS, type Fault } from './preferred-response.js'
import { operationsOf } from './operations-of.js'
import { REDACTED } from './redact.js'

/** What QA asks for: the next `times` calls of an operation answer so. */
export interface ScenarioRequest {
  /** operationId; with `scenario` it may be left out to arm every operation the scenario names. */
  operation?: string
  /** A named scenario of the API (x-authmock.scenarios). */
  scenario?: string
  /** A documented status and/or example name, as with Prefer. */
  status?: number
  example?: string
  fault?: Fault
  /** ms, or a duration such as "2s". */
  delay?: number | string
  /** How many calls; default: until cleared or reset. */
  times?: number
}

/** A switch that is on. */
export interface ArmedScenario {
  id: number
  api: string
  operation: string
  scenario?: string
  status?: number
  example?: string
  fault?: Fault
  delayMs?: number
  /** Calls left; null: until cleared. */
  remaining: number | null
}

/** How one answer is shaped: a recipe or a documented response, and/or a fault or delay. */
export interface Shape {
  recipe?: Recipe
  documented?: { code?: number; example?: string }
  fault?: Fault
  delayMs?: number
  /** For the journal: "scenario throttled", "Prefer code=401"... */
  label: string
}

export type ControlResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; available?: unknown }

export interface SessionView {
  api: string
  kind: string
  /** The first characters only. */
  value: string
  account?: string
  issuedAt: string
  expiresAt: string | null
}

export interface ScenarioInfo { api: string; name: string; description: string; operations: string[] }

/** The QA controls of one engine; the HTTP control API and the MSW object both call these. */
export interface Controls {
  scenarios: {
    /** The scenarios the specs declare. */
    catalog(): ScenarioInfo[]
    use(request: ScenarioRequest): Promise<ControlResult<ArmedScenario[]>>
    list(): Promise<ArmedScenario[]>
    /** Clears every switch, or those of one operation; returns how many. */
    clear(operation?: string): Promise<number>
  }
  clock: {
    /** The mock's time, ISO. */
    now(): Promise<string>
    /** `"25h"`, `"30m"`, or ms. */
    advance(by: string | number): Promise<ControlResult<string>>
    /** An ISO time or ms since the epoch. */
    set(to: string | number): Promise<ControlResult<string>>
  }
  /** Every live credential expires now (what "expire all tokens" means); returns how many. */
  expireAll(): Promise<number>
  requests(filter?: { operation?: string; limit?: number }): Promise<JournalEntry[]>
  sessions(): Promise<SessionView[]>
  /**
   * Tokens, sessions, registered accounts, switches, clock and journal of the
   * namespace back to start (a namespace other than default then frees its
   * place); resolves to the mock's time after it (the clock with no offset).
   */
  reset(): Promise<string>
}

export interface ControlsInput {
  model: SpecModel
  /** The namespace these controls drive, looked up on every call (a reset may replace its state). */
  state: () => NamespaceState
  /** The clock the namespace's offset is added to. */
  clock: Clock
  /** After a reset: the engine starts the namespace's seeded tokens again. */
  onReset(): void
}

/** The clock's range, as the error messages state it. */
const RANGE = `${new Date(MIN_TIME_MS).toISOString()} .. ${new Date(MAX_TIME_MS).toISOString()}`

/** A value QA sent, for an error message: as JSON, cut short (the message is shown, not a place to echo a megabyte). */
const shown = (value: unknown): string => {
  // Numbers as JS writes them: JSON would write 1e400 (Infinity) as null.
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 60)}...` : text
}

const fail = <T>(code: ErrorCode, params: Record<string, unknown>, available?: unknown): ControlResult<T> =>
  ({ ok: false, code, message: formatError(code, params), ...(available === undefined ? {} : { available }) })

/**
 * How an armed switch shapes its operation's answer, rebuilt from the
 * switch's view (what any replica reads back from a shared store): the
 * scenario's recipe for that operation, or a documented status/example, and
 * a fault or delay. Undefined when the view names what the model no longer
 * has (a switch armed by a replica on other specs).
 */
export function shapeOf(model: SpecModel, view: ArmedScenario): Shape | undefined {
  let recipe: Recipe | undefined
  if (view.scenario !== undefined) {
    recipe = model.apis.find((api) => api.name === view.api)?.scenarios.find((s) => s.name === view.scenario)?.operations.get(view.operation)
    if (!recipe) return undefined
  }
  const { status, example, fault, delayMs } = view
  const documented = recipe || (status === undefined && example === undefined) ? undefined : { code: status, example }
  const label = view.scenario !== undefined ? `scenario ${view.scenario}` : [status !== undefined && `status ${status}`, example && `example ${example}`, fault && `fault ${fault}`, delayMs !== undefined && `delay ${delayMs}ms`].filter(Boolean).join(', ')
  return { ...(recipe && { recipe }), ...(documented && { documented }), ...(fault && { fault }), ...(delayMs !== undefined && { delayMs }), label }
}

/**
 * The QA controls over one namespace's state: scenario switches, the clock,
 * the request journal and the live sessions. Framework-free, like the engine.
 * Bad requests are answered as data (`{ok: false, code, message}`), never thrown.
 *
 * @example await controls.scenarios.use({ operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 })
 */
export function createControls(input: ControlsInput): Controls {
  const { model, clock } = input
  const operations = operationsOf(model)
  const now = async (): Promise<number> => clock.now() + (await input.state().offset())

  function parseDelay(delay: number | string | undefined): number | undefined | 'bad' {
    if (delay === undefined) return undefined
    const ms = typeof delay === 'number' ? delay : parseDuration(delay)
    return ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS ? 'bad' : ms
  }

  async function use(request: ScenarioRequest): Promise<ControlResult<ArmedScenario[]>> {
    if (request === null || typeof request !== 'object') return fail('ERR_SCENARIO_INVALID', { detail: 'the body must be a JSON object' })
    const { operation, scenario, status, example, fault, times } = request
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) return fail('ERR_SCENARIO_INVALID', { detail: `"times" must be a whole number of at least 1, got ${JSON.stringify(times)}` })
    if (fault !== undefined && !FAULTS.includes(fault)) return fail('ERR_SCENARIO_INVALID', { detail: `"fault" must be one of ${FAULTS.join(', ')}` })
    const delayMs = parseDelay(request.delay)
    if (delayMs === 'bad') return fail('ERR_SCENARIO_INVALID', { detail: `"delay" must be ms or a duration like "2s", at most ${MAX_DELAY_MS} ms` })
    if (scenario === undefined && status === undefined && example === undefined && fault === undefined && delayMs === undefined) {
      return fail('ERR_SCENARIO_INVALID', { detail: 'say what to answer: "scenario", "status", "example", "fault" or "delay"' })
    }
    if (operation !== undefined && !operations.has(operation)) {
      return fail('ERR_UNKNOWN_OPERATION', { operation, available: [...operations.keys()].join(', ') })
    }
    const targets: Array<{ api: Api; op: Operation; recipe?: Recipe }> = []
    if (scenario !== undefined) {
      const candidates = model.apis.flatMap((api) => api.scenarios.filter((s) => s.name === scenario).map((s) => ({ api, s })))
      const chosen = candidates.flatMap(({ api, s }) => [...s.operations]
        .filter(([opId]) => operation === undefined || opId === operation)
        .map(([opId, recipe]) => ({ api, op: operations.get(opId)?.op as Operation, recipe })))
      if (chosen.length === 0) {
        const api = operation === undefined ? undefined : operations.get(operation)?.api
        const names = (api ? api.scenarios.filter((s) => [...s.operations.keys()].includes(operation as string)) : model.apis.flatMap((a) => a.scenarios)).map((s) => s.name)
        return fail('ERR_SCENARIO_UNKNOWN', { scenario, where: operation ? ` for ${operation}` : '', available: [...new Set(names)].join(', ') || '(none)' }, [...new Set(names)])
      }
      targets.push(...chosen)
    } else {
      const found = operation === undefined ? undefined : operations.get(operation)
      if (!found) return fail('ERR_SCENARIO_INVALID', { detail: '"operation" is required without "scenario"' })
      if ((status !== undefined || example !== undefined) && !findDocumented(found.op, { code: status, example })) {
        const { text, available } = describeDocumented(found.op)
        // Named as the control request spelled it ("status": 418), not as a Prefer header would.
        const asked = [status !== undefined && `"status": ${status}`, example !== undefined && `"example": ${JSON.stringify(example)}`].filter(Boolean).join(', ')
        return fail('ERR_SCENARIO_NOT_DOCUMENTED', { asked, operationId: operation, available: text }, available)
      }
      targets.push(found)
    }
    const views = targets.map(({ api, op }): Omit<ArmedScenario, 'id'> => ({
      api: api.name,
      operation: op.operationId,
      ...(scenario !== undefined && { scenario }),
      ...(status !== undefined && { status }),
      ...(example !== undefined && { example }),
      ...(fault !== undefined && { fault }),
      ...(delayMs !== undefined && { delayMs }),
      remaining: times ?? null,
    }))
    return { ok: true, value: await input.state().switches.add(views) }
  }

  async function accountLabel(api: string, subject: string | undefined): Promise<string | undefined> {
    const found = subject === undefined ? undefined : await input.state().accounts(api).byId(subject)
    const label = found && (found.fields.username ?? found.fields.email)
    return typeof label === 'string' ? label : undefined
  }

  return {
    scenarios: {
      catalog: () => model.apis.flatMap((api) => api.scenarios.map((s) => ({ api: api.name, name: s.name, description: s.description, operations: [...s.operations.keys()] }))),
      use,
      list: async () => input.state().switches.list(),
      clear: async (operation) => input.state().switches.clear(operation),
    },
    clock: {
      now: async () => new Date(await now()).toISOString(),
      async advance(by) {
        const ms = typeof by === 'number' ? by : typeof by === 'string' ? parseDuration(by) : Number.NaN
        if (ms === undefined || !Number.isFinite(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"advance" takes a duration such as "25h", "30m" or "14d", got ${shown(by)}` })
        const offset = await input.state().offset()
        const current = clock.now() + offset
        if (!isClockTime(current + ms)) {
          return fail('ERR_CONTROL_INVALID', { detail: `"advance" ${shown(by)} would move the clock (now ${new Date(current).toISOString()}) outside ${RANGE}: advance by at most ${MAX_TIME_MS - current} ms, or go back by at most ${current - MIN_TIME_MS} ms` })
        }
        // The offset moves by exactly `ms`, whatever the base clock did meanwhile.
        await input.state().setOffset(offset + ms)
        return { ok: true, value: new Date(await now()).toISOString() }
      },
      async set(to) {
        const ms = typeof to === 'number' ? to : typeof to === 'string' ? Date.parse(to) : Number.NaN
        if (!Number.isFinite(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"set" takes an ISO time such as "2026-01-01T00:00:00Z" or ms since the epoch, within ${RANGE}, got ${shown(to)}` })
        if (!isClockTime(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"set" must be a time within ${RANGE} (ms ${MIN_TIME_MS} to ${MAX_TIME_MS}), got ${shown(to)}` })
        await input.state().setOffset(ms - clock.now())
        return { ok: true, value: new Date(await now()).toISOString() }
      },
    },
    expireAll: async () => input.state().credentials.expire(await now()),
    requests: async (filter) => input.state().journal.list(filter),
    async sessions() {
      const live = await input.state().credentials.live(await now())
      const out: SessionView[] = []
      for (const c of live) {
        const account = await accountLabel(c.api, c.subject)
        out.push({
          api: c.api,
          kind: c.kind,
          value: `${c.value.slice(0, 4)}...${REDACTED}`,
          ...(account !== undefined && { account }),
          issuedAt: new Date(c.issuedAt).toISOString(),
          // A lifetime so long that the expiry is past what a Date holds (--token-ttl 1e15d) is shown as never, not a RangeError.
          expiresAt: c.expiresAt === undefined || !(Math.abs(c.expiresAt) <= 8.64e15) ? null : new Date(c.expiresAt).toISOString(),
        })
      }
      return out
    },
    async reset() {
      await input.state().reset()
      input.onReset()
      // Not read back from the namespace: that would claim it again.
      return new Date(clock.now()).toISOString()
    },
  }
}
