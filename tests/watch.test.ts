import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { childEnv } from './child-env.js'
import { startTestRedis } from './redis-server.js'

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

/** A `serve --watch` CLI child (with `args`) on a copy of the shipped specs and fixtures (without those `leaveOut` names), with its output so far. */
async function watching(t: Test, leaveOut: string[] = [], args: string[] = []): Promise<{ dir: string; base: string; out: () => string; child: ReturnType<typeof spawn> }> {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync('spec', join(dir, 'spec'), { recursive: true })
  cpSync('fixtures', join(dir, 'fixtures'), { recursive: true })
  for (const file of leaveOut) renameSync(join(dir, file), join(dir, `${file}.away`))
  const child = spawn(process.execPath, [...CLI, 'serve', '--watch', '--port', '0', '--quiet', '--spec-dir', join(dir, 'spec'), '--fixtures-dir', join(dir, 'fixtures'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(),
  })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout?.on('data', (chunk) => { out += chunk })
  child.stderr?.on('data', (chunk) => { out += chunk })
  await until('the banner', 15_000, () => /on http:\/\/127\.0\.0\.1:\d+/.test(out) && out.includes('Watching '), () => out)
  const base = `http://127.0.0.1:${(/on http:\/\/127\.0\.0\.1:(\d+)/.exec(out) as RegExpExecArray)[1]}`
  return { dir, base, out: () => out, child }
}

t.test('serve --watch reloads an edited spec, keeps live tokens, and keeps the last good model over a broken edit', async (t) => {
  const { dir, base, out, child } = await watching(t)
  const specFile = join(dir, 'spec', 'nwapp.yaml')
  const original = readFileSync(specFile, 'utf8')
  t.ok(original.includes(DOCUMENTED_401), 'the 401 body to edit is in the spec')

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
  t.match(out(), /reloaded specs: nwapp\.yaml \(\d+ operations\)/, 'the log says what reloaded')
  const kept = await profile()
  t.equal(kept.status, 200, 'the token issued before the reload still works: the state stayed')
  t.equal(((await kept.json()) as { email: string }).email, 'bart@mikasoftware.com', 'for its account')

  const reloads = (out().match(/reloaded specs/g) ?? []).length
  writeFileSync(specFile, `${original.replaceAll(DOCUMENTED_401, 'Broken edit.')}\n  broken: [unclosed\n`)
  await until('the reload failure', 8_000, () => out().includes('reload failed'), out)
  t.match(out(), /reload failed, still serving the last good specs: ERR_SPEC_INVALID: .*nwapp\.yaml/, 'the failure names its code and file')
  t.equal(await unauthorized(), 'Edited while serving.', 'the last good model still answers')
  t.equal((await profile()).status, 200, 'and the token still works')
  t.equal((out().match(/reloaded specs/g) ?? []).length, reloads, 'nothing reloaded')

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

t.test('serve --watch reloads fixture accounts under live tokens, and serves a spec added to the folder', async (t) => {
  const { dir, base, out } = await watching(t, ['spec/unicommerce.yaml'])
  const login = (email: string, password: string): Promise<Response> =>
    fetch(`${base}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  const first = await login('bart@mikasoftware.com', '123password')
  t.equal(first.status, 200, 'logs in with the shipped password')
  const token = ((await first.json()) as { access_token: { token: string } }).access_token.token
  const profile = async (): Promise<{ status: number; email?: string }> => {
    const response = await fetch(`${base}/api/v1/public/profile`, { headers: { authorization: `Bearer ${token}` } })
    return { status: response.status, ...((await response.json()) as { email?: string }) }
  }
  t.equal((await fetch(`${base}/authToken`, { method: 'POST' })).status, 404, 'unicommerce is not served: its spec is not in the folder')

  // Edit the first account's password and add an account before it.
  const fixtureFile = join(dir, 'fixtures', 'nwapp.json')
  const fixtures = JSON.parse(readFileSync(fixtureFile, 'utf8')) as { accounts: Array<Record<string, unknown> & { profile: Record<string, unknown> }> }
  const [bart] = fixtures.accounts as [typeof fixtures.accounts[number]]
  bart.password = 'changed-while-serving'
  fixtures.accounts.unshift({ ...bart, email: 'new.hire@example.com', password: 'new-hire-pass', profile: { ...bart.profile, user_id: 99, email: 'new.hire@example.com' } })
  writeFileSync(fixtureFile, JSON.stringify(fixtures, null, 2))
  await until('the new password', 8_000, async () => (await login('bart@mikasoftware.com', 'changed-while-serving')).status === 200, out)
  t.match(out(), new RegExp(`reloaded fixtures: nwapp\\.json \\(${fixtures.accounts.length} accounts\\)`), 'the log says what reloaded, with the account count')
  t.equal((await login('bart@mikasoftware.com', '123password')).status, 400, 'the old password is refused')
  t.equal((await login('new.hire@example.com', 'new-hire-pass')).status, 200, 'the added account logs in')
  const kept = await profile()
  t.equal(kept.status, 200, 'the token issued before the reload still works')
  t.equal(kept.email, 'bart@mikasoftware.com', 'for the same account (known by its e-mail, not its position in the file)')

  // Empty the accounts: the live token names an account that is no longer there.
  writeFileSync(fixtureFile, JSON.stringify({ ...fixtures, accounts: [] }, null, 2))
  await until('the emptied fixtures', 8_000, async () => (await profile()).status === 401, () => out())
  t.equal((await login('new.hire@example.com', 'new-hire-pass')).status, 400, 'no account logs in')

  // A spec added to the folder is served; removed, it is not.
  renameSync(join(dir, 'spec', 'unicommerce.yaml.away'), join(dir, 'spec', 'unicommerce.yaml'))
  const seller = (): Promise<Response> => fetch(`${base}/authToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'seller-one', password: 'seller-one-pass' }) })
  await until('unicommerce served', 8_000, async () => (await seller()).status === 200, out)
  t.match(out(), /now also serving unicommerce/, 'the log names the API added')
  const health = (await (await fetch(`${base}/__mock/health`)).json()) as { apis: Array<{ name: string }> }
  t.ok(health.apis.some((api) => api.name === 'unicommerce'), 'health lists it')
  const docs = await fetch(`${base}/__mock/docs/unicommerce.json`)
  t.equal(docs.status, 200, 'the reference page has its document')

  rmSync(join(dir, 'spec', 'unicommerce.yaml'))
  await until('unicommerce gone', 8_000, async () => (await seller()).status === 404, out)
  t.match(out(), /no longer serving unicommerce/, 'the log names the API removed')
  t.equal((await profile()).status, 401, 'the state of the other APIs stays as it was')
})

