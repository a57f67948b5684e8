import type { Operation, SpecModel } from '../model/spec-model.js'
import { createMemoryStore } from '../store/create-memory-store.js'
import type { CredentialStore } from '../store/credential-store.js'
import { checkSecurity } from './check-security.js'
import { createActionRunner } from './create-action-runner.js'
import { createApiState, type ApiState } from './create-api-state.js'
import { collectViolations } from './collect-violations.js'
import { createRouter } from './create-router.js'
import { problemResponse } from './errors.js'
import { parseBody } from './parse-body.js'
import { parseTarget, type Target } from './parse-target.js'
import { preferredResponse } from './preferred-response.js'
import { preferredShape } from './preferred-shape.js'
import { createControls, type Controls } from './create-controls.js'
import { createJournal } from './create-journal.js'
import { createOffsetClock } from './create-offset-clock.js'
import { renderRecipe } from './render-recipe.js'
import type { RequestContext } from './request-context.js'
import { selectData } from './select-data.js'
import { systemClock, type Clock, type StubRequest, type StubResponse } from './types.js'
import type { OptionOf } from './option-table.js'
import { resolveOptions } from './resolve-options.js'

// EngineOptions and the option table's rows for createEngine name the same options: tsc fails here when one is added without the other.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _everyOptionInTheTable: SameKeys<keyof EngineOptions, OptionOf<'createEngine'>> = true

export interface EngineOptions {
  clock?: Clock
  /** Makes every generated token reproducible. */
  seed?: number
  store?: CredentialStore
  /** Bound of the default store (count). */
  maxCredentials?: number
  /** Registered accounts kept per API; past it the oldest registered is dropped and its credentials stop working (count). */
  maxAccounts?: number
  /** Credential lifetimes in ms by "api.kind", "api" or "*"; null = never expires. Overrides the spec's ttl. */
  tokenTtlMs?: Record<string, number | null>
  /** Largest body the engine reads (bytes); adapters should enforce it earlier too. */
  maxBodyBytes?: number
  /** Requests the journal keeps (count). */
  journalSize?: number
}

export interface Engine {
  handle(request: StubRequest): StubResponse
  /** True when some operation has this path (whatever the method): adapters let other requests pass. */
  matches(pathname: string): boolean
  readonly model: SpecModel
  readonly store: CredentialStore
  /** Scenario switches, the clock, the request journal, live sessions. */
  readonly controls: Controls
  /** Everything back to start: credentials, registered accounts, switches, clock, journal. */
  reset(): void
}

/** The query of a request without one; shared, since recipes only read it. */
const NO_QUERY: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>)

/**
 * The engine: one plain request in, one plain response out, for every API in
 * the model. Framework-free, so the Fastify server and the MSW handlers share
 * it. The steps, in order (`handle` reads as this outline):
 *
 * 1. route: 400 for a URL that does not parse, 404 or 405 for a path or
 *    method the specs do not have;
 * 2. `Prefer` or an armed QA switch, which may answer instead (handleOperation);
 * 3. authentication (check-security.ts);
 * 4. the body: size (413), media type (415), parsing, its schema;
 * 5. query and path parameters against theirs;
 * 6. `data` (select-data.ts);
 * 7. the action, which answers `respond` or `rejected` (create-action-runner.ts).
 *
 * Every answer goes to the journal. Authentication comes before the body is
 * read, as in DRF (APIView.initial authenticates; the view parses
 * request.data later).
 *
 * @example
 * const engine = createEngine(model, { seed: 1 })
 * engine.handle({ method: 'POST', url: '/authToken', headers: { 'content-type': 'application/json' }, cookies: {}, body: '{"username":"seller-one","password":"seller-one-pass"}' })
 */
