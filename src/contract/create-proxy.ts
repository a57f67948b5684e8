import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createRouter, type RouteMatch } from '../core/create-router.js'
import { problemResponse, type ErrorCode } from '../core/errors.js'
import { isSecretName } from '../core/is-secret-name.js'
import { createHostGuard } from '../server/check-host.js'
import { createControlGuard } from '../server/create-control-guard.js'
import { jsonLogOptions } from '../server/json-log-options.js'
import type { TlsMaterial } from '../server/tls-load-files.js'
import type { SpecModel } from '../model/spec-model.js'
import { checkRequest } from './check-request.js'
import { checkResponse } from './check-response.js'
import { compileResponseValidators } from './compile-response-validators.js'
import { createHttpClient, type HttpClientOptions } from './create-http-client.js'
import { createRedactor, type Redactor } from './create-redactor.js'
import { extractCredentials } from './extract-credentials.js'
import { formatViolation } from './format-pretty.js'
import { parseSetCookie } from './parse-set-cookie.js'
import { createSession } from './present-credentials.js'
import { proxyLogFields } from './proxy-log-fields.js'
import type { Violation } from './types.js'

export interface ProxyOptions extends HttpClientOptions {
  model: SpecModel
  /** The real server, e.g. https://staging.example.com (a path prefix is kept). */
  target: string
  /** Called with a line per exchange that departs from the documents, and a line per violation. */
  log?: ((line: string) => void) | undefined
  /**
   * `json`: `log` gets a JSON line from Fastify's logger (pino) per proxied exchange instead,
   * `{ level, time, msg: 'request', api, operationId, method, path, status, durationMs, violations, error }`,
   * and `app.log` writes such lines too. Default `pretty`: the text lines above.
   */
  logFormat?: 'pretty' | 'json' | undefined
  /** Violations kept for GET /__mock/violations (the oldest are dropped). */
  maxViolations?: number | undefined
  /** Who may read and clear /__mock/violations: the stub server's control rules (loopback unless remoteControl, the token). */
  remoteControl?: boolean | undefined
  controlToken?: string | undefined
  insecureRemoteControl?: boolean | undefined
  /** The Host names answered, as the stub server's (`--host`, `--allowed-host`). */
  host?: string | undefined
  allowedHosts?: string[] | undefined
  /**
   * Listen on HTTPS with this key and certificate (PEM), for a front end served over https (a page on https may not call
   * an http origin: mixed content). Unlike the stub server's, cookies are not touched: the target's pass as it set them.
   */
  tls?: TlsMaterial | undefined
}

/** The header that tells a client how many violations its exchange had. */
export const VIOLATIONS_HEADER = 'x-authmock-violations'

// Hop-by-hop headers belong to one connection and are never forwarded (RFC 9110 §7.6.1).
// Nor is Expect: Node has answered the client's 100-continue, and the proxy holds the whole
// body before it forwards (RFC 9110 §10.1.1); undici refuses to send the header.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect'])
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/**
 * A validating proxy (not listening; `listen` starts it): forwards every
 * request to the target unchanged, checks the request and the answer against
 * the spec, passes the answer back unchanged plus an `x-authmock-violations`
 * count, logs each violation, and serves the ones collected at
 * `GET /__mock/violations` (`DELETE` clears them). A target that does not
 * answer gets 502 (504 on timeout) as `application/problem+json`.
 *
 * @example
 * const proxy = await createProxy({ model, target: 'https://staging.example.com' })
 * await listen(proxy, { port: 4010 })
 */
