import cookie from '@fastify/cookie'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createEngine, type Engine, type EngineOptions } from '../core/create-engine.js'
import { problemResponse } from '../core/errors.js'
import type { OptionOf } from '../core/option-table.js'
import { pickOptions, resolveOptions } from '../core/resolve-options.js'
import { malformedBody } from '../core/malformed-body.js'
import { redactUrl } from '../core/redact.js'
import { requestLogFields } from './request-log-fields.js'
import { serializeCookie } from '../core/serialize-cookie.js'
import { checkOptionsAgainstModel } from '../config/check-options-against-model.js'
import { createHostGuard } from './check-host.js'
import { jsonLogOptions } from './json-log-options.js'
import { registerControlRoutes } from './register-control-routes.js'
import { registerDocsRoutes } from './register-docs-routes.js'
import { registerCors } from './register-cors.js'
import type { Socket } from 'node:net'
import type { StubResponse } from '../core/types.js'
import type { ApiSource, BuildOptions } from '../model/assemble-model.js'
import type { SourceOptions } from '../spec/load-sources.js'
import { loadModel } from '../spec/load-model.js'

export interface AppOptions extends EngineOptions, SourceOptions, BuildOptions {
  /** Specs and fixtures already in memory; otherwise read from specDir / fixturesDir. */
  sources?: ApiSource[]
  /** An engine to serve (shares its state); otherwise one is built from the sources. */
  engine?: Engine
  /**
   * Origins allowed to call with credentials (CORS). Default: any http(s)
   * origin on localhost, 127.0.0.1 or [::1], whatever the port, which is where
   * a front-end dev server runs.
   */
  corsOrigins?: string[]
  /** Called once per answered request with a short line, e.g. "POST /authToken 200 1.3ms". */
  log?: (line: string) => void
  /**
   * `json`: each line given to `log` is a JSON line from Fastify's logger (pino), per request
   * `{ level, time, msg: 'request', api, operationId, method, path, status, durationMs, fault, delayMs, namespace }`,
   * and `app.log` writes such lines too. Default `pretty`: the short text line.
   */
  logFormat?: 'pretty' | 'json'
  /** Answer the /__mock/ control API from any address, not only loopback. Needs `controlToken` unless `insecureRemoteControl`. */
  remoteControl?: boolean
  /** When set, every control call needs `Authorization: Bearer <token>`, from any address. */
  controlToken?: string
  /** Allow `remoteControl` without a token: anyone who reaches the port drives the mock. */
  insecureRemoteControl?: boolean
  /** The address the server will bind; a host name here is answered in Host. */
  host?: string
  /** More Host names to answer (DNS-rebinding guard): exact, ".domain" for subdomains, "*" for any. */
  allowedHosts?: string[]
  /** Longest a client may take to send a whole request (ms, default 30 s: OPTION_TABLE.requestTimeoutMs); then its connection is dropped. */
  requestTimeoutMs?: number
  /** Serve HTTPS with this key and certificate (PEM); cookies then carry Secure. `authmock serve --https` makes them (tls-local-certificate.ts). */
  tls?: { key: string | Buffer; cert: string | Buffer }
}

/** How long a `timeout` fault holds a connection before dropping it (ms): long past any client's timeout, short of a leak. */
const HOLD_MS = 300_000

// AppOptions and the option table's rows for buildApp name the same options: tsc fails here when one is added without the other.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _everyOptionInTheTable: SameKeys<keyof AppOptions, OptionOf<'buildApp'>> = true

declare module 'fastify' {
  interface FastifyInstance {
    /** The engine answering every API route. */
    authmock: Engine
  }
}

const NO_COOKIES: Readonly<Record<string, string>> = Object.freeze({})
/** Every method the engine answers: it knows the paths, so TRACE on a known path gets 405 + Allow, not 404. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE'] as const

/**
 * Builds the stub server without listening (tests use `app.inject`). Every API
 * route goes to the engine through one catch-all route, so the server and the
 * MSW handlers route, validate and answer with the same code.
 *
 * @example
 * const app = await buildApp({ apis: ['nwapp'], seed: 1 })
 * const res = await app.inject({ method: 'GET', url: '/api/v1/public/profile' }) // 401
 */
