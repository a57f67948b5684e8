import t from 'tap'
import type { OpenAPIV3_1 } from 'openapi-types'
import { AuthmockError } from '../src/core/errors.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { ACTION_NEEDS } from '../src/model/x-authmock-schema.js'
import { API_NAMES } from './helpers.js'

/** A one-operation API, small enough to break on purpose. */
function tinyDocument(change: (doc: Record<string, any>) => void = () => {}): OpenAPIV3_1.Document { // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = {
    openapi: '3.1.0',
    info: { title: 'tiny', version: '1' },
    'x-authmock': { name: 'tiny', credentials: { token: { alphabet: 'hex', length: 16, ttl: '1h' } } },
    components: {
      securitySchemes: {
        key: {
          type: 'apiKey', in: 'header', name: 'X-Key',
          'x-authmock': { credential: 'token', failures: { missing: { example: 'denied' }, invalid: { example: 'denied' } } },
        },
      },
    },
    paths: {
      '/thing': {
        get: {
          operationId: 'getThing',
          security: [{ key: [] }],
          'x-authmock': { respond: { example: 'ok' } },
          responses: {
            200: { description: 'ok', content: { 'application/json': { examples: { ok: { value: { a: 1 } } } } } },
            401: { description: 'no', content: { 'application/json': { examples: { denied: { value: { e: 1 } } } } } },
          },
        },
      },
    },
  }
  change(doc)
  return doc as unknown as OpenAPIV3_1.Document
}

const build = (doc: OpenAPIV3_1.Document, fixtures: unknown = {}) => () => buildModel([{ document: doc, fixtures }])

t.test('the shipped specs build', async (t) => {
  const model = buildModel(loadSources())
  t.same(model.apis.map((a) => a.name).sort(), [...API_NAMES].sort(), 'every spec in spec/ builds into an API')
})

t.test('a tiny valid spec builds', async (t) => {
  t.equal(buildModel([{ document: tinyDocument(), fixtures: {} }]).apis[0]?.operations.length, 1)
})

t.test('broken specs are refused with a code that says what to fix', async (t) => {
  const cases: Array<[string, (doc: any) => void, string, RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['OpenAPI 3.0', (d) => { d.openapi = '3.0.3' }, 'ERR_SPEC_INVALID', /expected 3\.1/],
    ['unknown x-authmock key', (d) => { d['x-authmock'].nmae = 'x' }, 'ERR_SPEC_EXTENSION', /#\/x-authmock/],
    ['recipe naming a missing example', (d) => { d.paths['/thing'].get['x-authmock'].respond.example = 'nope' }, 'ERR_SPEC_NO_EXAMPLE', /getThing.*"nope"/],
    ['failure naming a missing example', (d) => { d.components.securitySchemes.key['x-authmock'].failures.missing.example = 'gone' }, 'ERR_SPEC_NO_EXAMPLE', /"gone"/],
    ['unknown credential kind', (d) => { d.components.securitySchemes.key['x-authmock'].credential = 'nope' }, 'ERR_SPEC_UNKNOWN_CREDENTIAL', /"nope"/],
    ['unsupported scheme', (d) => { d.components.securitySchemes.key = { type: 'oauth2', flows: {}, 'x-authmock': { credential: 'token', failures: { missing: { example: 'denied' }, invalid: { example: 'denied' } } } } }, 'ERR_SPEC_EXTENSION', /oauth2 is not supported/],
    ['remote $ref', (d) => { d.paths['/thing'].get.responses[200] = { $ref: 'other.yaml#/x' } }, 'ERR_SPEC_REF', /only local refs/],
    ['unknown collection', (d) => { d.paths['/thing'].get['x-authmock'].data = { collection: 'nothing' } }, 'ERR_SPEC_UNKNOWN_COLLECTION', /"nothing"/],
    ['login without rejected', (d) => { d.paths['/thing'].get['x-authmock'] = { action: 'login', match: {}, issue: ['token'], respond: { example: 'ok' } } }, 'ERR_SPEC_EXTENSION', /rejected/],
  ]
  for (const [name, change, code, message] of cases) {
    t.throws(build(tinyDocument(change)), { code, message }, name)
  }
  t.throws(build(tinyDocument(), { accounts: 'x' }), { code: 'ERR_FIXTURE_INVALID' }, 'bad fixtures')
})

t.test('two APIs claiming one route conflict', async (t) => {
  const other = tinyDocument((d) => { d['x-authmock'].name = 'other' })
  t.throws(() => buildModel([{ document: tinyDocument(), fixtures: {} }, { document: other, fixtures: {} }]), { code: 'ERR_SPEC_ROUTE_CONFLICT' })
})

t.test('unknown API names list the available ones', async (t) => {
  const error = t.throws(() => loadSources({ apis: ['nope'] })) as AuthmockError
  t.equal(error.code, 'ERR_UNKNOWN_API')
  t.match(error.message, /nwapp/)
})

/** A declaration of every key some action needs, valid for the tiny document. */
const EVERY_NEED: Record<string, unknown> = {
  match: { username: '{body.username}' },
  issue: ['token'],
  rejected: { example: 'denied' },
  from: '{body.refresh}',
  kind: 'token',
  unique: 'username',
  fields: ['username'],
}

t.test('each action refuses a declaration without what it needs, and builds with it', async (t) => {
  for (const [action, needs] of Object.entries(ACTION_NEEDS)) {
    const declare = (keys: readonly string[]) => tinyDocument((d) => {
      d.paths['/thing'].get['x-authmock'] = { action, respond: { example: 'ok' }, ...Object.fromEntries(keys.map((k) => [k, EVERY_NEED[k]])) }
    })
    const op = buildModel([{ document: declare(needs), fixtures: {} }]).apis[0]?.operations[0] as unknown as Record<string, unknown>
    t.equal(op.action, action, `${action} builds with ${needs.join(', ') || 'nothing more'}`)
    for (const need of needs) {
      t.not(op[need], undefined, `${action}: ${need} is in the model`)
      t.throws(build(declare(needs.filter((n) => n !== need))), { code: 'ERR_SPEC_EXTENSION', message: new RegExp(`required property '${need}'`) }, `${action} without ${need}`)
    }
  }
})

t.test('every operation has one object shape, whatever its action', async (t) => {
  // The engine reads the same fields of every operation on every request: one shape keeps those reads monomorphic.
  const operations = buildModel(loadSources()).apis.flatMap((a) => a.operations)
  const shapes = new Set(operations.map((op) => Object.keys(op).join()))
  t.ok(new Set(operations.map((op) => op.action)).size >= 5, 'the shipped specs use most actions')
  t.same([...shapes], [Object.keys(operations[0] ?? {}).join()], 'the same keys in the same order')
})
