// How long one live token survives at a given nwapp login rate, with and without
// logouts, at the default --max-credentials (100,000). Simulated time: the engine
// runs on a manual clock that moves 1/rate s per login, so a day of traffic takes
// seconds. The figures are in the README ("How long a live token survives").
//
//   npx tsx bench/token-survival.ts [--max 100000] [--store <module exporting createMemoryStore>]
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { createEngine } from '../src/core/create-engine.js'
import { createManualClock } from '../src/core/create-manual-clock.js'
import type { StubResponse } from '../src/core/types.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { createMemoryStore } from '../src/store/create-memory-store.js'

const { values: flags } = parseArgs({ options: { max: { type: 'string', default: '100000' }, store: { type: 'string' } } })
const maxCredentials = Number(flags.max)
const storeModule = flags.store === undefined ? { createMemoryStore } : await import(pathToFileURL(resolve(flags.store)).href) as { createMemoryStore: typeof createMemoryStore }
const model = buildModel(loadSources())
const LOGIN = JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' })
const START = Date.parse('2026-01-01T00:00:00Z')

interface Survival { logins: number; seconds: number; refusedBy: 'eviction' | 'expiry' | 'still live' }

function measure(rate: number, logout: boolean, limit: number): Survival {
  const clock = createManualClock(START)
  const engine = createEngine(model, { seed: 1, clock, store: storeModule.createMemoryStore({ maxCredentials }), maxAccounts: 10 })
  const send = (method: string, url: string, body?: string, token?: string): StubResponse => engine.handle({
    method, url, cookies: {}, body, headers: { 'content-type': 'application/json', ...(token !== undefined && { authorization: `Bearer ${token}` }) },
  })
  const tokenOf = (response: StubResponse): string => (JSON.parse(response.body ?? '{}') as { access_token: { token: string } }).access_token.token
  const kept = tokenOf(send('POST', '/api/v1/public/login', LOGIN))
  const step = 1000 / rate
  for (let n = 1; n <= limit; n++) {
    clock.advance(step)
    const token = tokenOf(send('POST', '/api/v1/public/login', LOGIN))
    if (logout) send('POST', '/api/v1/public/logout', undefined, token)
    if (n % 50 === 0 && send('GET', '/api/v1/public/profile', undefined, kept).status !== 200) {
      // Refused: by its own 10 h lifetime, or because it was evicted (the store no longer knows it).
      const expired = engine.store.get('nwapp', kept) !== undefined || clock.now() - START >= 10 * 3_600_000
      return { logins: n, seconds: (n * step) / 1000, refusedBy: expired ? 'expiry' : 'eviction' }
    }
  }
  return { logins: limit, seconds: (limit * step) / 1000, refusedBy: 'still live' }
}

const rows: string[] = []
for (const [rate, logout, limit] of [
  [10, false, 200_000], [100, false, 200_000], [1000, false, 200_000], [10_000, false, 200_000],
  [2, true, 100_000], [100, true, 400_000], [10_000, true, 1_000_000],
] as const) {
  const started = performance.now()
  const result = measure(rate, logout, limit)
  const outcome = result.refusedBy === 'still live' ? 'still live after' : `refused (${result.refusedBy}) after`
  const line = `${String(rate).padStart(6)} logins/s  ${logout ? 'each logged out' : 'no logouts     '}  ${outcome} ${result.logins} logins = ${result.seconds.toFixed(0)} s  [${((performance.now() - started) / 1000).toFixed(1)} s to run]`
  process.stderr.write(`${line}\n`)
  rows.push(line)
}
process.stdout.write(`maxCredentials ${maxCredentials}\n${rows.join('\n')}\n`)
