/**
 * `authmock verify`'s new surface (issue 13): --generate/--seed/--rate from
 * the command line, the json/html/github reporters chosen by --reporter
 * (github's job summary to $GITHUB_STEP_SUMMARY), accounts from the
 * environment (AUTHMOCK_EMAIL..., per API AUTHMOCK_<API>_<FIELD>) and
 * --min-coverage as an exit code.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { parseCli } from '../src/cli/parse-cli.js'
import { resolveConfig } from '../src/config/resolve-config.js'
import { resolveAccounts } from '../src/contract/resolve-accounts.js'
import { runVerify } from '../src/contract/verify-command.js'
import { buildModel } from '../src/model/build-model.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

const nwapp = MOCK_ACCOUNTS.nwapp as Record<string, string>
const whippy = MOCK_ACCOUNTS['whippy-ware'] as Record<string, string>

function output() {
  const chunks: string[] = []
  return { isTTY: false, write: (text: string) => { chunks.push(text) }, text: () => chunks.join('') }
}

t.test('the flags parse, and their bounds are refused with the flag named', async (t) => {
  const cli = parseCli(['verify', '--base-url', 'http://x', '--generate', '50', '--seed', '9', '--rate', '0', '--max-requests', '300', '--min-coverage', '80', '--reporter', 'github'])
  t.match(cli, { command: 'verify', config: { seed: 9 }, verify: { generate: 50, rate: 0, maxRequests: 300, minCoverage: 80, reporter: 'github' } })
  t.throws(() => parseCli(['verify', '--base-url', 'http://x', '--min-coverage', '101']), /--min-coverage takes a whole percentage from 0 to 100, got "101"/)
  t.throws(() => parseCli(['verify', '--base-url', 'http://x', '--generate', 'many']), /--generate takes a whole number, got "many"/)
})

t.test('accounts from the environment: per API first, then the flag, then the variable for every API', async (t) => {
  const apis = buildModel(loadSources()).apis.filter((a) => a.name === 'nwapp' || a.name === 'whippy-ware')
  const env = { AUTHMOCK_EMAIL: 'all@example.com', AUTHMOCK_PASSWORD: 'pw-all', AUTHMOCK_USERNAME: 'user-all', AUTHMOCK_WHIPPY_WARE_PASSWORD: 'pw-whippy' }
  t.same(resolveAccounts(apis, {}, env), { nwapp: { email: 'all@example.com', password: 'pw-all', username: 'user-all' }, 'whippy-ware': { email: 'all@example.com', password: 'pw-whippy', username: 'user-all' } })
  t.match(resolveAccounts(apis, { password: 'pw-flag' }, env), { nwapp: { password: 'pw-flag' }, 'whippy-ware': { password: 'pw-whippy' } }, 'the flag beats the variable for every API, not the per-API one')
  t.throws(() => resolveAccounts(apis, {}, { AUTHMOCK_EMAIL: 'a@b.c' }), /set AUTHMOCK_EMAIL \(or AUTHMOCK_NWAPP_EMAIL\) and AUTHMOCK_PASSWORD \(or AUTHMOCK_NWAPP_PASSWORD\) in the environment/)
})

t.test('runVerify: generated cases, json/html/github reports, the coverage floor as the exit code', async (t) => {
  const app = await buildApp({ seed: 3 })
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const dir = mkdtempSync(join(tmpdir(), 'authmock-verify-'))
  const env = { AUTHMOCK_NWAPP_EMAIL: nwapp.email, AUTHMOCK_NWAPP_PASSWORD: nwapp.password, AUTHMOCK_WHIPPY_WARE_USERNAME: whippy.username, AUTHMOCK_WHIPPY_WARE_PASSWORD: whippy.password }
  const config = resolveConfig({ log: false, apis: ['nwapp', 'whippy-ware'], seed: 77 })

  const json = output()
  t.equal(await runVerify({ baseUrl: url, reporter: 'json', generate: 20, rate: 0 }, config, json, env), 0)
  const data = JSON.parse(json.text()) as { ok: boolean; seed: number; coverage: { total: number; seen: number }; cases: Array<{ generated?: { category: string } }> }
  t.equal(data.ok, true)
  t.equal(data.seed, 77, 'the seed given is the seed used and reported')
  t.ok(data.cases.some((c) => c.generated?.category === 'non-ASCII strings'), 'generated cases ran')
  t.ok(data.coverage.total > 0 && data.coverage.seen > 0)

  const html = join(dir, 'report.html')
  t.equal(await runVerify({ baseUrl: url, reporter: 'html', output: html }, config, output(), env), 0)
  t.match(readFileSync(html, 'utf8'), /^<!doctype html>/i)

  const summary = join(dir, 'summary.md')
  const github = output()
  t.equal(await runVerify({ baseUrl: url, reporter: 'github', minCoverage: 100 }, config, github, { ...env, GITHUB_STEP_SUMMARY: summary }), 1, 'below --min-coverage: exit 1 though every case passed')
  t.match(github.text(), /^::warning title=[^\n]*::[^\n]*below --min-coverage 100%/m)
  t.match(readFileSync(summary, 'utf8'), /documented responses/)
  for (const text of [json.text(), github.text(), readFileSync(html, 'utf8'), readFileSync(summary, 'utf8')]) {
    t.notOk([nwapp.password, whippy.password].some((p) => text.includes(p as string)), 'no password in any report')
  }
  await t.rejects(runVerify({ baseUrl: url, reporter: 'github' }, config, output(), { ...env, GITHUB_STEP_SUMMARY: join(dir, 'no-dir', 'x.md') }), { code: 'ERR_VERIFY_OUTPUT' })
})
