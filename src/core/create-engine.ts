import type { Operation, SpecModel } from '../model/spec-model.js'
import type { CredentialStore } from '../store/credential-store.js'
import { checkSecurity, INVALID_CREDENTIAL, presentedCredentials, type CredentialState } from './check-security.js'
import { badNamespace, namespaceLimit, stateFailure } from './state-problems.js'
import { createActionRunner } from './create-action-runner.js'
import { createApiState, type ApiState } from './create-api-state.js'
import { collectViolations } from './collect-violations.js'
import { createRouter } from './create-router.js'
import { problemResponse } from './errors.js'
import { parseBody } from './parse-body.js'
import { parseTarget, type Target } from './parse-target.js'
import { preferredResponse } from './preferred-response.js'
import { preferredShape } from './preferred-shape.js'
import { createControls, shapeOf, type ArmedScenario, type Controls, type Shape } from './create-controls.js'
import { createMemoryState } from './create-memory-state.js'
import { DEFAULT_NAMESPACE, NAMESPACE_HEADER, NAMESPACE_PATTERN, StoreUnavailable, type StateBackend } from './namespace-state.js'
import type { Turn } from './turn.js'
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
  /** Requests the journal keeps, per namespace (count). */
  journalSize?: number
  /** Namespaces held at once by the in-memory state, default included (count). */
  maxNamespaces?: number
  /** Where state lives; default: in this process (createMemoryState). */
  state?: StateBackend
}

