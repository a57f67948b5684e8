import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import t, { type Test } from 'tap'
import { parseCli } from '../src/cli/parse-cli.js'
import { resolveConfig, type Config } from '../src/config/resolve-config.js'
import { runVerify } from '../src/contract/verify-command.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { buildDeviatingServer, DEVIATIONS, MOCK_ACCOUNTS } from './fixtures/deviating-server.js'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const dir = mkdtempSync(join(tmpdir(), 'authmock-cli-'))

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs the CLI without blocking the event loop (the servers it talks to live in this process). */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

const config = (partial: Partial<Config> = {}) => resolveConfig({ log: false, ...partial })

/** Collects what runVerify writes; `isTTY` picks the default reporter. */
function output(isTTY: boolean) {
  let text = ''
  return { isTTY, write: (chunk: string) => { text += chunk }, text: () => text }
}

t.test('usage mistakes are refused before anything is sent, naming the flag', async (t) => {
  const parsing: Array<[string[], RegExp]> = [
    [['verify', '--api', 'nwapp'], /^verify needs --base-url <url>/],
    [['verify', '--base-url', 'http://x', '--reporter', 'xml'], /^--reporter takes pretty, tap, junit, json, github, html, got "xml"$/],
    [['verify', '--base-url', 'http://x', '--timeout', 'soon'], /^--timeout takes a whole number, got "soon"$/],
    [['verify', '--base-url', 'http://x', '--target', 'http://y'], /^verify: Unknown option '--target'/],
    [['proxy', '--api', 'nwapp'], /^proxy needs --target <url>/],
    [['serve', '--base-url', 'http://x'], /^Unknown option '--base-url'/],
  ]
  for (const [args, message] of parsing) t.throws(() => parseCli(args), { name: 'UsageError', message }, args.join(' '))
  t.match(parseCli(['verify', '--base-url', 'http://x', '--only', 'a', '--only', 'b', '--insecure', '--timeout', '500']), {
    command: 'verify', verify: { baseUrl: 'http://x', only: ['a', 'b'], insecure: true, timeoutMs: 500 },
  })
  t.match(parseCli(['proxy', '--target', 'http://x', '-p', '0', '--quiet']), { command: 'proxy', config: { port: 0, log: false }, proxy: { target: 'http://x' } })

  const badFile = join(dir, 'bad.json')
  writeFileSync(badFile, '{"email": ')
  const checking: Array<[Parameters<typeof runVerify>[0], Partial<Config>, string, RegExp]> = [
    [{ baseUrl: 'http://127.0.0.1:1' }, { apis: ['nwapp'] }, 'ERR_VERIFY_NO_CREDENTIALS', /^nwapp logs in with email and password: pass --email and --password, set AUTHMOCK_EMAIL \(or AUTHMOCK_NWAPP_EMAIL\) and AUTHMOCK_PASSWORD \(or AUTHMOCK_NWAPP_PASSWORD\) in the environment, or pass --credentials <file> with \{"email":"...","password":"..."\}/],
    [{ baseUrl: 'http://127.0.0.1:1', email: 'a@b.c', password: 'x' }, { apis: ['whippy-ware'] }, 'ERR_VERIFY_NO_CREDENTIALS', /^whippy-ware logs in with username and password: pass --username and --password/],
    [{ baseUrl: 'ftp://example.com', email: 'a@b.c', password: 'x' }, { apis: ['nwapp'] }, 'ERR_VERIFY_BASE_URL', /^--base-url "ftp:\/\/example.com" is not an http\(s\) URL/],
    [{ baseUrl: 'http://127.0.0.1:1', credentials: badFile }, { apis: ['nwapp'] }, 'ERR_VERIFY_CREDENTIALS_FILE', /^Cannot use the credentials file .*bad\.json/],
    [{ baseUrl: 'http://127.0.0.1:1', email: 'a@b.c', password: 'x', only: ['nope'] }, { apis: ['nwapp'] }, 'ERR_VERIFY_ONLY_UNKNOWN', /^--only nope matches no operation of nwapp/],
  ]
  for (const [flags, partial, code, message] of checking) {
    await t.rejects(runVerify(flags, config(partial), output(false)), { code, message }, code)
  }
})

