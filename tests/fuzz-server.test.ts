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
import { fuzzSettings, runFuzz, type Surface } from './fuzz/harness.js'

const settings = fuzzSettings(2000, 'AUTHMOCK_FUZZ_SERVER_RUNS')
t.comment(`fuzz seed ${settings.seed} (replay with AUTHMOCK_FUZZ_SEED=${settings.seed}), ${settings.runs} cases per operation`)

t.test('the server answers every generated request for every operation as documented', async (t) => {
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

  await runFuzz(t, surface, settings, 'server')
})
