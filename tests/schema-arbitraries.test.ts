/**
 * The input generators of `verify --generate` (src/contract/schema-arbitraries.ts):
 * every valid category's values pass the operation's own validator and every
 * invalid category's values fail it, for each request schema of the four
 * specs and for synthetic schemas covering each keyword; the flavours do what
 * their names say.
 */
import t from 'tap'
import fc from 'fast-check'
import type { ValidateFunction } from 'ajv'
import { buildModel } from '../src/model/build-model.js'
import { createAjvValidators } from '../src/model/create-ajv-validators.js'
import { loadSources } from '../src/spec/load-sources.js'
import { inputCategories, type InputCategory, type JsonSchema } from '../src/contract/schema-arbitraries.js'
import { bodySchema, paramsSchema } from './fuzz/arbitraries.js'

const RUNS = { numRuns: 100, seed: Number(process.env.AUTHMOCK_FUZZ_SEED ?? Date.now() % 2 ** 31) }
t.comment(`schema-arbitraries seed ${RUNS.seed} (replay with AUTHMOCK_FUZZ_SEED=${RUNS.seed})`)

const FORM = 'application/x-www-form-urlencoded'
const model = buildModel(loadSources())
const ajv = createAjvValidators()

/** What a form body becomes on the server: URL-encoded, parsed back (src/core/parse-body.ts). */
const throughForm = (value: unknown): unknown => Object.fromEntries(new URLSearchParams(new URLSearchParams(value as Record<string, string>).toString()))

interface Target { name: string; schema: JsonSchema; validate: ValidateFunction; form: boolean; prepare: (value: unknown) => unknown }

const targets: Target[] = []
for (const api of model.apis) {
  for (const op of api.operations) {
    const body = bodySchema(op)
    if (body && op.body) {
      targets.push({ name: `${op.operationId} JSON body`, schema: body, validate: op.body.validate, form: false, prepare: (v) => v })
      if (op.body.mediaTypes.includes(FORM)) targets.push({ name: `${op.operationId} form body`, schema: body, validate: op.body.validate, form: true, prepare: throughForm })
    }
    const params = paramsSchema(op)
    // The params validator coerces in place ("1" -> 1): each check gets its own copy.
    if (params && op.validateParams) targets.push({ name: `${op.operationId} parameters`, schema: params, validate: op.validateParams, form: true, prepare: (v) => structuredClone(v) })
  }
}

/** Every value of every category passes (valid) or fails (invalid) the validator; invalid ones name where. */
function checkAgainst(t: { pass(message: string): void }, target: Target, categories: InputCategory[]): void {
  for (const { kind, category, arbitrary } of categories) {
    fc.assert(fc.property(arbitrary, ({ value, where }) => {
      const passed = target.validate(target.prepare(value)) as boolean
      if (passed !== (kind === 'valid')) throw new Error(`${kind} "${category}" value ${passed ? 'passed' : 'failed'} (${where}): ${JSON.stringify(target.validate.errors)}`)
      if (kind === 'invalid' && !/^(\(root\)|\/\S*): \S/.test(where)) throw new Error(`where does not name a pointer: ${where}`)
    }), RUNS)
  }
  t.pass(`${target.name}: ${categories.map((c) => `${c.kind} ${c.category}`).join(', ')}`)
}

t.test('every valid value of every spec request schema passes its validator, every invalid one fails it', async (t) => {
  t.ok(targets.length >= 15, `${targets.length} schemas`)
  for (const target of targets) checkAgainst(t, target, inputCategories(target.schema, { form: target.form }))
})

const stringsIn = (value: unknown, at = ''): Array<[string, string]> =>
  typeof value === 'string' ? [[at, value]]
    : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => stringsIn(v, `${at}/${k}`)) : []

t.test("'non-ASCII strings' values carry a code point above 0x7F; 'long strings' reach maxLength exactly", async (t) => {
  for (const target of targets) {
    const categories = inputCategories(target.schema, { form: target.form })
    const nonAscii = categories.find((c) => c.category === 'non-ASCII strings')
    if (nonAscii) {
      fc.assert(fc.property(nonAscii.arbitrary, ({ value }) => stringsIn(value).some(([, s]) => [...s].some((c) => (c.codePointAt(0) ?? 0) > 0x7f))), RUNS)
    }
    const long = categories.find((c) => c.category === 'long strings')
    for (const [name, member] of Object.entries(target.schema.properties ?? {})) {
      if (member.maxLength === undefined || !long) continue
      const lengths = fc.sample(long.arbitrary, { numRuns: 100, seed: RUNS.seed }).map(({ value }) => [...String((value as Record<string, unknown>)[name])].length)
      t.ok(lengths.includes(member.maxLength), `${target.name} /${name} hits maxLength ${member.maxLength}`)
      t.ok(lengths.every((n) => n <= member.maxLength! && n >= member.maxLength! - 3), `${target.name} /${name} stays within 3 of it`)
    }
  }
  const register = targets.find((x) => x.name === 'nwappRegister JSON body')
  t.ok(register, 'the register body (the one with maxLength) is among the schemas')
})

t.test("'too long' values are maxLength + 1 or more, and say so", async (t) => {
  let checked = 0
  for (const target of targets) {
    const tooLong = inputCategories(target.schema, { form: target.form }).find((c) => c.category === 'too long')
    if (!tooLong) continue
    fc.assert(fc.property(tooLong.arbitrary, ({ value, where }) => {
      const [, pointer, got, max] = /^(\/\S+): too long \((\d+) > (\d+)\)$/.exec(where) ?? []
      const text = stringsIn(value).find(([at]) => at === pointer)?.[1] ?? ''
      return [...text].length === Number(got) && Number(got) > Number(max) && target.schema.properties?.[pointer!.slice(1)]?.maxLength === Number(max)
    }), RUNS)
    const lengths = fc.sample(tooLong.arbitrary, { numRuns: 100, seed: RUNS.seed }).map(({ where }) => /\((\d+) > (\d+)\)/.exec(where)!.slice(1).map(Number))
    t.ok(lengths.some(([n, max]) => n === max! + 1), `${target.name}: exactly maxLength + 1 at least sometimes`)
    checked++
  }
  t.ok(checked > 0)
})