export async function createProxy(options: ProxyOptions): Promise<FastifyInstance> {
  const target = new URL(options.target)
  const router = createRouter(options.model.apis.flatMap((api) => api.operations))
  const validators = compileResponseValidators(options.model)
  const client = createHttpClient(options)
  const max = options.maxViolations ?? 1000
  let collected: Violation[] = []
  let total = 0

  const log = options.log
  const json = options.logFormat === 'json' && log !== undefined
  const app = Fastify({
    // As the stub server's (build-app.ts): one redacted line per exchange, written by `report` below.
    ...jsonLogOptions(json ? log : undefined),
    bodyLimit: 10 * 1024 * 1024,
    // Fastify hands `https` to https.createServer, and listen() then answers an https:// URL.
    ...(options.tls && { https: { key: options.tls.key, cert: options.tls.cert } }),
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.addHook('onClose', async () => client.close())

  app.addHook('onRequest', createHostGuard({ bindHost: options.host, allowedHosts: options.allowedHosts }))
  // The violations show what the proxy saw: the same rules as the stub server's control API.
  await app.register(async (scope) => {
    scope.addHook('onRequest', createControlGuard({ remoteControl: options.remoteControl, controlToken: options.controlToken, insecureRemoteControl: options.insecureRemoteControl }))
    scope.get('/__mock/violations', async () => ({ count: total, violations: collected }))
    scope.delete('/__mock/violations', async (_request, reply) => {
      collected = []
      total = 0
      return reply.code(204).send()
    })
  })

  app.route({
    method: [...METHODS],
    url: '/*',
    handler: async (request, reply) => {
      const url = new URL(request.url, 'http://proxy.invalid')
      const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value
      }
      const redactor = createRedactor()
      rememberRequestSecrets(redactor, headers, body)
      const match = router.match(request.method, url.pathname)
      const violations = checkRequest(match, { method: request.method, url, headers, body: body?.toString('utf8') })

      const forward = new URL(target.href)
      forward.pathname = target.pathname.replace(/\/+$/, '') + url.pathname
      forward.search = url.search
      const result = await client.send({ method: request.method, url: forward.href, headers, body, redirect: 'manual' })
      if (!result.ok) {
        const status = result.failure.code === 'ERR_TARGET_TIMEOUT' ? 504 : 502
        keep(violations, redactor)
        report(request, reply, url.pathname, status, match, violations, result.failure)
        const problem = problemResponse(status, 'ERR_PROXY_UPSTREAM', { method: request.method, path: url.pathname, detail: result.failure.message })
        return reply.code(status).headers({ ...problem.headers, [VIOLATIONS_HEADER]: String(violations.length) }).send(problem.body)
      }

      const response = result.response
      if (match.kind === 'operation') {
        const op = match.operation
        for (const header of response.setCookies) redactor.add(parseSetCookie(header).value)
        const checked = checkResponse(op, response, {
          case: 'response',
          // The session cookie's attributes are declared on the success recipe: check them when that is the answer.
          cookies: response.status === op.respond.status ? op.respond.cookies : undefined,
          hasBody: request.method !== 'HEAD',
        }, validators)
        for (const found of extractCredentials(op.respond, checked.json, response.setCookies, createSession())) redactor.add(found.value)
        violations.push(...checked.violations)
      }
      keep(violations, redactor)
      const sent = passThrough(reply, response.status, response.rawHeaders, response.raw, violations.length)
      report(request, reply, url.pathname, response.status, match, violations)
      return sent
    },
  })

  /** Redacts violations in place and stores them (bounded). */
  function keep(violations: Violation[], redactor: Redactor): void {
    for (const [index, violation] of violations.entries()) {
      const clean = redactor.violation(violation)
      violations[index] = clean
      collected.push(clean)
      total++
    }
    if (collected.length > max) collected = collected.slice(collected.length - max)
  }

  /**
   * Logs an exchange whose violations `keep` redacted: in JSON one line each,
   * departing or not (a log store counts the clean ones too); in text a line
   * per exchange that departs or failed, then one per violation.
   */
  function report(request: FastifyRequest, reply: FastifyReply, pathname: string, status: number, match: RouteMatch, violations: Violation[], failure?: { code: ErrorCode; message: string }): void {
    if (json) {
      app.log.info(proxyLogFields(request, status, reply.elapsedTime, match, violations, failure?.code), 'request')
      return
    }
    if (failure) options.log?.(`${request.method} ${pathname} -> ${status}: ${failure.message}`)
    else if (violations.length > 0) options.log?.(`${request.method} ${pathname} -> ${status}: ${violations.length} violation(s)`)
    for (const violation of violations) options.log?.(`  ${formatViolation(violation)}`)
  }

  return app
}

function rememberRequestSecrets(redactor: Redactor, headers: Record<string, string>, body: Buffer | undefined): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'cookie') for (const pair of value.split(';')) redactor.add(pair.slice(pair.indexOf('=') + 1).trim())
    else if (isSecretName(name)) {
      redactor.add(value)
      redactor.add(value.split(/\s+/).pop())
    }
  }
  if (!body) return
  const text = body.toString('utf8')
  try {
    const value = JSON.parse(text) as unknown
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) if (isSecretName(key) && typeof item === 'string') redactor.add(item)
    }
  } catch {
    for (const [key, item] of new URLSearchParams(text)) if (isSecretName(key)) redactor.add(item)
  }
}

/**
 * The target's answer as it came: status, headers (less hop-by-hop ones) and
 * body bytes, written straight to the socket so the framework adds nothing
 * (Fastify would label a bare buffer application/octet-stream).
 */
function passThrough(reply: FastifyReply, status: number, rawHeaders: string[], raw: Buffer, count: number): FastifyReply {
  const headers = new Map<string, string[]>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase()
    if (HOP_BY_HOP.has(name) && name !== 'content-length') continue
    headers.set(name, [...(headers.get(name) ?? []), rawHeaders[i + 1] as string])
  }
  reply.hijack()
  const res = reply.raw
  res.statusCode = status
  for (const [name, values] of headers) res.setHeader(name, values.length === 1 ? (values[0] as string) : values)
  res.setHeader(VIOLATIONS_HEADER, String(count))
  res.end(raw)
  return reply
}
