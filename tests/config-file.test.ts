import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import t, { type Test } from 'tap'
import { CONFIG_SCHEMA_FILE, CONFIG_SCHEMA_REF, configFileSchema } from '../src/config/config-file-schema.js'
import { loadConfigFile } from '../src/config/load-config-file.js'
import { starterConfig, writeStarterConfig } from '../src/config/write-starter-config.js'
import { parseCli, UsageError } from '../src/cli/parse-cli.js'
import { childEnv } from './child-env.js'

// The CLI as a user starts it in a project folder: from that folder, so the
// config file is found in the working directory. tsx and main.ts by absolute
// path, since the folder has no node_modules.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/main.ts')]
const SECRETS = ['hunter2', 's3cret-pass', 'file-token-0123456789abcdef', 'leaky-secret-token']

/** A temporary project folder holding these files. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

/** Runs a short command in `cwd` (at most 30 s); several run at once, each CLI start costs a second or two. */
function run(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [...CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: childEnv(env) }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr })
    })
  })
}

/** A port free right now (the file names a fixed one, as a user's would). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as { port: number }
  await new Promise((closed) => server.close(closed))
  return port
}

/** Starts a long-running command in `cwd` and waits (at most 15 s) for its banner's last line. */
async function start(t: Test, cwd: string, args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [...CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  for (let i = 0; i < 300 && !/Ctrl-C stops/.test(out) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50))
  const url = /on (http:\/\/\S+)/.exec(out)?.[1]
  return { child, url, exited, output: () => out }
}

t.test('serve reads authmock.config.json from the working directory', async (t) => {
  const port = await freePort()
  const dir = folder({ 'authmock.config.json': json({ port, host: '127.0.0.1', apis: ['nwapp'], tokenTtl: ['nwapp.access=15m'], log: false }) })
  const { child, url, exited, output } = await start(t, dir, ['serve'])
  t.equal(url, `http://127.0.0.1:${port}`, 'on the port from the file')
  t.match(output(), /serving 1 API\(s\)/, 'only the API the file names')
  t.equal((await fetch(`${url}/api/v1/public/profile`)).status, 401)
  child.kill('SIGTERM')
  t.equal(await exited, 0)
  t.notMatch(output(), /GET \/api\/v1\/public\/profile 401/, '"log": false is --quiet')
})

t.test('flags override the file; a list on the command line replaces the file\'s', async (t) => {
  const dir = folder({ 'authmock.config.json': json({ port: 1, apis: ['nwapp'] }) })
  const { url, output } = await start(t, dir, ['serve', '--port', '0', '--api', 'unicommerce'])
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.not(url, 'http://127.0.0.1:1', '--port wins over the file')
  t.match(output(), /serving 1 API\(s\)/)
  t.match(output(), /unicommerceAuthToken/)
  t.notMatch(output(), /nwappLogin/, '--api replaces the file\'s list')
})

t.test('the file applies to apis and proxy (and verify) for the settings they take', async (t) => {
  const port = await freePort()
  const dir = folder({ 'authmock.config.json': json({ port, apis: ['nwapp'] }) })
  const [apis, proxy] = await Promise.all([run(dir, ['apis']), start(t, dir, ['proxy', '--target', 'http://127.0.0.1:9'])])
  t.equal(apis.status, 0, apis.stderr)
  t.match(apis.stdout, /nwappLogin/)
  t.notMatch(apis.stdout, /unicommerce/)
  t.match(proxy.output(), new RegExp(`authmock proxy on http://127\\.0\\.0\\.1:${port} -> http://127\\.0\\.0\\.1:9, checking nwapp\\n`))
})

