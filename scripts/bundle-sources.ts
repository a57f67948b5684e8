// Build step for the browser path of `authmock/msw` (run by `npm run build`
// and before `npm test`). It writes, under src/generated/:
//  - sources.ts: specs (YAML already parsed) and fixtures as data, with prose
//    and schemas dropped: the engine reads neither at run time;
//  - body-validators.ts / param-validators.ts: every request validator,
//    compiled to plain functions by ajv's standalone mode, so the browser
//    bundle needs no ajv and compiles nothing at start;
//  - control-page.ts: the control page (src/server/control-page/), its CSS
//    and bundled script inline (scripts/bundle-control-page.ts).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 as Ajv2020Class, type Ajv2020 } from 'ajv/dist/2020.js'
import { configSchema } from '../src/config/config-schema.js'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { _ } from 'ajv'
import { assembleModel, type ApiSource } from '../src/model/assemble-model.js'
import { createAjvValidators } from '../src/model/create-ajv-validators.js'
import { loadSources, PACKAGE_ROOT } from '../src/spec/load-sources.js'
import { sourceDigest } from '../src/spec/source-digest.js'
import { bundleControlPage } from './bundle-control-page.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'src', 'generated')
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-authmock'])

/** Drops what the engine never reads: string `description`/`summary`, and `schema`s (validators are compiled below). Header schemas stay: their `example` is replayed by Prefer. */
function strip(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => strip(n))
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'description' || key === 'summary') && typeof value === 'string') continue
    if (key === 'schemas' && parentKey === 'components') continue
    if (key === 'schema' && parentKey !== 'header') continue
    out[key] = DATA_KEYS.has(key) ? value : strip(value, parentKey === 'headers' ? 'header' : key)
  }
  return out
}

/** A schema without its prose; a property that happens to be called "description" stays. */
function stripSchemaProse(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => stripSchemaProse(n))
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (parentKey !== 'properties' && ['description', 'title', 'example', 'examples'].includes(key)) continue
    out[key] = stripSchemaProse(value, key)
  }
  return out
}

// Compile every validator the model asks for, remembering which is which.
const validators = createAjvValidators({
  code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
})
const exportsOf = { body: new Map<string, string>(), params: new Map<string, string>() }
function record(kind: 'body' | 'params', key: string, schema: object) {
  const ajv = validators[kind]
  const id = `v${exportsOf[kind].size}`
  ajv.addSchema({ ...(stripSchemaProse(schema) as object), $id: id })
  exportsOf[kind].set(key, id)
  return ajv.getSchema(id) as ReturnType<Ajv2020['compile']>
}
const sources = loadSources()
assembleModel(sources, {}, {
  compileBody: (key, schema) => record('body', key, schema),
  compileParams: (key, schema) => record('params', key, schema),
  checkExtension: validators.checkExtension,
})

/** ajv's standalone output still `require`s its runtime helpers: turn those into ESM imports. */
function toEsm(code: string): string {
  const imports: string[] = []
  const body = code.replace(/require\("([^"]+)"\)(\.\w+)?/g, (_, path: string, member = '') => {
    const name = `imported${imports.length}`
    imports.push(`import * as ${name} from "${path.endsWith('.js') ? path : `${path}.js`}"`)
    // Node gives `import * as` of a CommonJS module its exports as `default`; bundlers' interop (Vitest's, by default)
    // may unwrap that `default` already: read the member where it is in either case.
    return member === '' ? `(${name}.default ?? ${name})` : `((${name}.default ?? ${name})${member} ?? ${name}${member})`
  })
  return `${imports.join('\n')}\n${body}`
}

mkdirSync(outDir, { recursive: true })
for (const kind of ['body', 'params'] as const) {
  const refs = Object.fromEntries([...exportsOf[kind].values()].map((id) => [id, id]))
  const code = toEsm(standaloneCode(validators[kind], refs))
  const table = `export const VALIDATORS = {\n${[...exportsOf[kind]].map(([key, id]) => `  ${JSON.stringify(key)}: ${id},`).join('\n')}\n}\n`
  const file = kind === 'body' ? 'body-validators' : 'param-validators'
  // TypeScript (unchecked) rather than .js, so tsc emits it to dist/ with the rest.
  const typed = table.replace('export const VALIDATORS = {', 'export const VALIDATORS: Record<string, ValidateFunction> = {')
  writeFileSync(join(outDir, `${file}.ts`), `// @ts-nocheck\n// Generated by scripts/bundle-sources.ts: do not edit, run \`npm run build\`.\nimport type { ValidateFunction } from 'ajv'\n${code}\n${typed}`)
}
// The configuration's validator too, so starting the server compiles no schema.
const configAjv = new Ajv2020Class({ allErrors: true, code: { source: true, esm: true } })
const configCode = toEsm(standaloneCode(configAjv, configAjv.compile(configSchema)))
writeFileSync(join(outDir, 'config-validator.ts'), `// @ts-nocheck\n// Generated by scripts/bundle-sources.ts from src/config/config-schema.ts: do not edit, run \`npm run build\`.\nimport type { ValidateFunction } from 'ajv'\n${configCode}\nexport const validateConfig: ValidateFunction = validate\n`)

const data: ApiSource[] = sources.map((s) => ({ document: strip(s.document) as ApiSource['document'], fixtures: s.fixtures }))
writeFileSync(join(outDir, 'sources.ts'), `// Generated by scripts/bundle-sources.ts from spec/ and fixtures/: do not edit, run \`npm run build\`.
import type { ApiSource } from '../model/assemble-model.js'

export const SOURCES: ApiSource[] = ${JSON.stringify(data)} as unknown as ApiSource[]

/** What spec/ and fixtures/ were when this was made (src/spec/source-digest.ts). */
export const SOURCE_DIGEST = ${JSON.stringify(sourceDigest(join(PACKAGE_ROOT, 'spec'), join(PACKAGE_ROOT, 'fixtures')))}
`)
const page = bundleControlPage(join(root, 'src', 'server', 'control-page'))
writeFileSync(join(outDir, 'control-page.ts'), `// Generated by scripts/bundle-sources.ts from src/server/control-page/: do not edit, run \`npm run build\`.

/** GET /__mock/: one self-contained HTML file (scripts/bundle-control-page.ts). */
export const CONTROL_PAGE = ${JSON.stringify(page)}
`)
console.log(`bundle-sources: ${data.length} APIs, ${exportsOf.body.size} body and ${exportsOf.params.size} parameter validators, control page (${Buffer.byteLength(page)} bytes) -> src/generated/`)
