/**
 * The spec documents themselves: every spec/*.yaml is valid OpenAPI 3.1, every
 * documented example validates against the schema it is documented under, the
 * x-authmock recipes name examples that exist, operationIds are unique across
 * all APIs, and the fixtures fit the schemas that serve them.
 *
 * Nothing here loads the engine: a broken spec fails these tests on its own.
 */
import t from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject } from 'ajv'
import addFormats from 'ajv-formats'
import { Validator } from '@seriousme/openapi-schema-validator'
import { API_NAMES } from './helpers.js'

type Obj = Record<string, unknown>

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const specDir = join(root, 'spec')
const fixtureDir = join(root, 'fixtures')

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/
const CAMEL = /^[a-z][a-zA-Z0-9]*$/

/** Fixture collections and the component schema each of their items must satisfy. */
const COLLECTION_SCHEMAS: Record<string, Record<string, string>> = {
  'whippy-ware': { stocks: 'Stock', stockLocations: 'StockLocation' },
  unicommerce: { products: 'Product' },
}
/** Fixture account profiles served whole (via `fill`) and the schema they must satisfy. */
const PROFILE_SCHEMAS: Record<string, string> = { 'akinon-commerce': 'User', nwapp: 'Profile' }

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function asObj(value: unknown): Obj {
  return isObj(value) ? value : {}
}

/** Resolves a local JSON pointer ("#/components/schemas/X") inside `doc`. */
function lookup(doc: Obj, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let node: unknown = doc
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isObj(node) || !Object.hasOwn(node, key)) throw new Error(`$ref ${ref} does not resolve`)
    node = node[key]
  }
  return node
}

/** A copy of `node` with every local $ref replaced by its target (cycles refused). */
function deref(doc: Obj, node: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => deref(doc, item, seen))
  if (!isObj(node)) return node
  const ref = node.$ref
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`$ref cycle: ${[...seen, ref].join(' -> ')}`)
    return deref(doc, lookup(doc, ref), [...seen, ref])
  }
  const out: Obj = {}
  for (const [key, value] of Object.entries(node)) out[key] = deref(doc, value, seen)
  return out
}

interface OperationEntry {
  operationId: string
  method: string
  path: string
  /** Dereferenced operation object. */
  op: Obj
  /** Dereferenced parameters, path-level ones included. */
  parameters: Obj[]
}