t.test('--config names the file; .mjs and .js files are imported for their default export', async (t) => {
  const dir = folder({
    'config/custom.json': json({ apis: ['unicommerce'] }),
    'authmock.config.mjs': 'const apis = ["nwapp"]\nexport default { apis }\n',
    'cjs/authmock.config.js': 'module.exports = { apis: ["whippy-ware"] }\n',
  })
  const [found, named, commonjs] = await Promise.all([run(dir, ['apis']), run(dir, ['apis', '--config', 'config/custom.json']), run(join(dir, 'cjs'), ['apis'])])
  t.equal(found.status, 0, found.stderr)
  t.match(found.stdout, /nwappLogin/, '.mjs found in the working directory')
  t.notMatch(found.stdout, /unicommerce/)
  t.equal(named.status, 0, named.stderr)
  t.match(named.stdout, /unicommerceAuthToken/)
  t.notMatch(named.stdout, /nwappLogin/, '--config wins over the one in the folder')
  t.equal(commonjs.status, 0, commonjs.stderr)
  t.match(commonjs.stdout, /whippy-ware/, 'a CommonJS .js (no "type": "module" above it)')
  t.notMatch(commonjs.stdout, /nwappLogin/)
})

/** Mistakes in a file, and what the error must say (checked in-process; a few through the CLI below). */
const MISTAKES: Array<[files: Record<string, string>, named: string | undefined, code: string, message: RegExp]> = [
  [{ 'authmock.config.json': json({ prot: 4010 }) }, undefined, 'ERR_CONFIG_INVALID', /authmock\.config\.json: unknown key "prot" \(did you mean "port"\?\)/],
  [{ 'authmock.config.json': json({ 'token-ttl': ['1h'] }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "token-ttl" \(did you mean "tokenTtl"\?\)/],
  [{ 'authmock.config.json': json({ tokenTtlMs: ['1h'] }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "tokenTtlMs" \(did you mean "tokenTtl"\?\)/],
  [{ 'authmock.config.json': json({ quiet: true }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "quiet" \(did you mean "log"\? "log": false is --quiet\)/],
  [{ 'authmock.config.json': json({ baseUrl: 'http://x' }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "baseUrl": it is verify's --base-url, given on the command line/],
  [{ 'authmock.config.json': json({ maxBodyBytes: 1 }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "maxBodyBytes": it is an option of buildApp, createHandlers, createEngine in code/],
  [{ 'authmock.config.json': json({ config: 'other.json' }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "config": a config file cannot name another one/],
  [{ 'authmock.config.json': json({ zzzzzz: 1 }) }, undefined, 'ERR_CONFIG_INVALID', /unknown key "zzzzzz" \(keys: port, host, [^)]*\bapis, tokenTtl\b/],
  [{ 'authmock.config.json': json({ port: 70000 }) }, undefined, 'ERR_CONFIG_INVALID', /authmock\.config\.json: "port" is 70000: it takes a whole number from 0 to 65535\.$/],
  [{ 'authmock.config.json': json({ apis: 'nwapp' }) }, undefined, 'ERR_CONFIG_INVALID', /authmock\.config\.json: "apis" is "nwapp": it takes a list of strings, one per --api; use an API name such as nwapp/],
  [{ 'authmock.config.json': json({ tokenTtl: ['soon'] }) }, undefined, 'ERR_CONFIG_INVALID', /"tokenTtl" is \["soon"\]: it takes a list of strings, one per --token-ttl; use <duration>/],
  [{ 'authmock.config.json': json({ tokenTtl: ['nwapp=99999999999d'] }) }, undefined, 'ERR_CONFIG_INVALID', /authmock\.config\.json: tokenTtl "nwapp=99999999999d": a lifetime is at most 100 years/],
  [{ 'authmock.config.json': json({ logFormat: 'xml' }) }, undefined, 'ERR_CONFIG_INVALID', /"logFormat" is "xml": it takes a string; use pretty or json\.$/],
  [{ 'authmock.config.json': json({ log: 'no', seed: -1 }) }, undefined, 'ERR_CONFIG_INVALID', /"seed" is -1: it takes a whole number from 0 to 4294967295; "log" is "no": it takes true or false/],
  [{ 'authmock.config.json': json({ $schema: 3 }) }, undefined, 'ERR_CONFIG_INVALID', /"\$schema" must be the schema's path or URL/],
  [{ 'authmock.config.json': '{\n  "port": 4010,\n}\n' }, undefined, 'ERR_CONFIG_FILE', /Cannot use the config file authmock\.config\.json: not valid JSON \(line 3, column 1\); JSON has no comments/],
  [{ 'authmock.config.json': '\ufeff{"port": 1}x' }, undefined, 'ERR_CONFIG_FILE', /not valid JSON \(line 1, column 12\)/],
  [{ 'authmock.config.json': '[1]' }, undefined, 'ERR_CONFIG_FILE', /it holds a list, not an object of settings/],
  [{}, 'nope.json', 'ERR_CONFIG_FILE', /Cannot use the config file nope\.json: there is no such file/],
  [{ 'sub/x.json': '{}' }, 'sub', 'ERR_CONFIG_FILE', /Cannot use the config file sub: it is a folder/],
  [{ 'authmock.config.json': '{}', 'authmock.config.mjs': 'export default {}\n' }, undefined, 'ERR_CONFIG_FILE', /authmock\.config\.json and authmock\.config\.mjs: more than one is in the working directory/],
  [{ 'authmock.config.mjs': 'export const port = 1\n' }, undefined, 'ERR_CONFIG_FILE', /authmock\.config\.mjs: it has no default export/],
  [{ 'authmock.config.mjs': 'export default () => ({ port: 1 })\n' }, undefined, 'ERR_CONFIG_FILE', /it holds a function, not an object of settings/],
  [{ 'authmock.config.mjs': 'import "./missing.mjs"\nexport default {}\n' }, undefined, 'ERR_CONFIG_FILE', /it failed to load \(Error( ERR_MODULE_NOT_FOUND)?\); run "node authmock\.config\.mjs" to see where/],
]

t.test('mistakes in the file name the file, the key and what is valid', async (t) => {
  for (const [files, named, code, message] of MISTAKES) {
    const dir = folder(files)
    const error = await loadConfigFile(named, dir).then(() => undefined, (caught: Error & { code?: string }) => caught)
    t.equal(error?.code, code, `${JSON.stringify(files)} ${named ?? ''}`)
    t.match(error?.message, message, `${JSON.stringify(files)} ${named ?? ''}`)
  }
  t.same(await loadConfigFile(undefined, folder()), undefined, 'no file: nothing to apply')
  t.same(await loadConfigFile(undefined, folder({ 'authmock.config.json': json({ $schema: CONFIG_SCHEMA_REF, port: 1 }) })), { file: 'authmock.config.json', settings: { port: 1 } }, '$schema is for editors')
})

t.test('on the command line they exit 2 with one line, never a stack trace', async (t) => {
  const cases: Array<[files: Record<string, string>, args: string[], message: RegExp]> = [
    [{ 'authmock.config.json': json({ prot: 4010 }) }, [], /^authmock: ERR_CONFIG_INVALID: .*authmock\.config\.json: unknown key "prot" \(did you mean "port"\?\)/],
    [{ 'authmock.config.json': json({ apis: 'nwapp' }) }, ['--api', 'nwapp'], /authmock\.config\.json: "apis" is "nwapp"/],
    [{ 'authmock.config.json': '{\n  "port": 4010,\n}\n' }, [], /^authmock: ERR_CONFIG_FILE: .*\(line 3, column 1\)/],
    [{}, ['--config', 'nope.json'], /^authmock: ERR_CONFIG_FILE: Cannot use the config file nope\.json: there is no such file/],
  ]
  const results = await Promise.all(cases.map(([files, args]) => run(folder(files), ['serve', '--port', '0', ...args])))
  cases.forEach(([files, args, message], i) => {
    const res = results[i] as Awaited<ReturnType<typeof run>>
    const label = `${JSON.stringify(files)} ${args.join(' ')}`
    t.equal(res.status, 2, label)
    t.match(res.stderr, message, label)
    t.equal(res.stderr.trim().split('\n').length, 1, `one line: ${label}`)
  })
})

t.test('no secret from the file appears in an error', async (t) => {
  const cases: Array<Record<string, string>> = [
    { 'authmock.config.json': json({ controlToken: 'hunter2' }) },
    { 'authmock.config.json': json({ storeUrl: 'http://user:s3cret-pass@redis.example:6379' }) },
    { 'authmock.config.json': json({ storeUrl: 5, controlToken: ['leaky-secret-token'] }) },
    { 'authmock.config.json': json({ controlTokn: 'file-token-0123456789abcdef' }) },
    { 'authmock.config.json': '{\n  "controlToken": leaky-secret-token\n}\n' },
    { 'authmock.config.json': '{"controlToken": "leaky-secret-token" "port": 1}' },
    { 'authmock.config.mjs': 'export default { controlToken: leaky-secret-token hunter2 }\n' },
    { 'authmock.config.mjs': 'throw new Error("leaky-secret-token")\n' },
  ]
  for (const files of cases) {
    const error = await loadConfigFile(undefined, folder(files)).then(() => undefined, (caught: Error) => caught)
    t.match(error?.message, /config file|Configuration is not valid/, JSON.stringify(files))
    for (const secret of SECRETS) t.notOk(error?.message.includes(secret), `${secret} not shown for ${JSON.stringify(files)}`)
  }
  const [short, syntax] = await Promise.all([cases[0], cases[6]].map((files) => run(folder(files as Record<string, string>), ['serve'])))
  t.match(short?.stderr, /"controlToken": it takes a string of at least 16 characters/, 'the key is named, the value not')
  for (const res of [short, syntax]) {
    t.equal(res?.status, 2)
    for (const secret of SECRETS) t.notOk(`${res?.stdout}${res?.stderr}`.includes(secret), `${secret} not on the terminal`)
  }
})

t.test('the environment wins over the file, a flag over both', async (t) => {
  const fileToken = 'file-token-0123456789abcdef'
  const envToken = 'env-token-0123456789abcdef'
  const dir = folder({ 'authmock.config.json': json({ port: 0, apis: ['nwapp'], controlToken: fileToken }) })
  const status = (url: string | undefined, token: string) => fetch(`${url}/__mock/requests`, { headers: { authorization: `Bearer ${token}` } }).then((res) => res.status)

  const flagToken = 'flag-token-0123456789abcdef'
  const [fromFile, fromEnv, fromFlag] = await Promise.all([
    start(t, dir, ['serve']),
    start(t, dir, ['serve'], { AUTHMOCK_CONTROL_TOKEN: envToken }),
    start(t, dir, ['serve', '--control-token', flagToken], { AUTHMOCK_CONTROL_TOKEN: envToken }),
  ])
  t.equal(await status(fromFile.url, fileToken), 200, 'the file\'s token, with nothing else given')
  t.equal(await status(fromFile.url, 'wrong-token-0123456789abcdef'), 401, 'and it is required')
  t.equal(await status(fromEnv.url, envToken), 200, 'AUTHMOCK_CONTROL_TOKEN over the file')
  t.equal(await status(fromEnv.url, fileToken), 401)
  t.equal(await status(fromFlag.url, flagToken), 200, '--control-token over both')
  t.equal(await status(fromFlag.url, envToken), 401)
})

t.test('authmock init writes a starter the schema accepts and the CLI starts from', async (t) => {
  const dir = folder()
  const init = await run(dir, ['init'])
  t.equal(init.status, 0, init.stderr)
  t.match(init.stdout, /wrote .*authmock\.config\.json/)
  const written = readFileSync(join(dir, 'authmock.config.json'), 'utf8')
  const starter = JSON.parse(written) as Record<string, unknown>
  t.same(starter, { $schema: CONFIG_SCHEMA_REF, port: 4010, host: '127.0.0.1', apis: [], tokenTtl: [], log: true })
  t.equal(CONFIG_SCHEMA_REF, `./node_modules/authmock/${CONFIG_SCHEMA_FILE}`, '$schema points at the file the package ships')
  const schema = JSON.parse(readFileSync(join(ROOT, CONFIG_SCHEMA_FILE), 'utf8')) as Record<string, unknown>
  const validate = new Ajv({ strict: true }).compile(schema)
  t.ok(validate(starter), JSON.stringify(validate.errors))
  t.notOk(validate({ prot: 1 }), 'the schema refuses an unknown key (additionalProperties: false)')

  // The user edits the port (4010 may be taken here) and starts the server from the folder.
  const port = await freePort()
  writeFileSync(join(dir, 'authmock.config.json'), written.replace('"port": 4010', `"port": ${port}`))
  const { url } = await start(t, dir, ['serve'])
  t.equal(url, `http://127.0.0.1:${port}`)
})

t.test('authmock init keeps an existing config unless --force', async (t) => {
  const dir = folder({ 'authmock.config.json': json({ port: 1234 }) })
  const refused = await run(dir, ['init'])
  t.equal(refused.status, 2)
  t.match(refused.stderr, /ERR_CONFIG_EXISTS: authmock\.config\.json is already here: edit it, or run "authmock init --force"/)
  t.same(JSON.parse(readFileSync(join(dir, 'authmock.config.json'), 'utf8')), { port: 1234 }, 'untouched')
  t.equal((await run(dir, ['init', '--force'])).status, 0)
  t.match(readFileSync(join(dir, 'authmock.config.json'), 'utf8'), /"port": 4010/, '--force replaces it')

  const code = folder({ 'authmock.config.mjs': 'export default {}\n' })
  const [withCode, bogus] = await Promise.all([run(code, ['init', '--force']), run(code, ['init', '--bogus'])])
  t.equal(withCode.status, 2, 'an .mjs config is never replaced')
  t.match(withCode.stderr, /authmock\.config\.mjs is already here: edit it \(init writes authmock\.config\.json, and one folder holds one config file\)/)
  t.equal(bogus.status, 2)
  t.match(bogus.stderr, /init: Unknown option '--bogus'/)
})

t.test('the parser reads --config and init apart from the settings', async (t) => {
  t.same(parseCli(['serve', '--config', 'ci.json', '--port', '0']), { command: 'serve', config: { port: 0 }, configFile: 'ci.json' })
  t.same(parseCli(['-c', 'ci.json', 'apis']), { command: 'apis', config: {}, configFile: 'ci.json' })
  t.same(parseCli(['verify', '--base-url', 'http://x', '--config', 'ci.json']).configFile, 'ci.json')
  t.same(parseCli(['proxy', '--target', 'http://x', '-c', 'ci.mjs']).configFile, 'ci.mjs')
  t.same(parseCli(['init']), { command: 'init', config: {}, force: false })
  t.same(parseCli(['init', '--force']), { command: 'init', config: {}, force: true })
  t.same(parseCli(['init', '--help']).command, 'help')
  t.throws(() => parseCli(['init', '--port', '1']), UsageError)
  t.throws(() => parseCli(['--port', '1', 'init']), { message: /init takes no serve options/ })
})

t.test('writeStarterConfig writes once, replaces with force, never over code', async (t) => {
  const dir = folder()
  const path = writeStarterConfig(dir, false)
  t.equal(readFileSync(path, 'utf8'), starterConfig())
  t.throws(() => writeStarterConfig(dir, false), { code: 'ERR_CONFIG_EXISTS', message: /authmock\.config\.json is already here: edit it, or run "authmock init --force"/ })
  writeFileSync(path, '{}')
  t.equal(writeStarterConfig(dir, true), path)
  t.equal(readFileSync(path, 'utf8'), starterConfig(), 'replaced')
  t.throws(() => writeStarterConfig(folder({ 'authmock.config.js': 'module.exports = {}' }), true), { code: 'ERR_CONFIG_EXISTS', message: /authmock\.config\.js is already here/ })
  t.throws(() => writeStarterConfig(join(dir, 'no', 'such', 'folder'), false), { code: 'ENOENT' }, 'other write failures are not hidden')
})

t.test('schema/authmock.config.schema.json is the one the option table gives', async (t) => {
  const committed = readFileSync(join(ROOT, CONFIG_SCHEMA_FILE), 'utf8')
  t.equal(committed, `${JSON.stringify(configFileSchema(), null, 2)}\n`, 'stale: run npx tsx scripts/write-config-schema.ts')
  const schema = JSON.parse(committed) as { additionalProperties: boolean; properties: Record<string, { description?: string }> }
  t.equal(schema.additionalProperties, false)
  for (const [key, property] of Object.entries(schema.properties)) t.ok(property.description, `${key} has a description an editor shows`)
})
