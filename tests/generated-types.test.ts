import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { listApis, PACKAGE_ROOT } from '../src/spec/load-sources.js'
import { generateTypes, TYPES_DIR } from '../scripts/generate-types.js'
import { whoAmI } from './fixtures/types-consumer/consumer.js'
import { childEnv } from './child-env.js'

const CONSUMER_DIR = join(PACKAGE_ROOT, 'tests', 'fixtures', 'types-consumer')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

t.test('src/generated/types/ holds one file per spec, as the specs are now', async (t) => {
  const apis = listApis()
  if (!t.ok(existsSync(TYPES_DIR), 'src/generated/types/ exists (npm run build and npm test write it)')) return
  t.same(readdirSync(TYPES_DIR).sort(), apis.map((api) => `${api}.ts`), 'one file per spec/*.yaml, no other')
  for (const api of apis) {
    const written = readFileSync(join(TYPES_DIR, `${api}.ts`), 'utf8')
    t.ok(written === await generateTypes(api), `${api}.ts is up to date (if not: npm run build)`)
    t.match(written, /^export interface paths \{$/m, `${api}.ts exports paths`)
    t.match(written, /^export interface components \{$/m, `${api}.ts exports components`)
  }
})

t.test('a strict consumer types openapi-fetch with the nwapp paths, and a call the spec does not allow fails to compile', async (t) => {
  // One tsc run (it takes seconds): the fixture as it is, under its own tsconfig
  // (its @ts-expect-error fails the compile if the wrong call were accepted), and a
  // copy without that line, which must fail where the wrong body field is.
  mkdirSync(join(PACKAGE_ROOT, 'tests', 'artifacts'), { recursive: true })
  // Two folders below the root, as the fixture is: its relative import holds.
  const dir = mkdtempSync(join(PACKAGE_ROOT, 'tests', 'artifacts', 'types-consumer-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const source = readFileSync(join(CONSUMER_DIR, 'consumer.ts'), 'utf8')
  const wrong = source.replace(/^\s*\/\/ @ts-expect-error.*\n/m, '')
  t.not(wrong, source, 'the fixture marks its wrong call with @ts-expect-error')
  writeFileSync(join(dir, 'wrong-body.ts'), wrong)
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: relative(dir, join(CONSUMER_DIR, 'tsconfig.json')),
    files: [relative(dir, join(CONSUMER_DIR, 'consumer.ts')), 'wrong-body.ts'],
  }))
  const res = spawnSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { encoding: 'utf8', cwd: PACKAGE_ROOT, env: childEnv() })
  const errors = `${res.stdout}${res.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line))
  t.same(errors.filter((line) => !line.includes('wrong-body.ts')), [], 'consumer.ts compiles')
  const wrongLine = wrong.split('\n').findIndex((line) => line.includes("username: 'bart'")) + 1
  t.ok(errors.length > 0 && errors.every((line) => line.includes(`wrong-body.ts(${wrongLine},`)), `the copy fails only at the wrong call (line ${wrongLine})`, { errors })
  t.match(errors.join('\n'), /'username' does not exist/, 'because of the field the spec does not have')
})

t.test('the typed client works against the mock', async (t) => {
  const app = await buildApp({ apis: ['nwapp'] })
  t.teardown(() => app.close())
  const profile = await whoAmI(await listen(app, { port: 0 }))
  t.same(profile, { user_id: 1, email: 'bart@mikasoftware.com', first_name: 'Bart', last_name: 'Mika' })
})
