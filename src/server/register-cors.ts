import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { problemResponse } from '../core/errors.js'

/** Any http(s) origin on localhost, 127.0.0.1 or [::1], whatever the port: where a front-end dev server runs. */
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE'
/** Headers a browser app may read from an answer: the 401 challenge and a redirect's target. */
const EXPOSED = 'WWW-Authenticate, Location'

/**
 * CORS with credentials for browser apps served from another origin (a dev
 * server on another port): allowed origins get `Access-Control-Allow-Origin`
 * (their own origin, never `*`, as credentials require) and preflights are
 * answered 204 with the methods and the headers asked for. A request without
 * an Origin header (every non-browser client) costs one header lookup.
 *
 * Not for speed: measured on 2026-12-01 (`node bench/inject-compare.mjs`,
 * app.inject builds interleaved) against @fastify/cors 11.4 with the same
 * policy, the plugin cost 2-7% more CPU per request, inside the noise of an
 * identical build (6%). What it keeps is behaviour the plugin does not give:
 * a non-preflight OPTIONS answered by the engine (405 with Allow, or 404),
 * and a preflight without Access-Control-Request-Method answered as a
 * catalog problem (the plugin: 400 text/plain, or not found).
 *
 * An OPTIONS request that is not a preflight from an allowed origin goes to
 * `answer` (the engine), which knows the path: 405 with Allow on a known one
 * (RFC 9110 §9.3.7 lets a server refuse OPTIONS), 404 elsewhere. Returns the
 * origin check, which the control API reuses.
 *
 * @example registerCors(app, undefined, answer) // localhost origins
 */
export function registerCors(
  app: FastifyInstance,
  origins: readonly string[] | undefined,
  answer: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): (origin: string) => boolean {
  const allowed = (origin: string | undefined): origin is string =>
    origin !== undefined && (origins ? origins.includes(origin) : LOCAL_ORIGIN.test(origin))

  app.addHook('onRequest', (request, reply, done) => {
    // Answers differ by Origin, so caches must key on it, CORS request or not.
    reply.header('vary', 'Origin')
    const origin = request.headers.origin
    if (allowed(origin)) {
      reply.header('access-control-allow-origin', origin)
      reply.header('access-control-allow-credentials', 'true')
      reply.header('access-control-expose-headers', EXPOSED)
    }
    done()
  })

  app.options('/*', (request, reply) => {
    if (!allowed(request.headers.origin)) return answer(request, reply)
    if (!request.headers['access-control-request-method']) {
      const problem = problemResponse(400, 'ERR_BAD_REQUEST', { detail: 'an OPTIONS request from a browser origin must be a CORS preflight (Access-Control-Request-Method is missing)' })
      return reply.code(400).headers(problem.headers).send(problem.body)
    }
    const asked = request.headers['access-control-request-headers']
    reply.header('access-control-allow-methods', METHODS)
    if (asked) {
      reply.header('access-control-allow-headers', asked)
      reply.header('vary', 'Origin, Access-Control-Request-Headers')
    }
    return reply.code(204).send()
  })
  return allowed
}
