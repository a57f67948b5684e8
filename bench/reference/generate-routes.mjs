// @ts-check
// Writes bench/reference/routes.json: every operation of spec/*.yaml as a
// static route for the plain-Fastify reference server (bench/reference/server.mjs).
//
// Per route: the success example (status, body, static headers), the request
// body's JSON schema (dereferenced), the documented 400 for a schema failure,
// the documented 401 for a missing credential, and, for login operations, the
// fixture credentials to compare with. Templates ("{...}") are not applied: the
// reference answers the documented JSON as written, so it is the floor of what
// serving these routes costs in Fastify.
//
// Run: node bench/reference/generate-routes.mjs   (bench/run.mjs runs it each time)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const here = dirname(fileURLToPath(import.meta.url))
const defaultRoot = join(here, '..', '..')
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete']
// Annotations the validator does not need; dropped so Fastify's Ajv (strict) accepts the schema.
const ANNOTATIONS = new Set(['description', 'summary', 'example', 'examples', 'title', 'deprecated', 'readOnly', 'writeOnly'])

function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported here: ${ref}`)
  return ref.slice(2).split('/').reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
}

/** Inlines every local $ref (the specs have no recursive schemas). */
function deref(doc, node, seen = []) {
  if (Array.isArray(node)) return node.map((n) => deref(doc, n, seen))
  if (node === null || typeof node !== 'object') return node
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref)) throw new Error(`recursive $ref ${node.$ref}`)
    const { $ref, ...rest } = node
    return { ...deref(doc, resolvePointer(doc, $ref), [...seen, $ref]), ...deref(doc, rest, seen) }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(doc, v, seen)]))
}

function stripAnnotations(schema) {
  if (Array.isArray(schema)) return schema.map(stripAnnotations)
  if (schema === null || typeof schema !== 'object') return schema
  const out = {}
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue
    // `properties` holds names, not keywords: keep a property called "description".
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripAnnotations(v)])) : stripAnnotations(value)
  }
  return out
}

/** The named example among the operation's responses: { status, body }. */
function findExample(responses, name, status) {
  for (const [code, response] of Object.entries(responses ?? {})) {
    if (status !== undefined && Number(code) !== status) continue
    const value = response?.content?.['application/json']?.examples?.[name]?.value
    if (value !== undefined) return { status: Number(code), body: value }
  }
  return undefined
}

/** Headers whose values are literals (templates are live values the reference does not compute). */
function staticHeaders(headers = {}) {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => typeof v === 'string' && !v.includes('{')).map(([k, v]) => [k.toLowerCase(), v]))
}

function recipeAnswer(responses, recipe) {
  if (!recipe?.example) return undefined
  const found = findExample(responses, recipe.example, recipe.status)
  return found && { ...found, headers: staticHeaders(recipe.headers) }
}

/** Where a security scheme's credential is presented, and its 401 answer. */
function schemeCheck(scheme, responses) {
  const x = scheme['x-authmock'] ?? {}
  if (x.csrf) return { in: 'header', name: scheme.name.toLowerCase(), prefix: '', missing: recipeAnswer(responses, x.failures?.missing) }
  const where = scheme.type === 'http'
    ? { in: 'header', name: 'authorization', prefix: 'bearer ' }
    : { in: scheme.in, name: scheme.in === 'header' ? scheme.name.toLowerCase() : scheme.name, prefix: (x.prefix ?? '').toLowerCase() }
  return { ...where, missing: recipeAnswer(responses, x.failures?.missing) }
}

function templateField(template) {
  const m = /^\{body\.([\w-]+)\}$/.exec(template ?? '')
  return m?.[1]
}

/** Routes of every spec in <root>/spec with fixtures from <root>/fixtures. */
export function generateRoutes(root = defaultRoot) {
  const routes = []
  for (const file of readdirSync(join(root, 'spec')).filter((f) => f.endsWith('.yaml')).sort()) {
    const name = file.replace(/\.yaml$/, '')
    const doc = parse(readFileSync(join(root, 'spec', file), 'utf8'))
    const fixtures = JSON.parse(readFileSync(join(root, 'fixtures', `${name}.json`), 'utf8'))
    const rootX = doc['x-authmock'] ?? {}
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method]
        if (!op) continue
        const x = op['x-authmock'] ?? {}
        const responses = deref(doc, op.responses ?? {})
        const respond = x.respond ?? { example: 'success' }
        const success = recipeAnswer(responses, respond) ?? (() => {
          const [code, response] = Object.entries(responses).find(([c]) => /^2/.test(c)) ?? []
          const value = Object.values(response?.content?.['application/json']?.examples ?? {})[0]?.value
          return code ? { status: Number(code), body: value ?? null, headers: {} } : { status: 204, body: null, headers: {} }
        })()
        const jsonBody = op.requestBody && deref(doc, op.requestBody).content?.['application/json']?.schema
        const security = op.security ?? doc.security ?? []
        const optional = security.length === 0 || security.some((r) => Object.keys(r).length === 0)
        const schemes = optional ? [] : Object.keys(security[0]).map((s) => schemeCheck(doc.components.securitySchemes[s], responses))
        /** @type {Record<string, any>} */
        const route = {
          api: name,
          operationId: op.operationId,
          method: method.toUpperCase(),
          url: path.replace(/\{([^}]+)\}/g, ':$1'),
          success,
          ...(jsonBody ? { bodySchema: stripAnnotations(deref(doc, jsonBody)) } : {}),
          ...(schemes.length ? { security: schemes } : {}),
        }
        const invalid = recipeAnswer(responses, x.validationError ?? rootX.validationError)
        if (invalid) route.invalid = invalid
        if (x.action === 'login' && x.match) {
          const pairs = Object.entries(x.match).map(([field, template]) => /** @type {[string, string | undefined]} */ ([field, templateField(template)]))
          if (pairs.every(([, body]) => body)) {
            route.login = {
              bodyFields: pairs.map(([, body]) => body),
              accounts: fixtures.accounts.map((a) => JSON.stringify(pairs.map(([field]) => a[field]))),
              rejected: recipeAnswer(responses, x.rejected),
            }
          }
        }
        routes.push(route)
      }
    }
  }
  return routes
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const routes = generateRoutes()
  writeFileSync(join(here, 'routes.json'), `${JSON.stringify(routes, null, 2)}\n`)
  console.log(`bench/reference/routes.json: ${routes.length} routes`)
}
