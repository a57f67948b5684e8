/**
 * Property-based fuzzing of the Fastify server (app.inject), every operation
 * of every loaded spec, requests generated from its schemas
 * (tests/fuzz/arbitraries.ts): never a 5xx or a failed exchange, every answer
 * documented or the mock's catalog problem+json, journal and log free of a
 * planted secret, state intact after (a login made before still works).
 *
 *   npx tap tests/fuzz-server.test.ts                  2,000 cases per operation
 *   npm run fuzz                                       20,000 per operation
 *   AUTHMOCK_FUZZ_SEED=123 npx tap tests/fuzz-server.test.ts   replay a run (the seed is printed)
 */
import t from 'tap'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../src/server/build-app.js'
import { fuzzModel, fuzzOperation, fuzzSettings, login, probeStatus, protectedProbe, summary, type OperationResult, type Surface } from './fuzz/harness.js'

const settings = fuzzSettings(2000, 'AUTHMOCK_FUZZ_SERVER_RUNS')
t.comment(`fuzz seed ${settings.seed} (replay with AUTHMOCK_FUZZ_SEED=${settings.seed}), ${settings.runs} cases per operation`)

t.test('the server answers every generated request for every operation as documented', async (t) => {
  const { model, validators } = fuzzModel()
  const lines: string[] = []
  // A short journal: each case reads back its last entries, and a list decodes the whole ring.
  const app = await buildApp({ seed: settings.seed, journalSize: 8, log: (line) => lines.push(line) })
  t.teardown(() => app.close())

  const surface: Surface = {
    async send(request) {
      const res = await app.inject({ method: request.method as InjectOptions['method'], url: request.url, headers: request.headers, payload: request.body })
      const headers: Record<string, string | undefined> = {}
      for (const [name, value] of Object.entries(res.headers)) if (name !== 'set-cookie') headers[name] = value === undefined ? undefined : String(value)
      const setCookie = res.headers['set-cookie']
      return { status: res.statusCode, headers, setCookies: setCookie === undefined ? [] : ([] as string[]).concat(setCookie), text: res.body }
    },
    async journal(limit) {
      const res = await app.inject({ method: 'GET', url: `/__mock/requests?limit=${limit}` })
      return res.statusCode === 200
        ? { ok: true, entries: (JSON.parse(res.body) as { requests: Array<{ id: number }> }).requests }
        : { ok: false, problem: `GET /__mock/requests answered ${res.statusCode}: ${res.body.slice(0, 200)}` }
    },
    takeLog: () => lines.splice(0),
  }

  // A login per API before the run, with another account than the fuzz's live logins use.
  const sentinels = []
  for (const api of model.apis) {
    const probe = protectedProbe(api)
    const account = api.accounts.at(-1)
    if (!probe || !account) continue
    const session = await login(surface, api, account)
    t.equal(await probeStatus(surface, probe, session), 200, `${api.name}: ${probe.operationId} accepts the login made before the run`)
    sentinels.push({ api, probe, session })
  }

  const results: OperationResult[] = []
  let index = 0
  for (const api of model.apis) {
    for (const op of api.operations) {
      const result = await fuzzOperation(surface, model, api, op, settings, validators, settings.seed + index++)
      results.push(result)
      if (result.failure) t.fail(`${op.operationId}: ${result.failure}`)
      else t.pass(`${op.operationId}: ${result.cases} cases, ${(result.ms / 1000).toFixed(1)} s`)
    }
  }

  for (const { api, probe, session } of sentinels) {
    t.equal(await probeStatus(surface, probe, session), 200, `${api.name}: ${probe.operationId} still accepts the login made before the run`)
  }
  const health = await app.inject({ method: 'GET', url: '/__mock/health' })
  t.equal(health.statusCode, 200, 'the server still answers its health check')
  t.comment(summary(results, settings, 'server'))
})
