import type { Api, Operation, Recipe, SpecModel } from '../model/spec-model.js'
import type { CredentialStore } from '../store/credential-store.js'
import { MAX_TIME_MS, MIN_TIME_MS, type OffsetClock } from './create-offset-clock.js'
import type { Journal, JournalEntry } from './create-journal.js'
import { formatError, type ErrorCode } from './errors.js'
import { parseDuration } from './parse-duration.js'
import { describeDocumented, FAULTS, findDocumented, MAX_DELAY_MS, type Fault } from './preferred-response.js'
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
    use(request: ScenarioRequest): ControlResult<ArmedScenario[]>
    list(): ArmedScenario[]
    /** Clears every switch, or those of one operation; returns how many. */
    clear(operation?: string): number
  }
  clock: {
    /** The mock's time, ISO. */
    now(): string
    /** `"25h"`, `"30m"`, or ms. */
    advance(by: string | number): ControlResult<string>
    /** An ISO time or ms since the epoch. */
    set(to: string | number): ControlResult<string>
  }
  /** Every live credential expires now (what "expire all tokens" means); returns how many. */
  expireAll(): number
  requests(filter?: { operation?: string; limit?: number }): JournalEntry[]
  sessions(): SessionView[]
  /** Tokens, sessions, registered accounts, switches, clock and journal back to start. */
  reset(): void
}

interface Armed { view: ArmedScenario; shape: Shape }

export interface ControlsInput {
  model: SpecModel
  store: CredentialStore
  clock: OffsetClock
  journal: Journal
  accountLabel(api: string, subject: string | undefined): string | undefined
  resetState(): void
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
 * The QA controls over one engine's state: scenario switches, the clock,
 * the request journal and the live sessions. Framework-free, like the engine.
 * Bad requests are answered as data (`{ok: false, code, message}`), never thrown.
 *
 * @example controls.scenarios.use({ operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 })
 */
export function createControls(input: ControlsInput): Controls & { take(operation: Operation): Shape | undefined } {
  const { model, store, clock, journal } = input
  const operations = new Map(model.apis.flatMap((api) => api.operations.map((op) => [op.operationId, { api, op }] as const)))
  let armed: Armed[] = []
  let nextId = 1

  function parseDelay(delay: number | string | undefined): number | undefined | 'bad' {
    if (delay === undefined) return undefined
    const ms = typeof delay === 'number' ? delay : parseDuration(delay)
    return ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS ? 'bad' : ms
  }

  function use(request: ScenarioRequest): ControlResult<ArmedScenario[]> {
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
    const added = targets.map(({ api, op, recipe }): ArmedScenario => {
      const view: ArmedScenario = {
        id: nextId++,
        api: api.name,
        operation: op.operationId,
        ...(scenario !== undefined && { scenario }),
        ...(status !== undefined && { status }),
        ...(example !== undefined && { example }),
        ...(fault !== undefined && { fault }),
        ...(delayMs !== undefined && { delayMs }),
        remaining: times ?? null,
      }
      const documented = recipe || (status === undefined && example === undefined) ? undefined : { code: status, example }
      const label = scenario !== undefined ? `scenario ${scenario}` : [status !== undefined && `status ${status}`, example && `example ${example}`, fault && `fault ${fault}`, delayMs !== undefined && `delay ${delayMs}ms`].filter(Boolean).join(', ')
      armed.push({ view, shape: { ...(recipe && { recipe }), ...(documented && { documented }), ...(fault && { fault }), ...(delayMs !== undefined && { delayMs }), label } })
      return view
    })
    return { ok: true, value: added }
  }

  return {
    take(op) {
      // The newest switch wins; when it runs out, an older one for the same operation applies again.
      for (let i = armed.length - 1; i >= 0; i--) {
        const entry = armed[i] as Armed
        if (entry.view.operation !== op.operationId) continue
        if (entry.view.remaining !== null && --entry.view.remaining <= 0) armed.splice(i, 1)
        return entry.shape
      }
      return undefined
    },
    scenarios: {
      catalog: () => model.apis.flatMap((api) => api.scenarios.map((s) => ({ api: api.name, name: s.name, description: s.description, operations: [...s.operations.keys()] }))),
      use,
      list: () => armed.map((a) => ({ ...a.view })),
      clear(operation) {
        const before = armed.length
        armed = operation === undefined ? [] : armed.filter((a) => a.view.operation !== operation)
        return before - armed.length
      },
    },
    clock: {
      now: () => new Date(clock.now()).toISOString(),
      advance(by) {
        const ms = typeof by === 'number' ? by : typeof by === 'string' ? parseDuration(by) : Number.NaN
        if (ms === undefined || !Number.isFinite(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"advance" takes a duration such as "25h", "30m" or "14d", got ${shown(by)}` })
        if (!clock.advance(ms)) {
          const now = clock.now()
          return fail('ERR_CONTROL_INVALID', { detail: `"advance" ${shown(by)} would move the clock (now ${new Date(now).toISOString()}) outside ${RANGE}: advance by at most ${MAX_TIME_MS - now} ms, or go back by at most ${now - MIN_TIME_MS} ms` })
        }
        return { ok: true, value: new Date(clock.now()).toISOString() }
      },
      set(to) {
        const ms = typeof to === 'number' ? to : typeof to === 'string' ? Date.parse(to) : Number.NaN
        if (!Number.isFinite(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"set" takes an ISO time such as "2026-01-01T00:00:00Z" or ms since the epoch, within ${RANGE}, got ${shown(to)}` })
        if (!clock.set(ms)) return fail('ERR_CONTROL_INVALID', { detail: `"set" must be a time within ${RANGE} (ms ${MIN_TIME_MS} to ${MAX_TIME_MS}), got ${shown(to)}` })
        return { ok: true, value: new Date(clock.now()).toISOString() }
      },
    },
    expireAll: () => store.expire(clock.now()),
    requests: (filter) => journal.list(filter),
    sessions() {
      return store.live(clock.now()).map((c) => ({
        api: c.api,
        kind: c.kind,
        value: `${c.value.slice(0, 4)}...${REDACTED}`,
        ...(input.accountLabel(c.api, c.subject) !== undefined && { account: input.accountLabel(c.api, c.subject) as string }),
        issuedAt: new Date(c.issuedAt).toISOString(),
        // A lifetime so long that the expiry is past what a Date holds (--token-ttl 1e15d) is shown as never, not a RangeError.
        expiresAt: c.expiresAt === undefined || !(Math.abs(c.expiresAt) <= 8.64e15) ? null : new Date(c.expiresAt).toISOString(),
      }))
    },
    reset() {
      armed = []
      clock.reset()
      journal.clear()
      input.resetState()
    },
  }
}
