import { delay, http, HttpResponse, type RequestHandler } from 'msw'
import { malformedBody } from '../core/malformed-body.js'
import { combineControls } from './combine-controls.js'
import type { Controls } from '../core/create-controls.js'
import { createEngine, type Engine, type EngineOptions } from '../core/create-engine.js'
import { NAMESPACE_HEADER } from '../core/namespace-state.js'
import { serializeCookie } from '../core/serialize-cookie.js'
import { trimTrailingSlashes } from '../core/trim-trailing-slashes.js'
import { AuthmockError } from '../core/errors.js'
import type { OptionOf } from '../core/option-table.js'
import { pickOptions, resolveOptions } from '../core/resolve-options.js'
import { assembleModel, type ApiSource, type BuildOptions } from '../model/assemble-model.js'
import type { ModelValidators } from '../model/model-validators.js'
import { PRECOMPILED_VALIDATORS } from '../model/precompiled-validators.js'
import { SOURCES } from '../generated/sources.js'
import { systemClock } from '../core/types.js'
import { createCookieJar, type CookieJar } from './create-cookie-jar.js'

export interface HandlerOptions extends EngineOptions, BuildOptions {
  /**
   * Where the APIs live. One origin (optionally with a path prefix) for all,
   * or one per API name. Default "": any origin, so an app's relative and
   * absolute calls are both answered. Requests whose path no operation has
   * are left alone (they reach `onUnhandledRequest` or the network).
   */
  baseUrl?: string | Record<string, string>
  /** API names to serve; default all. */
  apis?: string[]
  /** Specs and fixtures; default the ones bundled with authmock. */
  sources?: ApiSource[]
  /**
   * Validators for custom `sources`, e.g. `createAjvValidators()` from
   * 'authmock' (Node, or a browser bundle that accepts ajv). The bundled
   * APIs come with validators precompiled at build time.
   */
  validators?: ModelValidators
  /**
   * Keep the cookies the mock sets in a jar of the handlers' own and send them
   * back (default true): a service worker cannot store HttpOnly cookies, and
   * MSW's store misreads a response that sets several. Its cookies win over
   * MSW's for the same name; false leaves cookies to MSW alone.
   */
  cookieJar?: boolean
  /**
   * The namespace these handlers' requests are in (default "default"), as the
   * x-authmock-namespace header selects one on the server; a request that
   * sends the header itself keeps its own. The controls drive this namespace.
   */
  namespace?: string
}

// HandlerOptions and the option table's rows for createHandlers name the same options: tsc fails here when one is added without the other.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _everyOptionInTheTable: SameKeys<keyof HandlerOptions, OptionOf<'createHandlers'>> = true

/**
 * The handlers, spread into `setupServer(...)` / `setupWorker(...)`, plus the
 * same QA controls as the server's /__mock/ API: `scenarios.use(...)`,
 * `clock.advance(...)`, `requests()`, `sessions()`, `expireAll()`, `reset()`.
 */
export type AuthmockHandlers = RequestHandler[] & Omit<Controls, 'reset'> & {
  /** Everything back to start: tokens, sessions, registered accounts, switches, clock, journal, cookies (await it between tests). */
  reset(): Promise<void>
  /** The engines answering, one per base URL. */
  readonly engines: Engine[]
}

/**
 * MSW request handlers answering like the stub server, from the same engine.
 * State lives per call: two `createHandlers()` never share tokens.
 *
 * @example
 * import { setupServer } from 'msw/node'
 * const handlers = createHandlers({ baseUrl: 'http://api.test', seed: 1 })
 * const server = setupServer(...handlers)
 * afterEach(() => handlers.reset())
 */