export function createEngine(model: SpecModel, given: EngineOptions = {}): Engine {
  // A misspelt or ill-typed option stops here, naming it; the defaults come from the option table.
  const options = resolveOptions('createEngine', given)
  // The given clock plus an offset the controls can move ("advance 25h").
  const clock = createOffsetClock(options.clock ?? systemClock)
  const journal = createJournal(options.journalSize)
  const { maxBodyBytes, maxAccounts } = options
  const store = options.store ?? createMemoryStore({ maxCredentials: options.maxCredentials })
  const router = createRouter(model.apis.flatMap((a) => a.operations))
  const apis = new Map(model.apis.map((api) => [api.name, createApiState(api, { maxAccounts, tokenTtlMs: options.tokenTtlMs ?? {} })]))
  const actions = createActionRunner(store, clock, options.seed)

  const controls = createControls({
    model,
    store,
    clock,
    journal,
    accountLabel(api, subject) {
      const found = apis.get(api)?.accounts.byId(subject)
      const label = found && (found.fields.username ?? found.fields.email)
      return typeof label === 'string' ? label : undefined
    },
    resetState() {
      store.clear()
      for (const state of apis.values()) state.accounts.clear()
      actions.reseed()
    },
  })

  /**
   * Per-request Prefer first, then a QA switch, else the normal flow. A shape
   * with a recipe or documented response replaces the flow entirely (nothing
   * issued or revoked); a fault or delay alone wraps the normal answer.
   */
  function handleOperation(op: Operation, params: Record<string, string>, request: StubRequest, url: Target): { response: StubResponse; shapedBy?: string } {
    const preferred = preferredShape(request, url)
    if (preferred && 'status' in preferred) return { response: preferred }
    const shape = preferred ?? controls.take(op)
    if (!shape) return { response: answer(op, params, request, url) }
    let response: StubResponse
    if (shape.recipe) response = renderRecipe(shape.recipe, { query: {}, params, credentials: {}, body: {} }, op.operationId)
    else if (shape.documented) response = preferredResponse(op, shape.documented)
    else response = answer(op, params, request, url)
    if (shape.fault) response.fault = shape.fault
    if (shape.delayMs !== undefined) response.delayMs = shape.delayMs
    return { response, shapedBy: shape.label }
  }

  /** Steps 3 to 7: authentication, body, parameters, data, action; the first that fails answers. */
  function answer(op: Operation, params: Record<string, string>, request: StubRequest, url: Target): StubResponse {
    // Every operation's API is in the map: both come from the same model.
    const state = apis.get(op.api) as ApiState
    let query = NO_QUERY
    if (url.searchParams.size !== 0) {
      query = Object.create(null) as Record<string, string>
      // A repeated name keeps its last value: Django's QueryDict.get and [] return the last
      // (django.http.QueryDict, "QueryDict.__getitem__ ... returns the last value"), as DRF reads it.
      for (const [key, value] of url.searchParams) query[key] = value
    }
    const context: RequestContext = { body: {}, query, params, credentials: {} }

    // 3. Authentication.
    const security = checkSecurity(op, request, url.searchParams, (kind, value) => actions.lookup(state, kind, value))
    if (!security.ok) return renderRecipe(security.recipe, context, op.operationId)
    const presented = security.credential
    if (presented) {
      context.account = state.accounts.byId(presented.subject)?.fields
      context.credentials[presented.kind] = {
        value: presented.value,
        expires: presented.expiresAt === undefined ? null : Math.floor(presented.expiresAt / 1000),
      }
    }

    // 4. The body.
    if (op.body) {
      const raw = request.body
      if (raw !== undefined && raw.length > maxBodyBytes / 4 && new TextEncoder().encode(raw).length > maxBodyBytes) {
        return problemResponse(413, 'ERR_BODY_TOO_LARGE', { limit: maxBodyBytes })
      }
      const parsed = parseBody(raw, request.headers['content-type'], op.body.mediaTypes)
      if (!parsed.ok && parsed.reason === 'unsupported') {
        return problemResponse(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', {
          contentType: parsed.contentType, operationId: op.operationId, accepted: op.body.mediaTypes.join(', '),
        })
      }
      if (!parsed.ok) {
        context.error = { message: parsed.message }
        return renderRecipe(op.parseError ?? op.respond, context, op.operationId)
      }
      context.body = parsed.value
      if (!op.body.validate(parsed.value)) {
        context.violations = collectViolations(op.body.validate.errors, state.api)
        return renderRecipe(op.validationError ?? op.respond, context, op.operationId)
      }
    }
    // 5. Query and path parameters.
    if (op.validateParams) {
      const values: Record<string, unknown> = { ...query, ...params }
      if (!op.validateParams(values)) {
        context.violations = collectViolations(op.validateParams.errors, state.api)
        return renderRecipe(op.validationError ?? op.respond, context, op.operationId)
      }
    }
    // 6. Data, 7. the action.
    if (op.data) {
      const result = selectData(op.data, context, url)
      if ('notFound' in result) return renderRecipe(op.notFound ?? op.respond, context, op.operationId)
      if ('item' in result) context.item = result.item
      else context.page = result.page
    }
    return actions.run(state, op, context, presented?.family)
  }

  return {
    model,
    store,
    controls,
    matches(pathname) {
      return router.match('GET', pathname).kind !== 'no-route'
    },
    handle(request) {
      // 1. Route.
      const url = parseTarget(request.url)
      if (!url) return problemResponse(400, 'ERR_BAD_REQUEST', { detail: `the URL "${request.url}" cannot be parsed` })
      const method = request.method.toUpperCase()
      const match = router.match(method, url.pathname)
      if (match.kind !== 'operation') {
        // Journalled too: "my app called a path the API does not have" is what QA wants to see.
        const response = match.kind === 'no-route'
          ? problemResponse(404, 'ERR_NO_ROUTE', { method, path: url.pathname })
          : problemResponse(405, 'ERR_METHOD_NOT_ALLOWED', { method, path: url.pathname, allow: match.allow.join(', ') })
        if (match.kind === 'method-not-allowed') response.headers.allow = match.allow.join(', ')
        journal.add(clock.now(), undefined, request, response)
        return response
      }
      // 2 to 7.
      let result: { response: StubResponse; shapedBy?: string }
      try {
        result = handleOperation(match.operation, match.params, request, url)
      } catch (error) {
        // A bug must not take the server down or leak a stack: answer, and say what broke.
        result = { response: problemResponse(500, 'ERR_INTERNAL', { detail: (error as Error).message }) }
      }
      journal.add(clock.now(), match.operation.api, request, result.response, result.shapedBy)
      return result.response
    },
    reset: () => controls.reset(),
  }
}
