/**
 * `verify --generate` (issue 13) against authmock's own server: no false
 * alarm at 200 cases per operation, with a random seed printed for replay;
 * coverage and --min-coverage. The planted deviations: verify-planted.test.ts.
 */
import t from 'tap'
import { verifyServer } from '../src/contract/verify-server.js'
import { buildModel } from '../src/model/build-model.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

const model = buildModel(loadSources())
const seed = Number(process.env.AUTHMOCK_GENERATE_SEED ?? Math.floor(Math.random() * 2 ** 31))
t.comment(`generate seed ${seed} (replay with AUTHMOCK_GENERATE_SEED=${seed})`)
const fast = { rate: 0, maxRequests: 100_000 }

t.test('--generate 200 against authmock\'s own server: no false alarm, coverage reported', async (t) => {
  const app = await buildApp({ seed: 1 })
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const result = await verifyServer({ model, baseUrl: url, accounts: MOCK_ACCOUNTS, generate: 200, seed, ...fast })
  const failed = result.cases.filter((c) => c.outcome === 'failed')
  t.same(failed.map((c) => `${c.operationId} ${c.case}: ${c.violations.map((v) => v.message).join('; ')} ${c.generated?.input ?? ''}`), [], 'no failed case')
  t.equal(result.seed, seed, 'the seed is in the result')
  const generated = result.cases.filter((c) => c.generated)
  t.ok(generated.length >= 100, `${generated.length} generated categories ran`)
  for (const kind of ['long strings', 'non-ASCII strings', 'wrong type', 'missing required']) t.ok(generated.some((c) => c.generated?.category === kind), `category ${kind}`)
  t.ok(result.coverage.total > 50 && result.coverage.seen / result.coverage.total > 0.8, `coverage ${result.coverage.seen} of ${result.coverage.total}`)
})

t.test('--min-coverage fails a run below it', async (t) => {
  const app = await buildApp({ seed: 1 })
  t.teardown(() => app.close())
  const url = await listen(app, { port: 0 })
  const result = await verifyServer({ model, apis: ['nwapp'], baseUrl: url, accounts: MOCK_ACCOUNTS, minCoverage: 100 })
  t.equal(result.cases.filter((c) => c.outcome === 'failed').length, 0, 'every case passes')
  t.notOk(result.ok, 'yet the run fails')
  t.ok(result.coverage.percent < 100, `coverage ${result.coverage.percent}%`)
  t.equal(result.coverage.minimum, 100)
})