t.test('serve --watch --store: a reload swaps the fixtures over the shared state, which stays', async (t) => {
  const redis = await startTestRedis(t)
  if (!redis) return
  const { dir, base, out } = await watching(t, [], ['--store', redis.url])
  // Unicommerce answers a wrong password 200 too, with {"status": "INVALID_CREDENTIALS"}: a login is an access token.
  const login = async (password: string): Promise<boolean> => {
    const response = await fetch(`${base}/authToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'seller-one', password }) })
    return typeof ((await response.json()) as { accessToken?: unknown }).accessToken === 'string'
  }
  t.ok(await login('seller-one-pass'), 'logs in against the shipped fixtures')
  const fixtureFile = join(dir, 'fixtures', 'unicommerce.json')
  const fixtures = JSON.parse(readFileSync(fixtureFile, 'utf8')) as { accounts: Array<{ password: string }> }
  ;(fixtures.accounts[0] as { password: string }).password = 'changed-in-redis-mode'
  writeFileSync(fixtureFile, JSON.stringify(fixtures, null, 2))
  await until('the new password', 8_000, () => login('changed-in-redis-mode'), out)
  t.notOk(await login('seller-one-pass'), 'the old password is refused')
  const journal = (await (await fetch(`${base}/__mock/requests?limit=50`)).json()) as { requests: Array<{ operationId?: string }> }
  t.ok(journal.requests.filter((r) => r.operationId === 'unicommerceAuthToken').length >= 3, 'the journal in Redis kept the requests from before the reload')
})

t.test('serve --watch checks a saved config file and names what changed (never a value), without applying it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-watch-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'authmock.config.json')
  const token = 'file-control-token-0123456789'
  writeFileSync(file, JSON.stringify({ tokenTtl: ['nwapp.access=15m'], controlToken: token }))
  const { base, out } = await watching(t, [], ['--config', file])
  t.match(out(), /A change to authmock\.config\.json is checked, and applies at the next start/, 'the banner says the config file is watched')

  writeFileSync(file, JSON.stringify({ tokenTtl: ['nwapp.access=1m'], controlToken: `${token}-new`, maxAccounts: 5 }))
  await until('the change line', 8_000, () => /authmock\.config\.json changed /.test(out()), out)
  t.match(out(), /authmock\.config\.json changed tokenTtl, maxAccounts, controlToken: restart authmock to apply/, 'names the changed keys')
  t.notMatch(out(), /15m|1m\b|file-control-token/, 'shows no value, the control token least of all')
  const sessions = (bearer: string): Promise<number> => fetch(`${base}/__mock/sessions`, { headers: { authorization: `Bearer ${bearer}` } }).then((r) => r.status)
  t.equal(await sessions(token), 200, 'the running settings stay: the control token it started with still opens the control API')
  t.equal(await sessions(`${token}-new`), 401, 'and the edited one does not')

  writeFileSync(file, '{"logFormat": "xml"}')
  await until('the refusal', 8_000, () => /would not start/.test(out()), out)
  t.match(out(), /authmock\.config\.json changed but would not start: ERR_CONFIG_INVALID: .*logFormat.*The running settings stay\./, 'a bad value is reported as a start would refuse it')

  writeFileSync(file, JSON.stringify({ tokenTtl: ['nwapp.access=15m'], controlToken: token }))
  await until('the settings back', 8_000, () => /settings are the ones running/.test(out()), out)
  t.equal((await fetch(`${base}/__mock/health`)).status, 200, 'the server keeps serving through every edit')
})
