import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ControlResult, Controls, ScenarioRequest } from '../core/create-controls.js'
import { NAMESPACE_HEADER } from '../core/namespace-state.js'
import type { Engine } from '../core/create-engine.js'
import { journalToHar } from '../core/journal-to-har.js'
import { PACKAGE_ROOT } from '../spec/package-root.js'
import { CONTROL_PAGE } from './control-page.js'
import { createControlGuard, type ControlAccess } from './create-control-guard.js'
import { sendProblem } from './send-problem.js'

/**
 * The QA control API under /__mock/ (README, "Reproducing error cases"): the
 * same controls the MSW handlers expose, over HTTP. Anyone who can call it can
 * log every user out or make every login fail, so every route but the health
 * check is registered in one scope behind the control guard
 * (create-control-guard.ts: loopback unless `remoteControl`, the control
 * token, Origin, JSON-only writes), decided on the route Fastify matched.
 *
 * @example await registerControlRoutes(app, engine, {})
 */
export async function registerControlRoutes(root: FastifyInstance, engine: Engine, access: ControlAccess): Promise<void> {
  await root.register(async (app) => {
    app.addHook('onRequest', createControlGuard(access))
    routes(app, engine)
  })
}

/** The name a browser saves GET /__mock/requests.har as (Content-Disposition, RFC 6266). */
const HAR_FILENAME = 'authmock-requests.har'
/** HAR's log.creator: this package, as `authmock --version` reads it. */
const CREATOR = { name: 'authmock', version: (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version }

/**
 * The origin a HAR entry's URL gets when its request had no usable Host: the
 * address and port this connection reached (plain HTTP: listen.ts), never a
 * header's text.
 */
function localOrigin(request: FastifyRequest): string {
  const address = request.socket.localAddress ?? '127.0.0.1'
  const port = request.socket.localPort
  // https under --https: the HAR's URLs are what the browser asked for.
  return `${request.protocol}://${address.includes(':') ? `[${address}]` : address}${port ? `:${port}` : ''}`
}

function routes(app: FastifyInstance, engine: Engine): void {
  /** The controls of the namespace the request names (x-authmock-namespace; default "default"), or the problem that answered. */
  async function controlsOf(request: FastifyRequest, reply: FastifyReply): Promise<Controls | undefined> {
    const claimed = await engine.claim(request.headers[NAMESPACE_HEADER] as string | undefined)
    if (claimed.ok) return claimed.controls
    const { status, headers, body } = claimed.response
    await reply.code(status).header('content-type', headers['content-type']).send(body)
    return undefined
  }

  const answer = <T>(reply: FastifyReply, result: ControlResult<T>, status = 200, wrap: (value: T) => unknown = (v) => v) =>
    result.ok
      ? reply.code(status).send(wrap(result.value))
      : sendProblem(reply, 400, result.code, {}, { detail: result.message, ...(result.available === undefined ? {} : { available: result.available }) })

  /** The control API's JSON bodies (the app hands every body over as text). */
  function jsonBody(request: FastifyRequest): { ok: true; value: Record<string, unknown> } | { ok: false; detail: string } {
    const raw = typeof request.body === 'string' ? request.body : ''
    if (raw.trim() === '') return { ok: true, value: {} }
    try {
      const value: unknown = JSON.parse(raw)
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false, detail: 'the body must be a JSON object' }
    } catch (error) {
      return { ok: false, detail: `the body is not JSON (${(error as Error).message})` }
    }
  }

  app.get('/__mock/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(CONTROL_PAGE))
  // The page's address typed without its slash; a relative Location, so no Host is echoed.
  app.get('/__mock', async (_request, reply) => reply.redirect('/__mock/', 302))

  app.get('/__mock/scenarios', async (request, reply) => {
    const controls = await controlsOf(request, reply)
    return controls ? { catalog: controls.scenarios.catalog(), active: await controls.scenarios.list() } : reply
  })
  app.post('/__mock/scenarios', async (request, reply) => {
    const body = jsonBody(request)
    if (!body.ok) return sendProblem(reply, 400, 'ERR_SCENARIO_INVALID', { detail: body.detail })
    const controls = await controlsOf(request, reply)
    return controls ? answer(reply, await controls.scenarios.use(body.value as ScenarioRequest), 201, (armed) => ({ armed })) : reply
  })
  app.delete('/__mock/scenarios', async (request, reply) => {
    const { operation } = request.query as { operation?: string }
    const controls = await controlsOf(request, reply)
    return controls ? { cleared: await controls.scenarios.clear(operation) } : reply
  })

  app.get('/__mock/clock', async (request, reply) => {
    const controls = await controlsOf(request, reply)
    return controls ? { now: await controls.clock.now() } : reply
  })
  app.post('/__mock/clock', async (request, reply) => {
    const body = jsonBody(request)
    if (!body.ok) return sendProblem(reply, 400, 'ERR_CONTROL_INVALID', { detail: body.detail })
    const { advance, set } = body.value as { advance?: string | number; set?: string | number }
    if ((advance === undefined) === (set === undefined)) return sendProblem(reply, 400, 'ERR_CONTROL_INVALID', { detail: 'send {"advance": "25h"} or {"set": "2026-01-01T00:00:00Z"}' })
    const controls = await controlsOf(request, reply)
    if (!controls) return reply
    return answer(reply, advance !== undefined ? await controls.clock.advance(advance) : await controls.clock.set(set as string | number), 200, (now) => ({ now }))
  })

  app.post('/__mock/reset', async (request, reply) => {
    const controls = await controlsOf(request, reply)
    if (!controls) return reply
    return { reset: true, now: await controls.reset() }
  })

  /** The journal filter of ?operation=&limit=, shared by the JSON and the HAR view, or the problem that answered. */
  function journalFilter(request: FastifyRequest, reply: FastifyReply): { operation?: string; limit?: number } | undefined {
    const { operation, limit } = request.query as { operation?: string; limit?: string }
    const count = limit === undefined ? undefined : Number(limit)
    if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
      void sendProblem(reply, 400, 'ERR_CONTROL_INVALID', { detail: '"limit" must be a whole number' })
      return undefined
    }
    return { operation, limit: count }
  }

  app.get('/__mock/requests', async (request, reply) => {
    const filter = journalFilter(request, reply)
    if (!filter) return reply
    const controls = await controlsOf(request, reply)
    return controls ? { requests: await controls.requests(filter) } : reply
  })
  // The same journal, same namespace rule and filters, as a HAR 1.2 download (journal-to-har.ts).
  app.get('/__mock/requests.har', async (request, reply) => {
    const filter = journalFilter(request, reply)
    if (!filter) return reply
    const controls = await controlsOf(request, reply)
    if (!controls) return reply
    const har = journalToHar(await controls.requests(filter), { creator: CREATOR, origin: localOrigin(request), statusText: (status) => STATUS_CODES[status] ?? '' })
    // application/json: HAR has no registered media type, and JSON is what tools sniff and curl/jq read; the download is the attachment's name.
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${HAR_FILENAME}"`).header('cache-control', 'no-store').send(JSON.stringify(har, null, 2))
  })

  app.get('/__mock/sessions', async (request, reply) => {
    const controls = await controlsOf(request, reply)
    return controls ? { now: await controls.clock.now(), sessions: await controls.sessions() } : reply
  })
  app.post('/__mock/sessions/expire', async (request, reply) => {
    const controls = await controlsOf(request, reply)
    return controls ? { expired: await controls.expireAll() } : reply
  })
}
