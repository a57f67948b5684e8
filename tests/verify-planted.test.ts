/**
 * `verify --generate` (issue 13) against tests/fixtures/planted-server.ts:
 * the four planted kinds found and named, which the fixed cases miss;
 * reproducers that replay with curl and name secrets by variable; no
 * reporter shows a secret given or handed out.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { formatGithub } from '../src/contract/format-github.js'
import { formatHtml } from '../src/contract/format-html.js'
import { formatJson } from '../src/contract/format-json.js'
import { formatJunit } from '../src/contract/format-junit.js'
import { formatPretty } from '../src/contract/format-pretty.js'
import { formatTap } from '../src/contract/format-tap.js'
import { verifyServer } from '../src/contract/verify-server.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'
import { PLANTED, startPlantedServer } from './fixtures/planted-server.js'
import { requireTool } from './require-tool.js'

const model = buildModel(loadSources())
const seed = Number(process.env.AUTHMOCK_GENERATE_SEED ?? Math.floor(Math.random() * 2 ** 31))
t.comment(`generate seed ${seed} (replay with AUTHMOCK_GENERATE_SEED=${seed})`)
const fast = { rate: 0, maxRequests: 100_000 }

t.test('the planted deviations: the fixed cases miss them, --generate finds and names each kind', async (t) => {
  const front = await startPlantedServer()
  t.teardown(() => front.close())
  // Akinon Commerce has nothing planted; its false alarms are verify-generate.test.ts's to catch.
  const apis = ['nwapp', 'whippy-ware', 'unicommerce']
  const fixed = await verifyServer({ model, apis, baseUrl: front.url, accounts: MOCK_ACCOUNTS })
  t.same(fixed.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.operationId} ${c.case}`), [], 'the fixed cases alone pass')

  const result = await verifyServer({ model, apis, baseUrl: front.url, accounts: MOCK_ACCOUNTS, generate: 200, seed, ...fast })
  const failed = result.cases.filter((c) => c.outcome === 'failed')
  t.notOk(result.ok)
  for (const planted of PLANTED) {
    const found = failed.find((c) => c.operationId === planted.operationId && c.generated?.kind === planted.kind && planted.categories.test(c.generated.category) && c.status === planted.status)
    t.ok(found, `found: ${planted.what}`)
    t.match(found?.reproducer, /^curl -sS -i -X '(GET|POST)' /, 'with a curl reproducer')
    t.ok(found?.generated?.input, 'with the shrunk input')
  }
  // An input may trip a planted deviation in another category too (a long e-mail in a body missing its password): only operations with nothing planted must stay clean.
  const stray = failed.filter((c) => !PLANTED.some((p) => p.operationId === c.operationId))
  t.same(stray.map((c) => `${c.operationId} ${c.case} ${c.status}`), [], 'no failure elsewhere (no false alarm)')
  // Shrunk: a random e-mail that tripped the bound of 64 comes back not much past it ('long strings' are at the documented maximum by design).
  const emails = failed.filter((c) => c.operationId === 'nwappLogin').map((c) => /"email":"([^"]*)"/.exec(c.generated?.input ?? '')?.[1]?.length ?? 0)
  t.ok(Math.min(...emails) > 64 && Math.min(...emails) < 100, `shrunk e-mails of ${emails.join(', ')} characters`)

  const secrets = [...Object.values(MOCK_ACCOUNTS).map((a) => a.password as string), ...front.handedOut]
  t.ok(front.handedOut.size >= 5, `${front.handedOut.size} credentials handed out`)
  const github = formatGithub(result)
  const reports = { pretty: formatPretty(result), tap: formatTap(result), junit: formatJunit(result), json: formatJson(result), 'github log': github.log, 'github summary': github.summary, html: formatHtml(result) }
  for (const [name, text] of Object.entries(reports)) {
    const shown = secrets.filter((secret) => text.includes(secret))
    t.same(shown.length, 0, `${name}: no secret given or handed out (${text.length} characters checked)`)
  }

  if (requireTool(t, 'a reproducer replays with curl', 'curl', 'curl')) {
    t.test('a reproducer replays with curl, its secrets from the environment', async (t) => {
      const login = failed.find((c) => c.operationId === 'whippyLogin' && c.generated?.category === 'non-ASCII strings')
      t.match(login?.reproducer, /"\$\{AUTHMOCK_PASSWORD\}"|password/, 'the password is a variable or was generated')
      // Not spawnSync: the front answering curl runs in this process.
      const run = await promisify(execFile)('bash', ['-c', `${login?.reproducer ?? 'false'} -o /dev/null -w '%{http_code}'`], { encoding: 'utf8', env: { ...process.env, AUTHMOCK_PASSWORD: 'x' }, timeout: 10_000 })
      t.equal(run.stdout, '500', 'the same answer again')
    })
  }
})

