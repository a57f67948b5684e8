#!/usr/bin/env node
// @ts-check
// Checks the package as a user gets it (issue 10, items 14 and 15): packs it,
// installs the tarball in a scratch project whose package.json is npm's default
// (no "type": CommonJS), and there
//   1. compiles a strict TypeScript consumer of 'authmock' and 'authmock/msw'
//      (strict, skipLibCheck off, module nodenext) with this checkout's tsc: the
//      shipped .d.ts files must compile with only the package's own dependencies;
//   2. runs the README's MSW Node snippet as written, under the file name the
//      README gives it, with `node --test`;
//   3. loads the package with require() from CommonJS, as the README says works
//      on Node 20.19+ / 22.12+;
//   4. checks the tarball: LICENSE in, no source maps (they would point at src/,
//      which is not shipped);
//   5. compiles the README's typed client (tests/fixtures/types-consumer/consumer.ts,
//      importing 'authmock/types/nwapp') with openapi-fetch, strict and with
//      exactOptionalPropertyTypes, imports every spec's 'authmock/types/<api>'
//      from ESM and CommonJS TypeScript, and loads those paths at run time.
// It installs from the registry (the tarball's dependencies, msw, openapi-fetch, @types/node),
// so it is not part of `npm test`; .ci/run runs it.
//
// usage: node scripts/check-package.mjs [--no-build] [--keep]
//   --no-build  pack dist/ as it is (.ci/run runs this right after `npm ci`, which built it)
//   --keep      leave the scratch folder and print where it is
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractReadmeBlock } from './extract-readme-block.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const require = createRequire(import.meta.url)
const failures = []
/** This checkout's TypeScript compiles the consumers. */
const tsc = require.resolve('typescript/bin/tsc')

