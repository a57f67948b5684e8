import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildApp, type AppOptions } from '../src/server/build-app.js'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, as tests/cli.test.ts runs it.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: childEnv(env) })

t.test('values that name nothing in the specs stop the start, naming the value and what exists', async (t) => {
  const cases: Array<[AppOptions, RegExp]> = [
    [{ tokenTtlMs: { nwap: 60_000 } }, /--token-ttl nwap: no API "nwap" is served \(served: akinon-commerce, nwapp, unicommerce, whippy-ware\)/],
    [{ tokenTtlMs: { 'nwapp.bogus': 60_000 } }, /--token-ttl nwapp\.bogus: nwapp issues no credential kind "bogus" \(kinds: access, refresh\)/],
    [{ statusOverrides: { 'nwapp:nope': 401 } }, /--status nwapp:nope: nwapp documents no example "nope" \(examples: .*invalid-credentials/],
    [{ statusOverrides: { 'nowhere:throttled': 429 } }, /--status nowhere:throttled: no API "nowhere"/],
    [{ cookieNames: { nope: 'x' } }, /--cookie-name nope=x: no served API documents a cookie "nope" \(cookies: .*osessionid/],
  ]
  for (const [options, message] of cases) await t.rejects(buildApp(options), { code: 'ERR_CONFIG_INVALID', message }, JSON.stringify(options))
  const renamed = await buildApp({ cookieNames: { osessionid: 'sessionid' }, tokenTtlMs: { 'nwapp.access': 1000, unicommerce: null, '*': 5000 }, statusOverrides: { 'unicommerce:invalid-credentials': 401 } })
  t.teardown(() => renamed.close())
  t.pass('names that exist are accepted')
})

t.test('on the command line they exit 2 with a sentence, never a stack trace', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'authmock-empty-'))
  const cases: Array<[string[], RegExp]> = [
    [['serve', '--token-ttl', 'nwap=1m'], /--token-ttl nwap: no API "nwap" is served/],
    [['serve', '--spec-dir', '/no/such/dir'], /--spec-dir \/no\/such\/dir: no such folder/],
    [['serve', '--fixtures-dir', '/no/such/dir'], /--fixtures-dir \/no\/such\/dir: no such folder/],
    [['serve', '--spec-dir', empty], /holds no <api>\.yaml spec/],
    [['proxy', '--target', 'http://127.0.0.1:9', '--cookie-name', 'nope=x'], /no served API documents a cookie "nope"/],
    [['verify', '--base-url', 'http://127.0.0.1:9', '--status', 'nwapp:nope=401'], /--status nwapp:nope: nwapp documents no example "nope"/],
    [['serve', '--remote-control'], /remote control needs a control token/],
    [['serve', '--max-accounts', 'many'], /--max-accounts takes a whole number, got "many"/],
    [['serve', '--token-ttl', 'nwapp=99999999999999d'], /a lifetime is at most 100 years/],
  ]
  for (const [args, message] of cases) {
    const res = run(args)
    t.equal(res.status, 2, args.join(' '))
    t.match(res.stderr, message, args.join(' '))
    t.notMatch(res.stderr, /\n\s+at /, `no stack trace: ${args.join(' ')}`)
  }
})

t.test('a host that does not resolve is a sentence and exit 2', async (t) => {
  const res = run(['serve', '--host', 'no-such-host.invalid', '--port', '0'])
  t.equal(res.status, 2)
  t.match(res.stderr, /Cannot listen on --host "no-such-host\.invalid"/)
  t.notMatch(res.stderr, /\n\s+at /)
})

t.test('a control token that is too short is refused without being echoed', async (t) => {
  for (const [args, env] of [[['serve', '--control-token', 'hunter2'], {}], [['serve'], { AUTHMOCK_CONTROL_TOKEN: 'hunter2' }]] as const) {
    const res = run([...args], env)
    t.equal(res.status, 2)
    t.match(res.stderr, /controlToken: use at least 16 printable characters/)
    t.notMatch(res.stderr + res.stdout, /hunter2/)
  }
})
