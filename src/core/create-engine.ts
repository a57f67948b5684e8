import type { Account, Api, Operation, SpecModel } from '../model/spec-model.js'
import { createMemoryStore } from '../store/create-memory-store.js'
import type { CredentialStore } from '../store/credential-store.js'
import { checkSecurity, type CredentialState } from './check-security.js'
import { createAccountRegistry, type AccountRegistry } from './create-account-registry.js'
import { collectViolations } from './collect-violations.js'
import { createRandom } from './create-random.js'
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
import { renderTemplate } from './render-template.js'
import { selectData } from './select-data.js'
import { systemClock, type Clock, type Json, type JsonObject, type StubRequest, type StubResponse } from './types.js'

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

/** What recipes can read (docs/spec-extensions.md, "Values"). */
interface Context {
  body: Json
  query: Record<string, string>
  params: Record<string, string>
  account?: JsonObject | undefined
  credentials: Record<string, { value: string; expires: number | null; ttl?: number | undefined }>
  page?: unknown
  item?: unknown
  violations?: unknown
  error?: { message: string }
}

/**
 * The engine: one plain request in, one plain response out, for every API in
 * the model. Framework-free, so the Fastify server and the MSW handlers share
 * it. Order follows DRF's: route, Prefer, authentication, body parsing,
 * validation, data, action.
 *
 * @example
 * const engine = createEngine(model, { seed: 1 })
 * engine.handle({ method: 'POST', url: '/authToken', headers: { 'content-type': 'application/json' }, cookies: {}, body: '{"username":"seller-one","password":"seller-one-pass"}' })
 */
