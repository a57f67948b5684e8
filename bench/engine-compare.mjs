// @ts-check
// The engine alone, several builds side by side in one process: CPU time per
// engine.handle() call for the nwapp scenarios, no HTTP, no Fastify. For a
// piece inside the engine (URL parsing, body writing) whose cost, a microsecond
// or two, is below what the server matrix resolves on a busy machine. Each
// round runs every build for a slice in turn (rotated), and the ratio to the
// first build is taken per round, then the median. The builds share one heap:
// for what the garbage collector sees (store, journal), measure the servers
// (npm run bench -- --compare), each in its own process.
//
//   node bench/engine-compare.mjs <dir> <dir>... [--rounds 15] [--slice-ms 200]
//   (each <dir> holds a built dist/: the work tree after npm run build, a worktree, a bench cache build)
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { LOGIN, LOGOUT, PROFILE, REFRESH, VALID_LOGIN } from './lib/scenarios.mjs'
import { table } from './lib/stats.mjs'
import { cpuPerCall, interleave } from './lib/interleave.mjs'

const { values: flags, positionals: dirs } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '15' }, 'slice-ms': { type: 'string', default: '200' } },
})
if (dirs.length < 2) {
  process.stderr.write('usage: node bench/engine-compare.mjs <dir> <dir>... [--rounds 15] [--slice-ms 200]\n')
  process.exit(2)
}
const ROUNDS = Number(flags.rounds)
const SLICE_MS = Number(flags['slice-ms'])

/** @typedef {{ method: string, url: string, headers: Record<string, string>, cookies: Record<string, string>, body?: string }} StubRequest */
/** @typedef {{ status: number, body?: string }} Answer */
/** Builds before issue 12 answer at once; since then `handle` returns a promise (the state may be in Redis). */
/** @typedef {{ handle(request: StubRequest): Answer | Promise<Answer> }} Engine */

const JSON_HEADERS = { host: '127.0.0.1:4010', 'content-type': 'application/json' }
/** @param {string} method @param {string} path @param {Record<string, string>} [headers] @param {string} [body] @returns {StubRequest} */
const request = (method, path, headers = { host: '127.0.0.1:4010' }, body = undefined) => ({ method, url: `http://127.0.0.1:4010${path}`, headers, cookies: {}, body })
/** @param {{ status: number, body?: string }} response */
const tokensOf = (response) => JSON.parse(response.body ?? '{}')

/** Scenario id -> one step against an engine (the flow is four calls; its time is per flow). Awaited, so an asynchronous engine pays its microtasks here. */
const SCENARIOS = {
  'login-valid': async (/** @type {Engine} */ e) => e.handle(request('POST', LOGIN, JSON_HEADERS, VALID_LOGIN)),
  'login-invalid': async (/** @type {Engine} */ e) => e.handle(request('POST', LOGIN, JSON_HEADERS, JSON.stringify({ email: 'bart@mikasoftware.com', password: 'wrong' }))),
  'profile-token': async (/** @type {Engine} */ e, /** @type {string} */ token) => e.handle(request('GET', PROFILE, { host: '127.0.0.1:4010', authorization: `Bearer ${token}` })),
  'profile-none': async (/** @type {Engine} */ e) => e.handle(request('GET', PROFILE)),
  flow: async (/** @type {Engine} */ e) => {
    const login = tokensOf(await e.handle(request('POST', LOGIN, JSON_HEADERS, VALID_LOGIN)))
    const access = login.access_token.token
    await e.handle(request('GET', PROFILE, { host: '127.0.0.1:4010', authorization: `Bearer ${access}` }))
    const refreshed = tokensOf(await e.handle(request('POST', REFRESH, { ...JSON_HEADERS, authorization: `Bearer ${access}` }, JSON.stringify({ refresh_token: login.refresh_token.token }))))
    return e.handle(request('POST', LOGOUT, { ...JSON_HEADERS, authorization: `Bearer ${refreshed.access_token.token}` }, JSON.stringify({ token: refreshed.access_token.token })))
  },
}

const builds = await Promise.all(dirs.map(async (dir) => {
  const api = await import(pathToFileURL(join(resolve(dir), 'dist', 'src', 'index.js')).href)
  const engine = /** @type {Engine} */ (api.createEngine(api.buildModel(api.loadSources({ apis: ['nwapp'] })), { seed: 1 }))
  const token = tokensOf(await engine.handle(request('POST', LOGIN, JSON_HEADERS, VALID_LOGIN))).access_token.token
  return { dir, engine, token }
}))

const rows = await interleave(Object.keys(SCENARIOS), builds, ROUNDS, (id, build) =>
  cpuPerCall(() => SCENARIOS[/** @type {keyof typeof SCENARIOS} */ (id)](build.engine, build.token), SLICE_MS, 50))
process.stdout.write(`Engine CPU per call (flow: per login->profile->refresh->logout), median of ${ROUNDS} rounds of ${SLICE_MS} ms per build; ratio to ${builds[0]?.dir}, per round, median.\n\n`)
process.stdout.write(`${table(['scenario', 'build', 'CPU µs/call', 'ratio'], rows)}\n`)
