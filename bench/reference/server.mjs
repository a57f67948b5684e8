// @ts-check
// The plain-Fastify reference: the same routes as `authmock serve` (all four
// APIs), the same documented JSON (static, serialised once), the same request
// body schemas (validated by Fastify's own Ajv), no plugins, no logger.
//
// It checks only what a hand-written static mock would: the body against its
// schema (documented 400), the presence of the credential a route needs
// (documented 401; any value passes), and a login's fields against the fixture
// accounts (documented rejection). It issues no tokens and keeps no state, so
// it is the floor of what serving these routes costs in Fastify.
//
// Usage: node bench/reference/server.mjs --port <n> [--routes <routes.json>]   (prints "listening on <url>")
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Fastify from 'fastify'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, routes: { type: 'string', default: join(here, 'routes.json') } },
})
const routes = JSON.parse(readFileSync(values.routes, 'utf8'))

/** A documented answer, serialised once at start. */
function prepared(answer) {
  if (!answer) return undefined
  return {
    status: answer.status,
    headers: { ...answer.headers, ...(answer.body === null ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
    payload: answer.body === null ? undefined : JSON.stringify(answer.body),
  }
}

function send(reply, answer) {
  return reply.code(answer.status).headers(answer.headers).send(answer.payload)
}

function cookieValue(header, name) {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

function presented(request, check) {
  const raw = check.in === 'cookie' ? cookieValue(request.headers.cookie, check.name)
    : check.in === 'query' ? request.query?.[check.name]
      : request.headers[check.name]
  if (typeof raw !== 'string' || raw === '') return false
  return check.prefix === '' || raw.toLowerCase().startsWith(check.prefix)
}

const app = Fastify({
  logger: false,
  // Validate like the spec says: no type coercion, no stripping of extra fields.
  ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
})

for (const route of routes) {
  const success = prepared(route.success)
  const invalid = prepared(route.invalid)
  const security = (route.security ?? []).map((check) => ({ ...check, answer: prepared(check.missing) }))
  const login = route.login && {
    fields: route.login.bodyFields,
    accounts: new Set(route.login.accounts),
    rejected: prepared(route.login.rejected),
  }
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodySchema ? { schema: { body: route.bodySchema } } : {}),
    config: { invalid },
    handler: async (request, reply) => {
      for (const check of security) {
        if (!presented(request, check) && check.answer) return send(reply, check.answer)
      }
      if (login) {
        const key = JSON.stringify(login.fields.map((f) => request.body?.[f]))
        if (!login.accounts.has(key) && login.rejected) return send(reply, login.rejected)
      }
      return send(reply, success)
    },
  })
}

// A body that fails its schema, or is not JSON: the route's documented 400.
app.setErrorHandler(async (error, request, reply) => {
  const invalid = /** @type {{ invalid?: unknown }} */ (request.routeOptions?.config)?.invalid
  const e = /** @type {import('fastify').FastifyError} */ (error)
  if (invalid && (e.validation || e.statusCode === 400)) return send(reply, invalid)
  return reply.code(e.statusCode ?? 500).send({ error: e.message })
})

const address = await app.listen({ port: Number(values.port), host: values.host })
process.stdout.write(`reference listening on ${address} (${routes.length} routes)\n`)
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => app.close().then(() => process.exit(0)))