function operationsOf(doc: Obj): OperationEntry[] {
  const out: OperationEntry[] = []
  for (const [path, rawItem] of Object.entries(asObj(doc.paths))) {
    const item = asObj(deref(doc, rawItem))
    for (const method of METHODS) {
      const op = item[method]
      if (!isObj(op)) continue
      const parameters = [...asArray(item.parameters), ...asArray(op.parameters)].filter(isObj)
      out.push({ operationId: String(op.operationId ?? `${method.toUpperCase()} ${path}`), method, path, op, parameters })
    }
  }
  return out
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`).join('; ')
}

/** Every named example of a media type object: [name, value]. */
function namedExamples(media: Obj): Array<[string, unknown]> {
  return Object.entries(asObj(media.examples)).map(([name, example]) => [name, asObj(example).value])
}

const specFiles = readdirSync(specDir).filter((f) => f.endsWith('.yaml')).sort()
const documents = new Map<string, Obj>()
for (const file of specFiles) documents.set(file.replace(/\.yaml$/, ''), asObj(parse(readFileSync(join(specDir, file), 'utf8'))))

t.test('every spec file is named after the API it declares', async (t) => {
  t.same([...documents.keys()].sort(), [...API_NAMES].sort(), 'spec/<name>.yaml declares x-authmock.name <name>')
  t.ok(API_NAMES.length >= 4, `${API_NAMES.length} APIs`)
})

for (const [stem, doc] of documents) {
  t.test(`spec/${stem}.yaml`, async (t) => {
    const ajv = newAjv()

    t.test('is a valid OpenAPI 3.1 document', async (t) => {
      t.match(String(doc.openapi), /^3\.1\./, 'openapi is 3.1.x')
      const result = await new Validator().validate(structuredClone(doc))
      const errors = typeof result.errors === 'string' ? result.errors : JSON.stringify(result.errors ?? [], null, 2)
      t.ok(result.valid, result.valid ? 'valid OpenAPI 3.1' : `invalid OpenAPI 3.1:\n${errors}`)
      t.equal(asObj(doc['x-authmock']).name, stem, 'x-authmock.name is the file stem')
      t.ok(typeof asObj(doc.info).description === 'string', 'info.description cites the source document')
      t.ok(asArray(doc.servers).some((s) => asObj(s).url === 'http://127.0.0.1:4010'), 'servers lists http://127.0.0.1:4010')
    })

    const operations = operationsOf(doc)

    t.test('every operation is named, summarised and described', async (t) => {
      t.ok(operations.length > 0, 'has operations')
      for (const { operationId, op, method, path } of operations) {
        t.match(operationId, CAMEL, `${method.toUpperCase()} ${path}: operationId ${operationId} is camelCase`)
        t.ok(typeof op.summary === 'string' && op.summary.length > 0, `${operationId} has a summary`)
        t.ok(typeof op.description === 'string' && op.description.length > 0, `${operationId} has a description`)
      }
    })

    t.test('response examples validate against their media schema', async (t) => {
      for (const { operationId, op } of operations) {
        for (const [status, rawResponse] of Object.entries(asObj(op.responses))) {
          const response = asObj(rawResponse)
          if (status === '401') {
            const header = asObj(asObj(response.headers)['WWW-Authenticate'])
            t.equal(header.required, true, `${operationId} ${status} declares a required WWW-Authenticate header`)
          }
          for (const [mediaType, rawMedia] of Object.entries(asObj(response.content))) {
            const media = asObj(rawMedia)
            const examples = namedExamples(media)
            t.ok(examples.length > 0, `${operationId} ${status} ${mediaType} has named examples`)
            t.ok(isObj(media.schema), `${operationId} ${status} ${mediaType} has a schema`)
            const validate = ajv.compile(asObj(media.schema))
            for (const [name, value] of examples) {
              t.match(name, KEBAB, `${operationId} ${status} example ${name} is kebab-case`)
              const valid = validate(value)
              t.ok(valid, `${operationId} ${status} example "${name}" validates against its schema` +
                (valid ? '' : `: ${describeErrors(validate.errors)}`))
            }
          }
        }
      }
    })

    t.test('request examples validate against their schema', async (t) => {
      for (const { operationId, op, parameters } of operations) {
        const body = asObj(op.requestBody)
        for (const [mediaType, rawMedia] of Object.entries(asObj(body.content))) {
          const media = asObj(rawMedia)
          t.ok(isObj(media.schema), `${operationId} request ${mediaType} has a schema`)
          const validate = ajv.compile(asObj(media.schema))
          for (const [name, value] of namedExamples(media)) {
            const valid = validate(value)
            t.ok(valid, `${operationId} request ${mediaType} example "${name}" validates against its schema` +
              (valid ? '' : `: ${describeErrors(validate.errors)}`))
          }
        }
        if (isObj(body.content)) {
          t.ok(isObj(body.content['application/json']), `${operationId} accepts application/json`)
          t.ok(isObj(body.content['application/x-www-form-urlencoded']), `${operationId} accepts application/x-www-form-urlencoded`)
        }
        for (const parameter of parameters) {
          if (parameter.example === undefined) continue
          const validate = ajv.compile(asObj(parameter.schema))
          const valid = validate(parameter.example)
          t.ok(valid, `${operationId} parameter ${String(parameter.name)} example validates` +
            (valid ? '' : `: ${describeErrors(validate.errors)}`))
        }
      }
    })

    t.test('x-authmock recipes name examples the operation documents', async (t) => {
      const rootExt = asObj(doc['x-authmock'])
      const schemes = asObj(asObj(asObj(doc.components).securitySchemes))
      for (const { operationId, op, parameters } of operations) {
        const ext = asObj(op['x-authmock'])
        t.ok(isObj(ext.respond), `${operationId} has an x-authmock.respond recipe`)
        const responses = Object.entries(asObj(op.responses)).map(([status, r]) => ({
          status: Number(status),
          names: new Set(Object.values(asObj(asObj(r).content)).flatMap((m) => namedExamples(asObj(m)).map(([n]) => n))),
        }))
        const check = (recipe: unknown, label: string): void => {
          if (!isObj(recipe)) return
          const example = typeof recipe.example === 'string' ? recipe.example : undefined
          const status = typeof recipe.status === 'number' ? recipe.status : undefined
          const found = responses.some((r) => (status === undefined || r.status === status) &&
            (example === undefined ? r.names.size === 0 : r.names.has(example)))
          t.ok(found, `${operationId} ${label}: ${example === undefined ? 'a bodiless response' : `example "${example}"`}` +
            `${status === undefined ? '' : ` under ${status}`} is documented`)
        }
        check(ext.respond, 'respond')
        check(ext.rejected, 'rejected')
        check(ext.notFound, 'notFound')
        const hasBody = isObj(op.requestBody)
        const hasParams = parameters.some((p) => p.in === 'query' || p.in === 'path')
        if (hasBody || hasParams) check(ext.validationError ?? rootExt.validationError, 'validationError')
        if (hasBody) check(ext.parseError ?? rootExt.parseError, 'parseError')
        for (const requirement of asArray(op.security ?? doc.security)) {
          for (const name of Object.keys(asObj(requirement))) {
            const failures = asObj(asObj(asObj(schemes[name])['x-authmock']).failures)
            t.ok(isObj(failures.missing) && isObj(failures.invalid), `${operationId}: scheme ${name} declares missing and invalid failures`)
            for (const [failure, recipe] of Object.entries(failures)) check(recipe, `${name}.${failure}`)
          }
        }
      }
    })

    t.test('fixtures fit the spec', async (t) => {
      const path = join(fixtureDir, `${stem}.json`)
      t.ok(existsSync(path), `fixtures/${stem}.json exists`)
      if (!existsSync(path)) return
      const fixtures = asObj(JSON.parse(readFileSync(path, 'utf8')))
      const accounts = asArray(fixtures.accounts)
      t.ok(accounts.length >= 2, 'at least two accounts')
      for (const account of accounts) {
        t.ok(typeof asObj(account).password === 'string', 'every account has a password')
        t.ok(isObj(asObj(account).profile), 'every account has a profile')
      }
      const schemas = asObj(asObj(doc.components).schemas)
      const profileSchema = PROFILE_SCHEMAS[stem]
      if (profileSchema) {
        const validate = ajv.compile(asObj(deref(doc, schemas[profileSchema])))
        for (const account of accounts) {
          const profile = asObj(account).profile
          const valid = validate(profile)
          t.ok(valid, `profile of ${JSON.stringify(asObj(account).email)} fits ${profileSchema}` +
            (valid ? '' : `: ${describeErrors(validate.errors)}`))
        }
      }
      const collections = asObj(fixtures.collections)
      for (const op of operations) {
        const data = asObj(asObj(op.op['x-authmock']).data)
        if (typeof data.collection === 'string') {
          t.ok(Array.isArray(collections[data.collection]), `${op.operationId} reads collection ${data.collection}, which the fixtures hold`)
        }
      }
      for (const [collection, schemaName] of Object.entries(COLLECTION_SCHEMAS[stem] ?? {})) {
        const items = asArray(collections[collection])
        t.ok(items.length > 0, `collection ${collection} is not empty`)
        const validate = ajv.compile(asObj(deref(doc, schemas[schemaName])))
        items.forEach((item, index) => {
          const valid = validate(item)
          t.ok(valid, `${collection}[${index}] fits ${schemaName}` + (valid ? '' : `: ${describeErrors(validate.errors)}`))
        })
      }
    })
  })
}

t.test('operationIds are unique across all specs', async (t) => {
  const seen = new Map<string, string>()
  for (const [stem, doc] of documents) {
    for (const { operationId } of operationsOf(doc)) {
      t.notOk(seen.has(operationId), `${stem}: operationId ${operationId} is not also used by ${seen.get(operationId) ?? 'another spec'}`)
      seen.set(operationId, stem)
    }
  }
})
