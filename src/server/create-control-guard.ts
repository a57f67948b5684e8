import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest, onRequestHookHandler } from 'fastify'
import { AuthmockError, problemResponse, type ErrorCode } from '../core/errors.js'
import { isJsonType, mediaType } from '../core/media-type.js'

export interface ControlAccess {
  /** Answer control calls from any address, not only loopback. */
  remoteControl?: boolean
  /** When set, every control call needs `Authorization: Bearer <token>`, from any address. */
  controlToken?: string
  /** Remote control without a token (implies `remoteControl`); without this, remote control with no token is refused at start. */
  insecureRemoteControl?: boolean
  /** Browser origins other than the server's own that may drive the control API (the CORS list). */
  allowedOrigin?: (origin: string) => boolean
}

/** Exactly the addresses the server binds by default: 127.0.0.1, ::1 and its IPv4-mapped form. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** The control page's routes (matched route, not raw URL). */
const PAGES = new Set(['/__mock/', '/__mock'])

/**
 * The rules every control route (`/__mock/...`) is answered under, as a
 * route-level onRequest hook: it runs for the routes it is registered on, so
 * the decision follows the route Fastify matched after decoding the path
 * (`/%5F_mock/reset`, an absolute-form target), never the raw URL text.
 *
 * 1. Address: loopback only, unless `remoteControl`.
 * 2. Token: with `controlToken`, `Authorization: Bearer <token>` from every address.
 * 3. Origin: a browser call (it carries Origin) must come from the server's
 *    own origin or an allowed one; any other web page is refused, whatever
 *    its request looks like (CSRF).
 * 4. Writes with a body must be `application/json`: the content types a
 *    cross-origin form or `fetch` may send without a preflight (text/plain,
 *    form-encoded, multipart) are refused, so a page cannot smuggle one.
 *
 * Throws ERR_CONFIG_INVALID for remote control without a token unless
 * `insecureRemoteControl` says so: every surface that builds a guard (the
 * server, the proxy) refuses to start the same way.
 *
 * @example app.register(async (scope) => { scope.addHook('onRequest', createControlGuard({})) })
 */
export function createControlGuard(options: ControlAccess): onRequestHookHandler {
  const access = { ...options, remoteControl: options.remoteControl || options.insecureRemoteControl }
  if (access.remoteControl && access.controlToken === undefined && !access.insecureRemoteControl) {
    throw new AuthmockError('ERR_CONFIG_INVALID', {
      detail: 'remote control needs a control token: add --control-token <secret> (or AUTHMOCK_CONTROL_TOKEN), or --insecure-remote-control to let anyone who reaches the port drive the mock',
    })
  }
  // Hashed once, compared in constant time: a token is never compared byte by byte as typed.
  const expected = access.controlToken === undefined ? undefined : digest(access.controlToken)
  return (request, reply, done) => {
    const refusal = refuse(request, access, expected)
    if (refusal === undefined) {
      done()
      return
    }
    // Answered here: Fastify stops the request when a callback hook sends without calling done().
    const response = problemResponse(refusal.status, refusal.code, refusal.params)
    if (refusal.status === 401) reply.header('www-authenticate', 'Bearer realm="authmock control"')
    reply.code(refusal.status).header('content-type', response.headers['content-type']).send(response.body)
  }
}

interface Refusal { status: number; code: ErrorCode; params: Record<string, unknown> }

function refuse(request: FastifyRequest, access: ControlAccess, expected: Buffer | undefined): Refusal | undefined {
  const address = request.socket.remoteAddress ?? 'unknown'
  if (!access.remoteControl && !LOOPBACK.has(address)) return { status: 403, code: 'ERR_CONTROL_FORBIDDEN', params: { address } }
  // The page itself holds no state and must load to ask for the token; every call it makes carries it.
  if (expected !== undefined && !PAGES.has(request.routeOptions.url ?? '') && !presentsToken(request.headers.authorization, expected)) {
    return { status: 401, code: 'ERR_CONTROL_UNAUTHORIZED', params: {} }
  }
  const origin = request.headers.origin
  if (origin !== undefined && !sameOrigin(origin, request) && !(access.allowedOrigin?.(origin) ?? false)) {
    return { status: 403, code: 'ERR_CONTROL_ORIGIN', params: { origin: JSON.stringify(origin.slice(0, 200)) } }
  }
  // Any type but the three a page may send cross-origin without a preflight would do; JSON is what the API reads.
  if (WRITES.has(request.method) && hasBody(request) && !isJsonType(mediaType(request.headers['content-type']))) {
    return { status: 415, code: 'ERR_CONTROL_CONTENT_TYPE', params: {} }
  }
  return undefined
}

function presentsToken(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return false
  return timingSafeEqual(digest(header.slice(7).trim()), expected)
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** The control page calls from the server's own origin: same scheme-less host and port as Host. */
function sameOrigin(origin: string, request: FastifyRequest): boolean {
  const host = request.headers.host
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
}