t.test('verify reports live on a terminal, writes JUnit to --output, and returns the exit code', async (t) => {
  const mock = await buildApp({ seed: 5 })
  const deviating = await buildDeviatingServer()
  t.teardown(async () => {
    await mock.close()
    await deviating.close()
  })
  const [mockUrl, deviatingUrl] = [await listen(mock, { port: 0 }), await listen(deviating, { port: 0 })]
  const credentials = join(dir, 'credentials.json')
  writeFileSync(credentials, JSON.stringify(MOCK_ACCOUNTS))

  const terminal = output(true)
  t.equal(await runVerify({ baseUrl: mockUrl, credentials }, config(), terminal), 0)
  const [title, api, first] = terminal.text().split('\n')
  t.match(title, /^authmock verify akinon-commerce, nwapp, unicommerce, whippy-ware against http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(api, 'akinon-commerce')
  t.ok(first?.startsWith('  \u001b[32m✓\u001b[0m GET /csrf_token/ (happy path) '), 'a coloured line per case, as it ends')
  t.match(terminal.text(), /\n\d+ passed, 0 failed, 1 skipped\n$/)
  for (const account of Object.values(MOCK_ACCOUNTS)) t.notOk(terminal.text().includes(account.password as string), 'no password printed')

  const nwapp = MOCK_ACCOUNTS.nwapp as Record<string, string>
  const piped = output(false)
  t.equal(await runVerify({ baseUrl: mockUrl, email: nwapp.email }, config({ apis: ['nwapp'] }), piped, { AUTHMOCK_PASSWORD: nwapp.password }), 0, 'the password can come from AUTHMOCK_PASSWORD')
  t.match(piped.text(), /^TAP version 14\n/, 'tap when stdout is not a terminal')

  const junit = join(dir, 'report.xml')
  const written = output(true)
  t.equal(await runVerify({ baseUrl: deviatingUrl, credentials, reporter: 'junit', output: junit }, config({ apis: ['nwapp', 'akinon-commerce'] }), written), 1)
  t.match(written.text(), new RegExp(`^authmock verify: junit report written to .*report\\.xml\\n\\d+ passed, ${DEVIATIONS.length} failed, 1 skipped\\n$`))
  const xml = readFileSync(junit, 'utf8')
  t.equal(XMLValidator.validate(xml), true)
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { failures: string } }
  t.equal(Number(parsed.testsuites.failures), DEVIATIONS.length)
  await t.rejects(runVerify({ baseUrl: deviatingUrl, credentials, output: join(dir, 'missing-dir', 'x.xml') }, config({ apis: ['nwapp'] }), output(false)), { code: 'ERR_VERIFY_OUTPUT' })
})

t.test('the authmock command: exit 2 on a usage mistake, 1 when a case fails; proxy forwards, logs and stops on SIGTERM', async (t) => {
  const deviating = await buildDeviatingServer()
  t.teardown(() => deviating.close())
  const url = await listen(deviating, { port: 0 })
  const nwapp = MOCK_ACCOUNTS.nwapp as Record<string, string>
  // Three processes at once: each spends most of its time starting up.
  const [usage, failing] = await Promise.all([
    run(['verify', '--api', 'nwapp', '--base-url', url]),
    run(['verify', '--api', 'nwapp', '--base-url', url, '--email', nwapp.email as string, '--reporter', 'pretty'], { AUTHMOCK_PASSWORD: nwapp.password as string }),
    proxy(t, url),
  ])
  t.equal(usage.status, 2)
  t.match(usage.stderr, /ERR_VERIFY_NO_CREDENTIALS: nwapp logs in with email and password: pass --email and --password/)
  t.equal(failing.status, 1, failing.stderr)
  t.match(failing.stdout, /\n {2}GET \/api\/v1\/public\/profile \(happy path\): missing required property "user_id" at \/user_id/)
  t.match(failing.stdout, /\n\d+ passed, 7 failed, 1 skipped\n$/)
})

/** `authmock proxy` in front of the deviating server: one call through it, then SIGTERM. */
async function proxy(t: Test, target: string): Promise<void> {
  const child = spawn(process.execPath, [...CLI, 'proxy', '--api', 'nwapp', '--target', target, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => child.kill('SIGKILL'))
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  for (let i = 0; i < 600 && !/Ctrl-C/.test(out); i++) await new Promise((r) => setTimeout(r, 50))
  const url = /proxy on (http:\/\/\S+)/.exec(out)?.[1]
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'proxy banner')
  const res = await fetch(`${url}/api/v1/public/profile`)
  t.equal(res.status, 401, 'forwarded')
  t.equal(res.headers.get('x-authmock-violations'), '1')
  const served = await (await fetch(`${url}/__mock/violations`)).json() as { count: number }
  t.equal(served.count, 1)
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'proxy stops cleanly')
  t.match(out, /GET \/api\/v1\/public\/profile -> 401: 1 violation\(s\)\n {2}GET \/api\/v1\/public\/profile \(response\): missing required header www-authenticate/)
}