/** Runs a command; returns its output, or records a failure with it. */
function run(what, command, argv, options = {}) {
  const started = Date.now()
  const res = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`
  if (res.status !== 0) {
    failures.push(`${what}: \`${command} ${argv.join(' ')}\` exited ${res.status ?? res.signal}\n${output.trim()}`)
    return undefined
  }
  console.log(`ok: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return output
}

function check(what, ok, detail = '') {
  if (ok) console.log(`ok: ${what}`)
  else failures.push(`${what}${detail ? `: ${detail}` : ''}`)
}

/** Versions the scratch project installs: the ones this checkout is tested with. */
const installedVersion = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version

const scratch = mkdtempSync(join(tmpdir(), 'authmock-package-'))
try {
  if (!args.has('--no-build') && !run('build', 'npm', ['run', 'build'], { cwd: root })) throw new Error('build failed')

  // --ignore-scripts: `prepare` would build again.
  const packed = run('npm pack', 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: root })
  if (!packed) throw new Error('npm pack failed')
  const [pack] = JSON.parse(packed.slice(packed.indexOf('[')))
  const files = pack.files.map((f) => f.path)
  check('the tarball holds LICENSE', files.includes('LICENSE'))
  const maps = files.filter((f) => f.endsWith('.map'))
  check('the tarball holds no source maps', maps.length === 0, maps.join(', '))
  const mapped = files.filter((f) => f.endsWith('.js') && readFileSync(join(root, f), 'utf8').includes('sourceMappingURL'))
  check('no shipped file names a source map', mapped.length === 0, mapped.join(', '))

  const project = join(scratch, 'project')
  mkdirSync(project)
  // npm's default package.json: no "type", so .js files are CommonJS.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2))
  const installed = run('npm install the tarball', 'npm', [
    'install', '--no-audit', '--no-fund', '--prefer-offline',
    join(scratch, pack.filename), `msw@${installedVersion('msw')}`, `openapi-fetch@${installedVersion('openapi-fetch')}`,
    `@types/node@${installedVersion('@types/node')}`,
  ], { cwd: project })
  if (!installed) throw new Error('npm install failed')

  // 1. TypeScript consumers. The @ts-expect-error lines fail the compile if the
  // types resolve to `any` (an unused directive is an error).
  const strict = { strict: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', types: ['node'], noEmit: true }
  // A Node-only consumer of the server: no DOM lib.
  mkdirSync(join(project, 'server'))
  writeFileSync(join(project, 'server', 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, lib: ['ES2022'] }, include: ['*.mts'] }, null, 2))
  writeFileSync(join(project, 'server', 'server.mts'), `import { buildApp, createManualClock, type AppOptions } from 'authmock'

const clock = createManualClock(0)
const options: AppOptions = { apis: ['nwapp'], seed: 1, clock }
const app = await buildApp(options)
const res = await app.inject({ method: 'GET', url: '/api/v1/public/profile' })
export const status: number = res.statusCode
await app.close()

// @ts-expect-error seed is a number
await buildApp({ seed: 'one' })
`)
  run('a strict TypeScript consumer of authmock compiles (skipLibCheck off, no DOM lib)', process.execPath, [tsc, '-p', join(project, 'server')], { cwd: project })
  // With MSW: msw's own types need the DOM lib (as MSW's TypeScript notes say).
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, lib: ['ES2022', 'DOM'] }, include: ['*.mts', '*.cts'] }, null, 2))
  writeFileSync(join(project, 'consumer.mts'), `import { buildApp } from 'authmock'
import { createHandlers, createManualClock, type AuthmockHandlers } from 'authmock/msw'
import { setupServer } from 'msw/node'

const handlers: AuthmockHandlers = createHandlers({ baseUrl: 'https://api.example.test', seed: 1, apis: ['nwapp'], clock: createManualClock(0) })
const server = setupServer(...handlers)
await handlers.reset()
server.close()
export const app = await buildApp({ apis: ['nwapp'] })

// @ts-expect-error baseUrl is a string or one per API
createHandlers({ baseUrl: 42 })
`)
  // CommonJS TypeScript (require of an ES module, TypeScript 5.8+ under nodenext).
  writeFileSync(join(project, 'consumer.cts'), `import { buildApp } from 'authmock'
import { createHandlers } from 'authmock/msw'

export const app: Promise<{ close(): Promise<unknown> }> = buildApp({ apis: ['nwapp'] })
export const handlerCount: number = createHandlers().length
`)
  run('strict TypeScript consumers of authmock and authmock/msw compile (ESM and CommonJS)', process.execPath, [tsc, '-p', project], { cwd: project })

  // 2. The README's MSW snippet, as written.
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const snippet = extractReadmeBlock(readme, '**Node tests**')
  const name = /`([\w.-]+\.m?js)`/.exec(snippet.heading)?.[1]
  check('the README names the Node snippet\'s file', name !== undefined, snippet.heading)
  if (name) {
    writeFileSync(join(project, name), snippet.code)
    const out = run(`the README's MSW snippet runs as ${name} in a CommonJS project`, process.execPath, ['--test', name], { cwd: project })
    if (out) check('  and its test passes', /^# pass [1-9]/m.test(out) && /^# fail 0$/m.test(out), out)
  }

  // 3. require() from CommonJS.
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  const requireWorks = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23
  if (requireWorks) {
    run('require() loads authmock and authmock/msw', process.execPath, ['-e', `
      const { buildApp } = require('authmock'); const { createHandlers } = require('authmock/msw')
      if (typeof buildApp !== 'function' || createHandlers().length === 0) process.exit(1)`], { cwd: project })
  } else {
    console.log(`skip: require() of ES modules needs Node 20.19+ / 22.12+ (this is ${process.version})`)
  }

  // 5. authmock/types/<api>: the typed client a front end writes, under a front
  // end's strict settings, and every spec's types from ESM and CommonJS.
  const apis = readdirSync(join(root, 'spec')).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort()
  const typesFiles = files.filter((f) => f.startsWith('dist/src/generated/types/'))
  check('the tarball holds a .d.ts and a .js per spec under dist/src/generated/types/',
    apis.every((api) => typesFiles.includes(`dist/src/generated/types/${api}.d.ts`) && typesFiles.includes(`dist/src/generated/types/${api}.js`)), typesFiles.join(', '))
  mkdirSync(join(project, 'types'))
  writeFileSync(join(project, 'types', 'tsconfig.json'), JSON.stringify({
    compilerOptions: { ...strict, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, lib: ['ES2022', 'DOM'], types: [] },
    include: ['*.mts', '*.cts'],
  }, null, 2))
  const consumer = readFileSync(join(root, 'tests', 'fixtures', 'types-consumer', 'consumer.ts'), 'utf8')
  const typed = consumer.replace(/from '[./]+\/src\/generated\/types\/nwapp\.js'/, "from 'authmock/types/nwapp'")
  check('the typed client fixture imports the nwapp types', typed !== consumer)
  writeFileSync(join(project, 'types', 'client.mts'), typed)
  const names = apis.map((api) => api.replace(/\W+(\w)/g, (_, c) => c.toUpperCase()))
  const each = (ext) => `${apis.map((api, i) => `import type { components as ${names[i]}Components, paths as ${names[i]}Paths } from 'authmock/types/${api}'`).join('\n')}

${apis.map((api, i) => `export type ${names[i]}${ext} = [keyof ${names[i]}Paths, keyof ${names[i]}Components['schemas']]`).join('\n')}
// @ts-expect-error only paths the spec has
export const nowhere: keyof ${names[0]}Paths = '/no/such/path'
`
  writeFileSync(join(project, 'types', 'every-api.mts'), each('Esm'))
  writeFileSync(join(project, 'types', 'every-api.cts'), each('Cjs'))
  run(`the typed client example (openapi-fetch, tests/fixtures/types-consumer/consumer.ts) and authmock/types/{${apis.join(',')}} compile (strict, exactOptionalPropertyTypes, ESM and CommonJS)`,
    process.execPath, [tsc, '-p', join(project, 'types')], { cwd: project })
  // An import that is not `import type` must not fail at run time either: each path has an empty module.
  run(`authmock/types/<api> loads at run time (an empty module) with import()${requireWorks ? ' and require()' : ''}`, process.execPath, ['-e', `
    const apis = ${JSON.stringify(apis)}
    ${requireWorks ? "for (const api of apis) require('authmock/types/' + api)" : ''}
    Promise.all(apis.map((api) => import('authmock/types/' + api))).catch(() => process.exit(1))`], { cwd: project })
} catch (error) {
  failures.push(String(error instanceof Error ? error.message : error))
} finally {
  if (args.has('--keep')) console.log(`scratch folder kept: ${scratch}`)
  else rmSync(scratch, { recursive: true, force: true })
}

if (failures.length) {
  console.error(`\ncheck-package: ${failures.length} failed\n${failures.map((f) => `- ${f}`).join('\n')}`)
  process.exit(1)
}
console.log('check-package: the packed package installs, compiles and runs as the README says')