export function createEngine(model: SpecModel, options: EngineOptions = {}): Engine {
  // The given clock plus an offset the controls can move ("advance 25h").
  const clock = createOffsetClock(options.clock ?? systemClock)
  const journal = createJournal(options.journalSize ?? 500)
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const store = options.store ?? createMemoryStore({ maxCredentials: options.maxCredentials ?? 100_000 })
  const router = createRouter(model.apis.flatMap((a) => a.operations))
  const apis = new Map(model.apis.map((a) => [a.name, a]))
  let random = createRandom(options.seed)
  // Fixtures plus registered accounts, per API, bounded, looked up through Maps.
  const accounts = new Map(model.apis.map((a) => [a.name, createAccountRegistry(a.accounts, { maxAccounts: options.maxAccounts ?? 10_000 })]))
  let families = 0

  const accountsOf = (api: Api): AccountRegistry => accounts.get(api.name) as AccountRegistry

  // Lifetimes by API and kind, resolved once: "api.kind", then "api", then "*" from the options, else the spec's.
  const lifetimes = new Map(model.apis.map((api) => [api.name, new Map(Object.entries(api.credentials).map(([kind, def]) => {
    const table = options.tokenTtlMs ?? {}
    const key = [`${api.name}.${kind}`, api.name, '*'].find((k) => Object.hasOwn(table, k))
    return [kind, key === undefined ? def.ttlMs : table[key] ?? undefined]
  }))]))

  function lookup(api: string, kind: string, value: string): CredentialState {
    const credential = store.get(api, value)
    if (!credential || credential.kind !== kind) return { state: 'invalid' }
    // The account was dropped (past maxAccounts): like a deleted user's token, it no longer authenticates.
    if (credential.subject !== undefined && !accounts.get(api)?.byId(credential.subject)) return { state: 'invalid' }
    if (credential.revokedAt !== undefined) return { state: 'revoked' }
    if (credential.expiresAt !== undefined && credential.expiresAt <= clock.now()) return { state: 'expired' }
    return { state: 'live', credential }
  }

  function issue(api: Api, kinds: string[], context: Context, subject?: string): void {
    const now = clock.now()
    // A family id is only ever compared, never shown: a counter does, and costs no randomness.
    const family = String(++families)
    const ttls = lifetimes.get(api.name)
    for (const kind of kinds) {
      const def = api.credentials[kind]
      if (!def) continue
      const ttlMs = ttls?.get(kind)
      const value = random.token(def.alphabet, def.length)
      const expiresAt = ttlMs === undefined ? undefined : now + ttlMs
      // Every field set here, revokedAt too, so all credentials share one object shape.
      store.put({ api: api.name, kind, value, family, subject, issuedAt: now, expiresAt, revokedAt: undefined })
      context.credentials[kind] = {
        value,
        expires: expiresAt === undefined ? null : Math.floor(expiresAt / 1000),
        ttl: ttlMs === undefined ? undefined : Math.floor(ttlMs / 1000),
      }
    }
  }

  function matchAccount(api: Api, op: Operation, context: Context): Account | undefined {
    // Loops, not map/find/every: this runs on every login.
    const fields: string[] = []
    const wanted: string[] = []
    for (const [field, template] of op.match) {
      const value = renderTemplate(template, context)
      if (typeof value !== 'string' || value === '') return undefined
      fields.push(field)
      wanted.push(value)
    }
    return accountsOf(api).match(fields, wanted)
  }

  function run(api: Api, op: Operation, context: Context, family: string | undefined): StubResponse {
    return renderRecipe(act(api, op, context, family) ? op.respond : op.rejected ?? op.respond, context, op.operationId)
  }

  /** Does the operation's action; false when it rejects (wrong password, spent refresh token, taken e-mail). */
  function act(api: Api, op: Operation, context: Context, family: string | undefined): boolean {
    switch (op.action) {
      case 'respond':
        return true
      case 'issue':
        issue(api, op.issue, context)
        return true
      case 'login': {
        const account = matchAccount(api, op, context)
        if (!account) return false
        context.account = account.fields
        issue(api, op.issue, context, account.id)
        return true
      }
      case 'logout':
        if (family !== undefined) store.revokeFamily(api.name, family, clock.now())
        return true
      case 'revoke-account': {
        const account = matchAccount(api, op, context)
        if (account) store.revokeSubject(api.name, account.id, clock.now())
        return true
      }
      case 'refresh': {
        const value = renderTemplate(op.from as string, context)
        const found = typeof value === 'string' ? lookup(api.name, op.kind as string, value) : { state: 'invalid' as const }
        if (found.state !== 'live') return false
        store.revokeFamily(api.name, found.credential.family, clock.now())
        context.account = accountsOf(api).byId(found.credential.subject)?.fields
        issue(api, op.issue, context, found.credential.subject)
        return true
      }
      case 'register': {
        const body = context.body as JsonObject
        const unique = op.unique as string
        if (accountsOf(api).match([unique], [body[unique]])) return false
        const fields: JsonObject = {}
        for (const field of op.fields) if (Object.hasOwn(body, field)) fields[field] = body[field] as Json
        const { password: _password, ...profile } = fields
        if (op.idField) profile[op.idField] = accountsOf(api).nextNumber(op.idField)
        const account = accountsOf(api).register({ ...fields, profile })
        context.account = account.fields
        issue(api, op.issue, context, account.id)
        return true
      }
    }
  }

  const controls = createControls({
    model,
    store,
    clock,
    journal,
    accountLabel(api, subject) {
      const found = accounts.get(api)?.byId(subject)
      const label = found && (found.fields.username ?? found.fields.email)
      return typeof label === 'string' ? label : undefined
    },
    resetState() {
      store.clear()
      for (const registry of accounts.values()) registry.clear()
      random = createRandom(options.seed)
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

  function answer(op: Operation, params: Record<string, string>, request: StubRequest, url: Target): StubResponse {
    const api = apis.get(op.api) as Api
    let query = NO_QUERY
    if (url.searchParams.size !== 0) {
      query = Object.create(null) as Record<string, string>
      // A repeated name keeps its last value: Django's QueryDict.get and [] return the last
      // (django.http.QueryDict, "QueryDict.__getitem__ ... returns the last value"), as DRF reads it.
      for (const [key, value] of url.searchParams) query[key] = value
    }
    const context: Context = { body: {}, query, params, credentials: {} }

    const security = checkSecurity(op, request, url.searchParams, (kind, value) => lookup(api.name, kind, value))
    if (!security.ok) return renderRecipe(security.recipe, context, op.operationId)
    const presented = security.credential
    if (presented) {
      context.account = accountsOf(api).byId(presented.subject)?.fields
      context.credentials[presented.kind] = {
        value: presented.value,
        expires: presented.expiresAt === undefined ? null : Math.floor(presented.expiresAt / 1000),
      }
    }

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
        context.violations = collectViolations(op.body.validate.errors, api)
        return renderRecipe(op.validationError ?? op.respond, context, op.operationId)
      }
    }
    if (op.validateParams) {
      const values: Record<string, unknown> = { ...query, ...params }
      if (!op.validateParams(values)) {
        context.violations = collectViolations(op.validateParams.errors, api)
        return renderRecipe(op.validationError ?? op.respond, context, op.operationId)
      }
    }
    if (op.data) {
      const result = selectData(op.data, context, url)
      if ('notFound' in result) return renderRecipe(op.notFound ?? op.respond, context, op.operationId)
      if ('item' in result) context.item = result.item
      else context.page = result.page
    }
    return run(api, op, context, presented?.family)
  }

  return {
    model,
    store,
    controls,
    matches(pathname) {
      return router.match('GET', pathname).kind !== 'no-route'
    },
    handle(request) {
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