t.test('form values are flat strings, with no wrong-type or extra-nesting category for string members', async (t) => {
  for (const target of targets.filter((x) => x.form)) {
    const categories = inputCategories(target.schema, { form: true })
    for (const { arbitrary } of categories) fc.assert(fc.property(arbitrary, ({ value }) => Object.values(value as object).every((v) => typeof v === 'string')), { ...RUNS, numRuns: 30 })
    const names = categories.map((c) => c.category)
    t.notOk(names.includes('extra nesting'), `${target.name}: no extra nesting`)
    const allStrings = Object.values(target.schema.properties ?? {}).every((m) => m.type === 'string')
    if (allStrings) t.notOk(names.includes('wrong type'), `${target.name}: no wrong type`)
  }
})

/** Synthetic schemas, one or more keywords each, and the categories each must offer. */
const SYNTHETIC: Array<{ name: string; schema: JsonSchema; expect: string[]; form?: boolean }> = [
  {
    name: 'every string keyword and format',
    schema: {
      type: 'object',
      required: ['email', 'name', 'code'],
      additionalProperties: false,
      properties: {
        email: { type: 'string', format: 'email', maxLength: 60 },
        name: { type: 'string', minLength: 2, maxLength: 10 },
        code: { type: 'string', pattern: '^[A-Z]{2}-\\d{1,6}$', maxLength: 6 },
        next: { type: 'string', pattern: '^(/(?![/\\\\])[^\\u0000-\\u001F]*)?$' },
        site: { type: 'string', format: 'uri', maxLength: 80 },
        id: { type: 'string', format: 'uuid' },
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        ip: { type: 'string', format: 'ipv4' },
        state: { type: ['string', 'null'], enum: ['on', 'off', null] },
        kind: { const: 'user' },
      },
    },
    expect: ['random', 'long strings', 'non-ASCII strings', 'control characters', 'unknown member', 'wrong type', 'extra nesting', 'missing required',
      'too long', 'too short', 'bad format', 'pattern mismatch', 'not in enum'],
  },
  {
    name: 'numbers, booleans, nullable, arrays and nesting',
    schema: {
      type: 'object',
      required: ['page', 'tags', 'owner'],
      properties: {
        page: { type: 'integer', minimum: 1, maximum: 500 },
        ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        odd: { type: 'integer', exclusiveMinimum: 0.5 },
        size: { type: 'integer', enum: [10, 20, 50] },
        active: { type: 'boolean' },
        note: { type: 'string', nullable: true, maxLength: 20 },
        tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 8 }, minItems: 1, maxItems: 3 },
        owner: { type: 'object', required: ['login'], properties: { login: { type: 'string', format: 'email' } }, additionalProperties: { type: 'integer' } },
      },
    },
    expect: ['random', 'long strings', 'non-ASCII strings', 'boundary numbers', 'unknown members', 'wrong type', 'extra nesting', 'missing required',
      'below minimum', 'above maximum', 'not in enum', 'too many items', 'too few items', 'too long', 'too short', 'bad format'],
  },
  {
    name: 'query parameters (form)',
    form: true,
    schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 }, q: { type: 'string', maxLength: 5 }, on: { type: 'boolean' }, mode: { type: 'string', enum: ['a', 'b'] } } },
    expect: ['random', 'long strings', 'non-ASCII strings', 'boundary numbers', 'wrong type', 'missing required', 'below minimum', 'too long', 'not in enum'],
  },
  { name: 'a bare string body', schema: { type: 'string', minLength: 3, maxLength: 5 }, expect: ['random', 'long strings', 'too long', 'too short', 'wrong type', 'extra nesting'] },
  { name: 'an array body', schema: { type: 'array', items: { type: 'integer', maximum: 9 }, maxItems: 2 }, expect: ['random', 'boundary numbers', 'too many items', 'above maximum', 'wrong type'] },
]

t.test('synthetic schemas: each keyword yields its categories, valid values pass and invalid ones fail', async (t) => {
  for (const { name, schema, expect, form = false } of SYNTHETIC) {
    const validate = (form ? ajv.params : ajv.body).compile(schema)
    const categories = inputCategories(schema, { form })
    const names = categories.map((c) => c.category)
    for (const category of expect) t.ok(names.includes(category), `${name}: has ${category}`)
    checkAgainst(t, { name, schema, validate, form, prepare: (v) => structuredClone(v) }, categories)
  }
})

t.test('a category that cannot apply is absent', async (t) => {
  const enumsOnly = inputCategories({ type: 'object', properties: { status: { type: 'string', enum: ['A', 'B'] }, n: { type: 'integer' } } })
  const names = enumsOnly.map((c) => c.category)
  for (const absent of ['long strings', 'non-ASCII strings', 'too long', 'too short', 'missing required', 'boundary numbers']) t.notOk(names.includes(absent), `no ${absent}`)
  const uuid = inputCategories({ type: 'string', format: 'uuid' }).map((c) => c.category)
  t.notOk(uuid.includes('non-ASCII strings'), 'a uuid has no room for non-ASCII text')
  t.notOk(inputCategories({ type: 'string', minLength: 1, format: 'email' }).some((c) => c.category === 'too short'), 'no too-short e-mail under minLength 1: "" is no address either')
})
