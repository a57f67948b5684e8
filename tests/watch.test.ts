import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, as tests/cli.test.ts runs it.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const DOCUMENTED_401 = 'Authentication credentials were not provided.'

/** Polls `check` every 50 ms until it holds, for at most `ms`; the failure says what was last seen. */
async function until(what: string, ms: number, check: () => Promise<boolean> | boolean, seen: () => string): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`not within ${ms} ms: ${what}; last seen: ${seen()}`)
}

t.test('serve --watch reloads an edited spec, keeps live tokens, and keeps the last good model over a broken edit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync('spec', join(dir, 'spec'), { recursive: true })
  cpSync('fixtures', join(dir, 'fixtures'), { recursive: true })
  const specFile = join(dir, 'spec', 'nwapp.yaml')
  const original = readFileSync(specFile, 'utf8')
  t.ok(original.includes(DOCUMENTED_401), 'the 401 body to edit is in the spec')

  const child = spawn(process.execPath, [...CLI, 'serve', '--watch', '--port', '0', '--quiet', '--spec-dir', join(dir, 'spec'), '--fixtures-dir', join(dir, 'fixtures')], {
    stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(),
  })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (chunk) => { out += chunk })
  child.stderr.on('data', (chunk) => { out += chunk })
  await until('the banner', 15_000, () => /on http:\/\/127\.0\.0\.1:\d+/.test(out) && out.includes('Watching '), () => out)
  const base = `http://127.0.0.1:${(/on http:\/\/127\.0\.0\.1:(\d+)/.exec(out) as RegExpExecArray)[1]}`

  const login = await fetch(`${base}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' }) })
  t.equal(login.status, 200, 'logs in')
  const token = ((await login.json()) as { access_token: { token: string } }).access_token.token
  t.type(token, 'string', 'with an access token')
  const profile = (): Promise<Response> => fetch(`${base}/api/v1/public/profile`, { headers: { authorization: `Bearer ${token}` } })
  let detail = ''
  const unauthorized = async (): Promise<string> => {
    detail = ((await (await fetch(`${base}/api/v1/public/profile`)).json()) as { detail: string }).detail
    return detail
  }
  t.equal(await unauthorized(), DOCUMENTED_401, 'the 401 body is the documented one')

  writeFileSync(specFile, original.replaceAll(DOCUMENTED_401, 'Edited while serving.'))
  await until('the edited 401 body', 8_000, async () => (await unauthorized()) === 'Edited while serving.', () => detail)
  t.match(out, /reloaded specs: nwapp\.yaml \(\d+ operations\)/, 'the log says what reloaded')
  const kept = await profile()
  t.equal(kept.status, 200, 'the token issued before the reload still works: the state stayed')
  t.equal(((await kept.json()) as { email: string }).email, 'bart@mikasoftware.com', 'for its account')

  const reloads = (out.match(/reloaded specs/g) ?? []).length
  writeFileSync(specFile, `${original.replaceAll(DOCUMENTED_401, 'Broken edit.')}\n  broken: [unclosed\n`)
  await until('the reload failure', 8_000, () => out.includes('reload failed'), () => out)
  t.match(out, /reload failed, still serving the last good specs: ERR_SPEC_INVALID: .*nwapp\.yaml/, 'the failure names its code and file')
  t.equal(await unauthorized(), 'Edited while serving.', 'the last good model still answers')
  t.equal((await profile()).status, 200, 'and the token still works')
  t.equal((out.match(/reloaded specs/g) ?? []).length, reloads, 'nothing reloaded')

  writeFileSync(specFile, original.replaceAll(DOCUMENTED_401, 'Fixed again.'))
  await until('the fixed 401 body', 8_000, async () => (await unauthorized()) === 'Fixed again.', () => detail)
  t.equal((await profile()).status, 200, 'the token works after the fix too')
  t.equal(child.exitCode, null, 'the server never stopped')

  child.kill('SIGTERM')
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (exit) => resolve(exit))
  })
  t.equal(code, 0, 'SIGTERM closes the watcher with the server, and the process exits')
})
