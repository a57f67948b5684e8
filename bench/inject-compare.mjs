// @ts-check
// The Fastify app without sockets, several builds side by side in one process:
// CPU time per app.inject() for the nwapp scenarios. For a piece of the server
// adapter (a hook, a plugin) whose cost is below what the server matrix
// resolves on a busy machine: no kernel, no load generator, only Fastify and
// the engine. Each round runs every build for a slice in turn (rotated); the
// ratio to the first build is taken per round, then the median. Put the first
// build twice to see the noise floor.
//
//   node bench/inject-compare.mjs <dir> <dir>... [--rounds 15] [--slice-ms 200]
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { LOGIN, PROFILE, VALID_LOGIN } from './lib/scenarios.mjs'
import { table } from './lib/stats.mjs'
import { cpuPerCall, interleave } from './lib/interleave.mjs'

const { values: flags, positionals: dirs } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '15' }, 'slice-ms': { type: 'string', default: '200' } },
})
if (dirs.length < 2) {
  process.stderr.write('usage: node bench/inject-compare.mjs <dir> <dir>... [--rounds 15] [--slice-ms 200]\n')
  process.exit(2)
}
const ROUNDS = Number(flags.rounds)
const SLICE_MS = Number(flags['slice-ms'])

/** @typedef {{ inject(options: object): Promise<{ statusCode: number, body: string }> }} App */

const HOST = '127.0.0.1:4010'
const SCENARIOS = {
  'login-valid': (/** @type {App} */ app) => app.inject({ method: 'POST', url: LOGIN, headers: { host: HOST, 'content-type': 'application/json' }, payload: VALID_LOGIN }),
  'profile-token': (/** @type {App} */ app, /** @type {string} */ token) => app.inject({ method: 'GET', url: PROFILE, headers: { host: HOST, authorization: `Bearer ${token}` } }),
  'profile-none': (/** @type {App} */ app) => app.inject({ method: 'GET', url: PROFILE, headers: { host: HOST } }),
  // A browser app's request from a dev server: the CORS headers are written.
  'profile-none, Origin': (/** @type {App} */ app) => app.inject({ method: 'GET', url: PROFILE, headers: { host: HOST, origin: 'http://localhost:5173' } }),
}

const builds = await Promise.all(dirs.map(async (dir) => {
  const api = await import(pathToFileURL(join(resolve(dir), 'dist', 'src', 'index.js')).href)
  const app = /** @type {App} */ (await api.buildApp({ apis: ['nwapp'], seed: 1 }))
  const login = await SCENARIOS['login-valid'](app)
  return { dir, app, token: JSON.parse(login.body).access_token.token }
}))

const rows = await interleave(Object.keys(SCENARIOS), builds, ROUNDS, (id, build) =>
  cpuPerCall(() => SCENARIOS[/** @type {keyof typeof SCENARIOS} */ (id)](build.app, build.token), SLICE_MS))
process.stdout.write(`app.inject() CPU per request, median of ${ROUNDS} rounds of ${SLICE_MS} ms per build; ratio to ${builds[0]?.dir}, per round, median.\n\n`)
process.stdout.write(`${table(['scenario', 'build', 'CPU µs/request', 'ratio'], rows)}\n`)