export async function buildApp(given: AppOptions = {}): Promise<FastifyInstance> {
  // A misspelt or ill-typed option stops here, naming it; the defaults come from the option table.
  const options = resolveOptions('buildApp', given)
  const { maxBodyBytes, requestTimeoutMs } = options
  const model = options.engine ? undefined
    : options.sources ? (await import('../model/build-model.js')).buildModel(options.sources, options)
    : await loadModel(options)
  // The engine gets only its own options: it refuses the server's (host, log...) as unknown.
  const engine = options.engine ?? createEngine(model as NonNullable<typeof model>, pickOptions('createEngine', options))
  checkOptionsAgainstModel(engine.model, options)
  // Node checks the timeouts every connectionsCheckingInterval (30 s by default): often enough to honour short ones.
  const timeouts = { headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) }
  const log = options.log
  const json = options.logFormat === 'json' && log !== undefined
  const common = {
    ...jsonLogOptions(json ? log : undefined),
    bodyLimit: maxBodyBytes,
    // Shutdown must not wait on held (fault=timeout), delayed or stalled connections: close drops them all.
    forceCloseConnections: true,
    requestTimeout: requestTimeoutMs,
    // Errors Fastify raises before routing (a URL with broken percent-encoding) answer like ours.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      send(reply, problemResponse(400, 'ERR_BAD_REQUEST', { detail: error.message }), false)
    },
  }
  // Fastify hands `https` to https.createServer and ignores `http` then: the timeouts go in with the key and certificate.
  // An https.Server is an http.Server to every route and hook here, so the instance is typed as the plain one.
  const app = options.tls
    ? Fastify({ ...common, https: { ...timeouts, key: options.tls.key, cert: options.tls.cert } }) as unknown as FastifyInstance
    : Fastify({ ...common, http: timeouts })
  app.decorate('authmock', engine)
  // Set first: a route takes the error handler in force when its plugin level finishes loading (the CORS OPTIONS route among them).
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // A Content-Type Fastify cannot match (an empty one): the engine decides, as it does in MSW (415 naming the operation, or 404/405).
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const body = await readBody(request.raw, maxBodyBytes)
      if (body === undefined) return send(reply, problemResponse(413, 'ERR_BODY_TOO_LARGE', { limit: maxBodyBytes }), false)
      return answerRequest(request, reply, body)
    }
    const status = error.statusCode ?? 500
    if (status === 413) return send(reply, problemResponse(413, 'ERR_BODY_TOO_LARGE', { limit: maxBodyBytes }), false)
    if (status >= 400 && status < 500) return send(reply, problemResponse(status, 'ERR_BAD_REQUEST', { detail: error.message }), false)
    return send(reply, problemResponse(500, 'ERR_INTERNAL', { detail: error.message }), false)
  })
  // First of all hooks: nothing is read, journalled or built from a Host that is not the server's own.
  app.addHook('onRequest', createHostGuard({ bindHost: options.host, allowedHosts: options.allowedHosts }))

  // Cookies are parsed in the handler, only when a request has any: no per-request hook for the many that do not.
  await app.register(cookie, { hook: false })
  const allowedOrigin = registerCors(app, options.corsOrigins, (request, reply) => answerRequest(request, reply))

  // The engine parses bodies itself (so MSW gets the same 400s and 415s): hand it the raw text.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  // The engine's answer to each API request, for its log line (which operation answered, any fault).
  const answers = new WeakMap<FastifyRequest, StubResponse>()
  if (json) {
    app.addHook('onResponse', async (request, reply) => {
      app.log.info(requestLogFields(engine.model, request, reply.statusCode, reply.elapsedTime, answers.get(request)), 'request')
    })
  } else if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${redactUrl(request.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
    })
  }

  // Browsers ask every origin for one; answering keeps it out of the request journal's 404s.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send())

  app.get('/__mock/health', async () => ({
    status: 'ok',
    apis: engine.model.apis.map((api) => ({
      name: api.name,
      title: api.title,
      operations: api.operations.map((op) => ({ operationId: op.operationId, method: op.method, path: op.path, ...(op.pending ? { pending: op.pending } : {}) })),
    })),
  }))

  await registerControlRoutes(app, engine, { remoteControl: options.remoteControl, controlToken: options.controlToken, insecureRemoteControl: options.insecureRemoteControl, allowedOrigin })
  await registerDocsRoutes(app, engine, { sources: options.sources, specDir: options.specDir, fixturesDir: options.fixturesDir })

  // Connections a `timeout` fault is holding: dropped when the app closes, so close() never waits on them.
  const held = new Set<Socket>()
  app.addHook('onClose', async () => {
    for (const socket of held) socket.destroy()
  })

  async function answerRequest(request: FastifyRequest, reply: FastifyReply, body = request.body): Promise<FastifyReply> {
    // Node already joins repeated request headers into one string (RFC 9110 §5.3; Cookie with "; "),
    // so the headers object is handed over as it is, not copied per request.
    const response = await engine.handle({
      method: request.method,
      url: `${request.protocol}://${request.host}${originForm(request.url)}`,
      headers: request.headers as Record<string, string | undefined>,
      cookies: request.headers.cookie ? app.parseCookie(request.headers.cookie) : NO_COOKIES,
      body: typeof body === 'string' ? body : undefined,
    })
    if (json) answers.set(request, response)
    if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs))
    if (response.fault === 'reset' || response.fault === 'timeout') {
      // Take the socket from Fastify: no answer is sent on it.
      reply.hijack()
      const socket = request.raw.socket
      if (response.fault === 'reset') socket.destroy()
      else {
        held.add(socket)
        const timer = setTimeout(() => socket.destroy(), HOLD_MS)
        socket.once('close', () => { clearTimeout(timer); held.delete(socket) })
      }
      return reply
    }
    if (response.fault === 'malformed') response.body = malformedBody(response.body)
    return send(reply, response, request.method === 'HEAD')
  }
  app.route({ method: [...METHODS], url: '/*', handler: (request, reply) => answerRequest(request, reply) })

  app.setNotFoundHandler(async (request, reply) =>
    send(reply, problemResponse(404, 'ERR_NO_ROUTE', { method: request.method, path: request.url.split('?')[0] }), false))

  return app
}

/**
 * The path and query of a request target. Node hands an absolute-form target
 * (`POST http://host/path HTTP/1.1`, RFC 9112 §3.2.2) over as it came; the
 * engine builds its URL from the checked Host plus the path, never from
 * the target's own authority.
 */
function originForm(target: string): string {
  if (target.charCodeAt(0) === 47) return target
  try {
    const url = new URL(target)
    return `${url.pathname}${url.search}`
  } catch {
    return '/'
  }
}

/** A body Fastify left unread (it stops at a Content-Type it cannot parse), as text; undefined past the limit. */
async function readBody(stream: AsyncIterable<Buffer>, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(reply: FastifyReply, response: StubResponse, headOnly: boolean): FastifyReply {
  reply.code(response.status)
  for (const name in response.headers) reply.header(name, response.headers[name])
  if (response.cookies.length > 0) reply.header('set-cookie', response.cookies.map(serializeCookie))
  return reply.send(headOnly ? undefined : response.body)
}