export function createHandlers(given: HandlerOptions = {}): AuthmockHandlers {
  // A misspelt or ill-typed option stops here, naming it; the defaults come from the option table.
  const options = resolveOptions('createHandlers', given)
  if (options.sources && !options.validators) {
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: 'custom `sources` need `validators` too, e.g. createAjvValidators() from \'authmock\'' })
  }
  const all = options.sources ?? SOURCES
  const validators = options.validators ?? PRECOMPILED_VALIDATORS
  const wanted = options.apis?.length ? all.filter((s) => options.apis?.includes(apiName(s))) : all
  const groups = new Map<string, ApiSource[]>()
  for (const source of wanted) {
    const given = typeof options.baseUrl === 'object' ? options.baseUrl[apiName(source)] : options.baseUrl
    const base = normalizeBase(given ?? '')
    groups.set(base, [...(groups.get(base) ?? []), source])
  }
  const engines: Engine[] = []
  const jars: CookieJar[] = []
  const handlers: RequestHandler[] = []
  for (const [base, sources] of groups) {
    // The engine gets only its own options: it refuses the handlers' (baseUrl, sources...) as unknown.
    const engine = createEngine(assembleModel(sources, options, validators), pickOptions('createEngine', options))
    const jar = options.cookieJar ? createCookieJar(options.clock ?? systemClock) : undefined
    engines.push(engine)
    if (jar) jars.push(jar)
    handlers.push(createHandler(base, engine, jar, options.namespace))
  }
  const controls = combineControls(engines.map((e) => e.controlsFor(options.namespace) as Controls))
  return Object.assign(handlers, controls, {
    engines,
    async reset() {
      jars.forEach((j) => j.clear())
      await controls.reset()
    },
  })
}

/** "http://host:80/x/" -> "http://host/x": the form `URL.href` uses, so prefixes compare as strings. */
function normalizeBase(base: string): string {
  if (base === '') return ''
  const url = new URL(base)
  const path = trimTrailingSlashes(url.pathname)
  return `${url.origin}${path === '/' ? '' : path}`
}

function apiName(source: ApiSource): string {
  return String((source.document as unknown as { 'x-authmock'?: { name?: unknown } })['x-authmock']?.name)
}

function createHandler(base: string, engine: Engine, jar: CookieJar | undefined, namespace: string): RequestHandler {
  const prefix = base === '' ? '' : new URL(base).pathname.replace(/\/$/, '')
  // A RegExp without capture groups, not a "*" path: MSW decodes a path's wildcard with decodeURIComponent,
  // which throws on a broken escape (/products%ff) before the engine can answer it with its 400.
  const matcher = base === '' ? /^/ : new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|$)`)
  return http.all(matcher, async ({ request, cookies }) => {
    const url = new URL(request.url)
    if (base !== '' && !`${url.origin}${url.pathname}`.startsWith(base)) return undefined
    const pathname = url.pathname.slice(prefix.length) || '/'
    if (!engine.matches(pathname)) return undefined
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => { headers[name] = value })
    headers[NAMESPACE_HEADER] ??= namespace
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
    // The jar's cookies beat MSW's (which may hold a CSRF token the login already rotated);
    // cookies the jar does not have (a Cookie header a Node test wrote) still count.
    const sent = jar && request.credentials !== 'omit' ? jar.read() : {}
    const response = await engine.handle({
      method: request.method,
      url: `${url.origin}${pathname}${url.search}`,
      headers,
      cookies: { ...cookies, ...sent },
      body: hasBody ? await request.text() : undefined,
    })
    jar?.store(response.cookies)
    if (response.delayMs) await delay(response.delayMs)
    // `reset`: a network error, as when the connection drops; `timeout`: no answer at all.
    if (response.fault === 'reset') return HttpResponse.error()
    if (response.fault === 'timeout') await delay('infinite')
    const out = new Headers(response.headers)
    for (const cookie of response.cookies) out.append('set-cookie', serializeCookie(cookie))
    const text = response.fault === 'malformed' ? malformedBody(response.body) : response.body
    const body = request.method === 'HEAD' ? null : text ?? null
    return new HttpResponse(body, { status: response.status, headers: out })
  })
}