export interface Engine {
  /** Answers one request; never rejects (a store that fails answers 503, a bug 500). */
  handle(request: StubRequest): Promise<StubResponse>
  /** True when some operation has this path (whatever the method): adapters let other requests pass. */
  matches(pathname: string): boolean
  readonly model: SpecModel
  /** The default namespace's credential store when the state is in memory (tests and benchmarks read it). */
  readonly store: CredentialStore
  /** Scenario switches, the clock, the request journal, live sessions, of the default namespace. */
  readonly controls: Controls
  /** The same, of any namespace (undefined for a name that is not one). Call `claim` first where the bound must hold. */
  controlsFor(namespace: string): Controls | undefined
  /**
   * The controls of the namespace a control request names (its header), once
   * it holds a place under --max-namespaces; else the problem to answer (400
   * for a bad name, 429 past the bound, 503 when the store is down).
   */
  claim(namespace: string | undefined): Promise<{ ok: true; controls: Controls } | { ok: false; response: StubResponse }>
  /** Everything of the default namespace back to start: credentials, registered accounts, switches, clock, journal. */
  reset(): Promise<void>
  /**
   * Serves another model from now on (serve --watch), on the same state,
   * clock and token generator: credentials, switches and journals stay. A
   * request already routed finishes on the model it started with. The new
   * model's fixture accounts replace the old ones in every namespace
   * (StateBackend.useFixtures); an API it adds is served, one it drops is not.
   */
  reload(model: SpecModel): void
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
 * await engine.handle({ method: 'POST', url: '/authToken', headers: { 'content-type': 'application/json' }, cookies: {}, body: '{"username":"seller-one","password":"seller-one-pass"}' })
 */
export function createEngine(model: SpecModel, given: EngineOptions = {}): Engine {
  // A misspelt or ill-typed option stops here, naming it; the defaults come from the option table.
  const options = resolveOptions('createEngine', given)
  const { maxBodyBytes } = options
  const clock = options.clock ?? systemClock
  const memory = options.state ? undefined : createMemoryState(model, { ...options, store: options.store })
  const backend: StateBackend = options.state ?? (memory as StateBackend)
  const actions = createActionRunner(options.seed, backend.familyPrefix)

  /** Controls are a few closures over the namespace's name, made per call: nothing kept per namespace name (CI jobs bring new ones without end). */
  function controlsFor(namespace: string): Controls | undefined {
    if (!NAMESPACE_PATTERN.test(namespace)) return undefined
    return createControls({ model: served.model, state: () => backend.namespace(namespace), clock, onReset: () => actions.reseed(namespace) })
  }
  /** What is built from the model, swapped whole by `reload`: a request reads it once, so it never mixes two models. */
  function serve(next: SpecModel): Served {
    return {
      model: next,
      router: createRouter(next.apis.flatMap((a) => a.operations)),
      apis: new Map(next.apis.map((api) => [api.name, createApiState(api, { tokenTtlMs: options.tokenTtlMs ?? {} })])),
    }
  }
  let served = serve(model)
  let defaultControls = controlsFor(DEFAULT_NAMESPACE) as Controls

  /**
   * Per-request Prefer first, then a QA switch (taken by `begin`), else the
   * normal flow. A shape with a recipe or documented response replaces the
   * flow entirely (nothing issued or revoked); a fault or delay alone wraps
   * the normal answer.
   */
  async function handleOperation(now: Served, op: Operation, params: Record<string, string>, request: StubRequest, url: Target, turn: Turn, preferred: Shape | undefined, taken: ArmedScenario | undefined): Promise<StubResponse> {
    const shape = preferred ?? (taken && shapeOf(now.model, taken))
    if (!shape) return await answer(now, op, params, request, url, turn)
    let response: StubResponse
    if (shape.recipe) response = renderRecipe(shape.recipe, { query: {}, params, credentials: {}, body: {} }, op.operationId)
    else if (shape.documented) response = preferredResponse(op, shape.documented)
    else response = await answer(now, op, params, request, url, turn)
    if (shape.fault) response.fault = shape.fault
    if (shape.delayMs !== undefined) response.delayMs = shape.delayMs
    response.shapedBy = shape.label
    return response
  }

  /** Steps 3 to 7: authentication, body, parameters, data, action; the first that fails answers. */
  async function answer(now: Served, op: Operation, params: Record<string, string>, request: StubRequest, url: Target, turn: Turn): Promise<StubResponse> {
    // Every operation's API is in the map: both come from the same model.
    const api = now.apis.get(op.api) as ApiState
    let query = NO_QUERY
    if (url.searchParams.size !== 0) {
      query = Object.create(null) as Record<string, string>
      // A repeated name keeps its last value: Django's QueryDict.get and [] return the last
      // (django.http.QueryDict, "QueryDict.__getitem__ ... returns the last value"), as DRF reads it.
      for (const [key, value] of url.searchParams) query[key] = value
    }
    const context: RequestContext = { body: {}, query, params, credentials: {} }

    // 3. Authentication: the presented credentials are looked up first (one store call each), then the requirements are weighed.
    let found: Map<string, CredentialState> | undefined
    for (const { kind, value } of turn.presented) {
      found ??= new Map()
      const state = actions.lookup(turn, api, kind, value)
      found.set(`${kind}\n${value}`, state instanceof Promise ? await state : state)
    }
    const security = checkSecurity(op, request, url.searchParams, (kind, value) => found?.get(`${kind}\n${value}`) ?? INVALID_CREDENTIAL)
    if (!security.ok) return renderRecipe(security.recipe, context, op.operationId)
    const presented = security.credential
    if (presented) {
      // The lookup read the account already (a dropped account's credential is invalid).
      const looked = found?.get(`${presented.kind}\n${presented.value}`)
      context.account = looked?.state === 'live' ? looked.account : undefined
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
        context.violations = collectViolations(op.body.validate.errors, api.api)
        return renderRecipe(op.validationError ?? op.respond, context, op.operationId)
      }
    }
    // 5. Query and path parameters.
    if (op.validateParams) {
      const values: Record<string, unknown> = { ...query, ...params }
      if (!op.validateParams(values)) {
        context.violations = collectViolations(op.validateParams.errors, api.api)
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
    return actions.run(turn, api, op, context, presented?.family)
  }

  /** Steps 1 to 7 for a request whose URL parsed; throws only what the store threw. */
  async function route(request: StubRequest, url: Target, namespace: string, started: number): Promise<StubResponse> {
    /** What the client waits: the engine's time, and the delay the adapter holds the answer for (it sends after the journal is written). */
    const took = (response: StubResponse): number => performance.now() - started + (response.delayMs ?? 0)
    const state = backend.namespace(namespace)
    const method = request.method.toUpperCase()
    // Read once: a reload while this request awaits the state does not change the model it is answered from.
    const now = served
    const match = now.router.match(method, url.pathname)
    if (match.kind !== 'operation') {
      const begun = await state.begin(undefined)
      if (!begun.ok) return namespaceLimit(namespace, begun.count)
      // Journalled too: "my app called a path the API does not have" is what QA wants to see.
      const response = match.kind === 'no-route'
        ? problemResponse(404, 'ERR_NO_ROUTE', { method, path: url.pathname })
        : problemResponse(405, 'ERR_METHOD_NOT_ALLOWED', { method, path: url.pathname, allow: match.allow.join(', ') })
      if (match.kind === 'method-not-allowed') response.headers.allow = match.allow.join(', ')
      await state.journal.add(clock.now() + begun.offset, undefined, request, response, took(response))
      return response
    }
    // 2. Prefer: a documented answer asked for by the request itself takes no switch.
    const preferred = preferredShape(request, url)
    if (preferred && 'status' in preferred) {
      const begun = await state.begin(undefined)
      if (!begun.ok) return namespaceLimit(namespace, begun.count)
      secureOverHttps(url, preferred)
      await state.journal.add(clock.now() + begun.offset, match.operation.api, request, preferred, took(preferred))
      return preferred
    }
    // The one credential the request presents (the usual case) is read along with the rest: one round trip on Redis.
    const presented = presentedCredentials(match.operation, request, url.searchParams)
    const read = presented.length === 1 ? { api: match.operation.api, value: (presented[0] as { value: string }).value } : undefined
    // In memory the state answers at once: awaited only when it is a promise (a shared store), so the in-memory path pays no microtask here.
    const beginning = state.begin(preferred ? undefined : match.operation.operationId, read)
    const begun = beginning instanceof Promise ? await beginning : beginning
    if (!begun.ok) return namespaceLimit(namespace, begun.count)
    const turn: Turn = { state, namespace, now: clock.now() + begun.offset, presented, read: read && { value: read.value, credential: begun.credential } }
    let response: StubResponse
    try {
      response = await handleOperation(now, match.operation, match.params, request, url, turn, preferred, begun.taken)
    } catch (error) {
      if (error instanceof StoreUnavailable) throw error
      // A bug must not take the server down or leak a stack: answer, and say what broke.
      response = problemResponse(500, 'ERR_INTERNAL', { detail: (error as Error).message })
    }
    secureOverHttps(url, response)
    const journalled = state.journal.add(turn.now, match.operation.api, request, response, took(response))
    if (journalled instanceof Promise) await journalled
    return response
  }

  return {
    get model() {
      return served.model
    },
    get store() {
      if (!memory) throw new Error('engine.store is the in-memory state\'s; this engine keeps state in a shared store')
      return memory.store(DEFAULT_NAMESPACE)
    },
    get controls() {
      return defaultControls
    },
    controlsFor,
    async claim(given) {
      const namespace = given ?? DEFAULT_NAMESPACE
      if (!NAMESPACE_PATTERN.test(namespace)) return { ok: false, response: badNamespace(namespace) }
      try {
        const begun = await backend.namespace(namespace).begin(undefined)
        if (!begun.ok) return { ok: false, response: namespaceLimit(namespace, begun.count) }
      } catch (error) {
        return { ok: false, response: stateFailure(error) }
      }
      return { ok: true, controls: controlsFor(namespace) as Controls }
    },
    matches(pathname) {
      return served.router.match('GET', pathname).kind !== 'no-route'
    },
    async handle(request) {
      // Real time, not the mock's clock: the journal's (and the HAR's) durations are what the client waited.
      const started = performance.now()
      // 1. Route (and the namespace the request is in).
      const url = parseTarget(request.url)
      if (!url) return problemResponse(400, 'ERR_BAD_REQUEST', { detail: `the URL "${request.url}" cannot be parsed` })
      const namespace = request.headers[NAMESPACE_HEADER] ?? DEFAULT_NAMESPACE
      if (!NAMESPACE_PATTERN.test(namespace)) return badNamespace(namespace)
      try {
        return await route(request, url, namespace, started)
      } catch (error) {
        return stateFailure(error)
      }
    },
    reset: async () => { await defaultControls.reset() },
    reload(next) {
      backend.useFixtures(next)
      served = serve(next)
      defaultControls = controlsFor(DEFAULT_NAMESPACE) as Controls
    },
  }
}

/** The parts of the engine built from its model. */
interface Served {
  readonly model: SpecModel
  readonly router: ReturnType<typeof createRouter>
  readonly apis: ReadonlyMap<string, ApiState>
}

/**
 * Over https every cookie carries Secure, as the documented servers' do: they
 * are served over HTTPS only, and Django sends Secure with
 * SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE, which its deployment check
 * (`manage.py check --deploy`, security.W012 / W016) asks for. Over http the
 * spec's own `secure` stands (none today): a client keeps a Secure cookie only
 * from a secure origin, and not every client counts http://127.0.0.1 as one.
 * Called before the journal, so the HAR shows what was sent. The cookies are
 * the answer's own copies (renderRecipe and preferredResponse make them).
 */
function secureOverHttps(url: Target, response: StubResponse): void {
  if (url.href.startsWith('https:')) for (const cookie of response.cookies) cookie.secure = true
}
