// @ts-check
// `npm run bench`: authmock against a plain-Fastify reference and Stoplight Prism,
// interleaved rounds, medians. Every server runs in its own process and the load
// (autocannon) in another. Progress goes to stderr, the report to stdout and to
// bench/results/latest.json (--quick: bench/results/latest-quick.json).
//
//   npm run bench                  full run (about 10 minutes)
//   npm run bench -- --quick       short run (about a minute), proves the harness works
//   options: --no-build (use dist/ as it is; a commit is always built)  --ref <commit|dir> (measure a commit, built apart,
//              or another checkout, not the work tree)  --rounds N (interleaved rounds per cell; full: 5)
//            --compare <commit|dir> (repeatable: other builds measured in the same rounds, ratios to the measured one;
//              matrix, rss and tokens only, without the reference and Prism)
//            --no-prism  --profile-only  --only=matrix,startup,rss,tokens,redis,msw,verify,profile
import { fork } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'
import { parseArgs } from 'node:util'
import { generateRoutes } from './reference/generate-routes.mjs'
import { compareRatios, renderCompare } from './lib/compare.mjs'
import { formatProfile, summarizeProfile } from './lib/cpuprofile.mjs'
import { prepareRef, prepareWorkTree } from './lib/prepare.mjs'
import { ensurePrism } from './lib/prism.mjs'
import { cpuMsOf, freePort, memoryOf, probe, runCommand, startServer, stopServer } from './lib/proc.mjs'
import { renderReport } from './lib/report.mjs'
import { renderRedis, runRedis } from './lib/redis.mjs'
import { SCENARIOS } from './lib/scenarios.mjs'
import { median } from './lib/stats.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CACHE = join(ROOT, 'bench', '.cache')
const NODE = process.execPath

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-prism': { type: 'boolean', default: false },
    'profile-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    ref: { type: 'string' },
    compare: { type: 'string', multiple: true },
    rounds: { type: 'string' },
  },
})
const COMPARE = flags.compare ?? []

const SETTINGS = flags.quick
  ? {
      mode: 'quick', rounds: 1, duration: 1, warmup: 0, connections: 10, startupRuns: 1, fillPipelining: 8,
      sustainedLogins: 20_000, tokenLevels: [1_000, 10_000], tokenMeasure: 1,
      msw: { duration: 0.5, rounds: 1 }, verifyRuns: 1, profileSeconds: 0,
    }
  : {
      mode: 'full', rounds: 5, duration: 2, warmup: 1, connections: 10, startupRuns: 5, fillPipelining: 8,
      sustainedLogins: 1_000_000, tokenLevels: [1_000, 100_000, 1_000_000], tokenMeasure: 3,
      msw: { duration: 2, rounds: 3 }, verifyRuns: 3, profileSeconds: 10,
    }
// More rounds steady the medians on a busy machine (a load average of 10 on 2 cores moved single rounds by 2x).
if (flags.rounds) SETTINGS.rounds = Math.max(1, Number(flags.rounds))
const ALL_SECTIONS = COMPARE.length ? ['matrix', 'rss', 'tokens'] : ['matrix', 'startup', 'rss', 'tokens', 'redis', 'msw', 'verify', ...(SETTINGS.profileSeconds ? ['profile'] : [])]
const sections = new Set(flags['profile-only'] ? ['profile'] : flags.only ? flags.only.split(',') : ALL_SECTIONS)
if (flags['profile-only'] && !SETTINGS.profileSeconds) SETTINGS.profileSeconds = 10

const t0 = performance.now()
const log = (line) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`)
const rotate = (list, n) => list.map((_, i) => list[(i + n) % list.length])

// ---------------------------------------------------------------- set-up

/**
 * What is measured: the work tree (built, dist/ snapshotted), or --ref <commit>
 * built in the bench cache; and the --compare builds (bench/lib/prepare.mjs).
 */
async function prepareAuthmock() {
  const build = !flags['no-build']
  if (flags.ref) return prepareRef({ root: ROOT, ref: flags.ref, into: join(CACHE, 'ref'), build, log })
  return prepareWorkTree({ root: ROOT, cache: CACHE, build, log })
}

/** The reference's routes from the specs measured: bench/reference/routes.json (rewritten when it drifted), or the cache's for --ref. */
function refreshReference() {
  const file = flags.ref ? join(CACHE, 'ref-routes.json') : join(ROOT, 'bench', 'reference', 'routes.json')
  const text = `${JSON.stringify(generateRoutes(authmock.root), null, 2)}\n`
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    writeFileSync(file, text)
    if (!flags.ref) log('bench/reference/routes.json regenerated from spec/ (it had drifted)')
  }
  return file
}

async function machine() {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model
  const git = async (...args) => {
    const r = await runCommand('git', args, { cwd: ROOT, timeoutMs: 30_000 })
    return r.code === 0 ? r.stdout.trim() : ''
  }
  const commit = (await git('rev-parse', '--short=12', flags.ref ?? 'HEAD')) || 'unknown'
  // What was measured: a commit, or the work tree (with uncommitted changes to the served code, if any).
  const dirty = flags.ref ? '' : await git('status', '--porcelain', '--', 'src', 'spec', 'fixtures', 'scripts', 'package.json')
  return {
    nproc: cpus().length, node: process.version, cpu: cpuModel, date: new Date().toISOString(),
    commit: dirty ? `${commit} + uncommitted changes` : commit,
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
  }
}

// ---------------------------------------------------------------- servers

/** @type {import('./lib/prepare.mjs').Build} */
let authmock
/** @type {Array<import('./lib/prepare.mjs').Build & { name: string }>} */
let compared = []
let routesFile
/** @type {Awaited<ReturnType<typeof ensurePrism>>} */
let prism = { na: 'skipped (--no-prism)' }

const SERVERS = {
  authmock: { kind: 'authmock', spawn: (port, extra = []) => ({ command: NODE, args: [authmock.bin, 'serve', '--quiet', '--port', String(port), ...extra] }) },
  'authmock --api nwapp': { kind: 'authmock', spawn: (port) => SERVERS.authmock.spawn(port, ['--api', 'nwapp']) },
  // --compare builds are added as `compare N` by main().
  reference: { kind: 'reference', spawn: (port) => ({ command: NODE, args: [join(ROOT, 'bench', 'reference', 'server.mjs'), '--port', String(port), '--routes', routesFile] }) },
  // The floor of any Node server here: node:http answering {} to everything.
  'node:http': {
    kind: 'reference',
    spawn: (port) => ({ command: NODE, args: ['-e', `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{}')) }).listen(${port}, '127.0.0.1')`] }),
  },
  // -v fatal: Prism logs every request otherwise; authmock runs with --quiet.
  prism: { kind: 'prism', spawn: (port) => ({ command: NODE, args: [prism.bin, 'mock', join(authmock.root, 'spec', 'nwapp.yaml'), '-p', String(port), '-h', '127.0.0.1', '-v', 'fatal'] }) },
}

async function start(name, extra) {
  const port = await freePort()
  const { command, args } = SERVERS[name].spawn(port, extra)
  return startServer({ command, args, port, cwd: ROOT })
}

/** The load generator: one forked process, kept for the whole run, one job per message. */
let worker
function loadWorker() {
  if (worker) return worker
  const child = fork(join(ROOT, 'bench', 'lib', 'load.mjs'), [], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ready = new Promise((resolve) => child.once('message', resolve))
  worker = { child, ready }
  child.once('exit', () => { worker = undefined })
  return worker
}

/** One autocannon run in the load process; resolves its result or { error }. */
async function load(job) {
  const timeoutMs = job.amount ? Math.max(120_000, job.amount * 2) : (job.duration + 60) * 1000
  const w = loadWorker()
  await w.ready
  return new Promise((resolve) => {
    const onExit = () => { clearTimeout(timer); resolve({ error: 'load worker exited' }) }
    const timer = setTimeout(() => { w.child.off('exit', onExit); w.child.kill('SIGKILL'); resolve({ error: 'load worker timed out' }) }, timeoutMs)
    w.child.once('exit', onExit)
    w.child.once('message', (result) => {
      clearTimeout(timer)
      w.child.off('exit', onExit)
      resolve(result)
    })
    w.child.send({ connections: SETTINGS.connections, ...job })
  })
}

/** One request of the scenario: null when it answers as expected, else why not. */
async function sanity(url, kind, id) {
  const scenario = SCENARIOS[id]
  let token = 'sanity'
  if (id === 'profile-token') {
    const res = await probe(url)
    try { token = JSON.parse(res.body ?? '').access_token.token } catch { /* keep the dummy */ }
  }
  const options = scenario.build(kind, token)
  if (options.na) return `n/a: ${options.na}`
  const first = options.requests?.[0] ?? options
  const res = await probe(url, { method: first.method, path: first.path, headers: first.headers ?? {}, body: first.body })
  return res.status === scenario.expect ? null : `n/a: answered ${res.status}, expected ${scenario.expect}`
}

// ---------------------------------------------------------------- sections

async function runMatrix() {
  const names = compared.length ? ['authmock', ...compared.map((b) => b.name)] : ['authmock', 'reference', 'prism', 'authmock --api nwapp']
  const serversFor = (id) => names.filter((n) => n !== 'authmock --api nwapp' || id === 'login-valid' || id === 'profile-token')
  /** @type {Record<string, any>} */
  const running = {}
  /** @type {Record<string, any>} */
  const cells = {}
  for (const name of names) {
    if (name === 'prism' && prism.na) { running[name] = { na: prism.na }; continue }
    if (name === 'prism' && compared.length) continue
    try {
      running[name] = await start(name)
      log(`${name} up on ${running[name].url} (pid ${running[name].pid})`)
    } catch (caught) {
      const error = /** @type {Error} */ (caught)
      // Only Prism may be missing (the bench says why and carries on); authmock or the reference not starting is a broken bench.
      if (name !== 'prism') throw new Error(`${name} did not start: ${error.message}`)
      running[name] = { na: error.message.slice(0, 100) }
      log(`${name} failed to start: ${error.message}`)
    }
  }
  for (const id of Object.keys(SCENARIOS)) {
    for (const name of serversFor(id)) {
      const server = running[name]
      const cell = { rounds: [], note: SCENARIOS[id].note?.[SERVERS[name].kind] }
      cells[`${id}|${name}`] = cell
      if (server.na) { cell.na = server.na; continue }
      const bad = await sanity(server.url, SERVERS[name].kind, id)
      if (bad) { cell.na = bad.replace(/^n\/a: /, ''); continue }
      // Warm-up (JIT of server and load generator); autocannon runs whole seconds. Quick: once per server.
      if (SETTINGS.warmup || id === 'login-valid') await load({ url: server.url, kind: SERVERS[name].kind, scenario: id, duration: SETTINGS.warmup || 1, latency: false })
    }
  }
  log(`matrix: ${SETTINGS.rounds} round(s) x ${SETTINGS.duration} s per cell, ${SETTINGS.connections} connections`)
  for (let round = 0; round < SETTINGS.rounds; round++) {
    for (const id of Object.keys(SCENARIOS)) {
      for (const name of rotate(serversFor(id), round)) {
        const cell = cells[`${id}|${name}`]
        if (cell.na) continue
        const server = running[name]
        const cpuBefore = cpuMsOf(server.pid)
        const r = await load({ url: server.url, kind: SERVERS[name].kind, scenario: id, duration: SETTINGS.duration })
        r.cpuUsPerRequest = ((cpuMsOf(server.pid) - cpuBefore) * 1000) / r.requests
        r.rssMb = memoryOf(server.pid).rssMb
        cell.rounds.push(r)
        log(`round ${round + 1} ${id.padEnd(13)} ${name.padEnd(20)} ${r.error ?? `${r.rps.toFixed(0)} req/s p99 ${r.p99?.toFixed(2)} ms, ${r.cpuUsPerRequest.toFixed(0)} µs CPU/req`}`)
      }
    }
  }
  for (const server of Object.values(running)) if (server.child) await stopServer(server)
  pairRatios(cells, serversFor)
  compareRatios(cells, 'authmock', compared.map((b) => b.name))
  for (const [key, cell] of Object.entries(cells)) {
    if (cell.na) continue
    const id = /** @type {string} */ (key.split('|')[0])
    const ok = cell.rounds.filter((r) => !r.error)
    const perFlow = SCENARIOS[id].perFlow ?? 1
    const expected = String(SCENARIOS[id].expect)
    const wrong = {}
    for (const r of ok) for (const [code, n] of Object.entries(r.statuses)) if (code !== expected) wrong[code] = (wrong[code] ?? 0) + n
    Object.assign(cell, {
      rps: median(ok.map((r) => r.rps / perFlow)),
      rpsMin: Math.min(...ok.map((r) => r.rps / perFlow)),
      rpsMax: Math.max(...ok.map((r) => r.rps / perFlow)),
      p50: median(ok.map((r) => r.p50)),
      p99: median(ok.map((r) => r.p99)),
      cpuUs: median(ok.map((r) => r.cpuUsPerRequest * perFlow)),
      rssMb: median(ok.map((r) => r.rssMb)),
      errors: ok.reduce((n, r) => n + r.errors + r.timeouts, 0),
      ...(Object.keys(wrong).length ? { wrongStatuses: wrong } : {}),
      ...(ok.length === 0 ? { na: cell.rounds[0]?.error ?? 'no result' } : {}),
    })
  }
  return cells
}

/**
 * Ratios to the reference and to Prism, round by round (the two ran seconds
 * apart, under the same noise from the rest of the machine), then the median:
 * steadier than a ratio of medians taken minutes apart.
 */
function pairRatios(cells, serversFor) {
  for (const id of Object.keys(SCENARIOS)) {
    for (const name of serversFor(id).filter((n) => n.startsWith('authmock'))) {
      const cell = cells[`${id}|${name}`]
      if (cell.na) continue
      for (const [other, key] of /** @type {const} */ ([['reference', 'vsRef'], ['prism', 'vsPrism']])) {
        const base = cells[`${id}|${other}`]
        if (!base || base.na) continue
        const pairs = cell.rounds.map((r, i) => [r, base.rounds[i]]).filter(([a, b]) => a && b && !a.error && !b.error)
        cell[key] = {
          rps: median(pairs.map(([a, b]) => a.rps / b.rps)),
          p99: median(pairs.map(([a, b]) => a.p99 / b.p99)),
          cpu: median(pairs.map(([a, b]) => a.cpuUsPerRequest / b.cpuUsPerRequest)),
        }
      }
    }
  }
}

async function runStartup() {
  const names = ['authmock', 'authmock --api nwapp', 'reference', 'node:http', ...(prism.na ? [] : ['prism'])]
  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  for (let i = 0; i < SETTINGS.startupRuns; i++) {
    for (const name of rotate(names, i)) {
      try {
        const server = await start(name)
        const banner = /ready in (\d+) ms/.exec(server.output())
        runs[name]?.push({ ms: server.startupMs, idleRssMb: memoryOf(server.pid).rssMb, ...(banner ? { bannerMs: Number(banner[1]) } : {}) })
        await stopServer(server)
      } catch (error) {
        runs[name]?.push({ error: /** @type {Error} */ (error).message })
      }
    }
  }
  /** @type {Record<string, any>} */
  const out = Object.fromEntries(Object.entries(runs).map(([name, rs]) => {
    const ok = rs.filter((r) => !r.error)
    return [name, ok.length
      ? { ms: median(ok.map((r) => r.ms)), bannerMs: median(ok.map((r) => r.bannerMs)), idleRssMb: median(ok.map((r) => r.idleRssMb)), runs: rs }
      : { na: rs[0]?.error ?? 'no run', runs: rs }]
  }))
  if (prism.na) out.prism = { na: prism.na }
  for (const [name, r] of Object.entries(out)) log(`startup ${name.padEnd(20)} ${r.na ?? `${r.ms.toFixed(0)} ms`}`)
  return out
}

async function runSustained(name = 'authmock') {
  const n = SETTINGS.sustainedLogins
  const server = await start(name)
  log(`sustained: ${n} logins into ${name} with the default --max-credentials ...`)
  let peak = 0
  const timeline = []
  const startedAt = performance.now()
  const cpuBefore = cpuMsOf(server.pid)
  const sampler = setInterval(() => {
    const { rssMb } = memoryOf(server.pid)
    peak = Math.max(peak, rssMb)
    timeline.push([Math.round((performance.now() - startedAt) / 1000), Math.round(rssMb)])
  }, 1000)
  const r = await load({ url: server.url, kind: 'authmock', scenario: 'login-valid', amount: n, latency: false, pipelining: SETTINGS.fillPipelining })
  clearInterval(sampler)
  const cpuUsPerLogin = ((cpuMsOf(server.pid) - cpuBefore) * 1000) / n
  const mem = memoryOf(server.pid)
  await stopServer(server)
  const out = { logins: n, pipelining: SETTINGS.fillPipelining, rps: r.rps, cpuUsPerLogin, seconds: r.seconds, statuses: r.statuses, rssAfterMb: mem.rssMb, peakRssMb: Math.max(peak, mem.hwmMb), error: r.error, timeline }
  log(`sustained: ${r.error ?? `${r.rps?.toFixed(0)} logins/s, RSS after ${mem.rssMb.toFixed(0)} MB, peak ${out.peakRssMb.toFixed(0)} MB`}`)
  return out
}

async function runTokens(name = 'authmock') {
  const levels = SETTINGS.tokenLevels
  const server = await start(name, ['--api', 'nwapp', '--max-credentials', String(Math.max(...levels) + 100_000)])
  // Each nwapp login stores two credentials (access + refresh); the readiness probe made one login.
  let tokens = 2
  /** @type {{ levels: any[] }} */
  const out = { levels: [] }
  // Warm the profile route up first (one login: two more tokens), so the first level is not measured cold.
  await load({ url: server.url, kind: 'authmock', scenario: 'profile-token', duration: 1, latency: false })
  tokens += 2
  for (const level of levels) {
    const logins = Math.max(0, Math.ceil((level - tokens) / 2))
    const fillCpu = cpuMsOf(server.pid)
    const fill = logins > 0 ? await load({ url: server.url, kind: 'authmock', scenario: 'login-valid', amount: logins, latency: false, pipelining: SETTINGS.fillPipelining }) : { rps: null }
    const fillCpuUs = logins > 0 ? ((cpuMsOf(server.pid) - fillCpu) * 1000) / logins : null
    tokens += 2 * logins
    const afterFill = memoryOf(server.pid).rssMb
    const runs = []
    for (let i = 0; i < SETTINGS.rounds; i++) {
      const before = cpuMsOf(server.pid)
      const r = await load({ url: server.url, kind: 'authmock', scenario: 'profile-token', duration: SETTINGS.tokenMeasure })
      r.cpuUs = ((cpuMsOf(server.pid) - before) * 1000) / r.requests
      runs.push(r)
      tokens += 2
    }
    const profile = { rps: median(runs.map((r) => r.rps)), p99: median(runs.map((r) => r.p99)), cpuUs: median(runs.map((r) => r.cpuUs)), error: runs.find((r) => r.error)?.error }
    // Fewer than 5000 logins are over before the server's JIT warms up: no rate.
    const row = {
      tokens, logins, loginRps: logins >= 5000 ? fill.rps : null, loginCpuUs: logins >= 5000 ? fillCpuUs : null,
      profileRps: profile.rps, profileP99: profile.p99, profileCpuUs: profile.cpuUs, rssMb: afterFill, error: fill.error ?? profile.error,
    }
    out.levels.push(row)
    log(`tokens ${name} ${String(level).padStart(8)}: ${row.error ?? `fill ${fill.rps?.toFixed(0)} logins/s, profile ${profile.rps?.toFixed(0)} req/s, RSS ${afterFill.toFixed(0)} MB`}`)
  }
  await stopServer(server)
  return out
}

async function runMsw() {
  log('MSW in Node: setupServer + fetch ...')
  const r = await runCommand(NODE, [join(ROOT, 'bench', 'lib', 'msw-bench.mjs'), JSON.stringify({ distDir: authmock.distDir, routes: routesFile, ...SETTINGS.msw, concurrency: 10 })], { cwd: ROOT, timeoutMs: 300_000 })
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '')
  } catch {
    return { na: `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? r.code}` }
  }
}

async function runVerify() {
  const help = await runCommand(NODE, [authmock.bin, 'verify', '--help'], { cwd: ROOT, timeoutMs: 30_000 })
  const text = `${help.stdout}\n${help.stderr}`
  if (help.code !== 0 || !/\bverify\b/.test(text)) return { na: 'not built yet (authmock verify --help)' }
  // The target is a flag or a positional, whichever the usage shows.
  const flag = ['--base-url', '--url', '--target', '--server'].find((f) => text.includes(f))
  const args = flag ? [authmock.bin, 'verify', flag] : [authmock.bin, 'verify']
  if (text.includes('--credentials')) {
    // One fixture account per API, keyed by API name, in the login's own field names.
    const accounts = {}
    for (const route of JSON.parse(readFileSync(routesFile, 'utf8'))) {
      if (!route.login || accounts[route.api]) continue
      const values = JSON.parse(route.login.accounts[0])
      accounts[route.api] = Object.fromEntries(route.login.bodyFields.map((field, i) => [field, values[i]]))
    }
    const file = join(CACHE, 'verify-credentials.json')
    writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`)
    args.push('--credentials', file)
  }
  const server = await start('authmock')
  args.splice(flag ? 3 : 2, 0, server.url)
  const runs = []
  for (let i = 0; i < SETTINGS.verifyRuns; i++) {
    const r = await runCommand(NODE, args, { cwd: ROOT, timeoutMs: 120_000 })
    runs.push({ ms: r.ms, code: r.code, last: (r.stdout || r.stderr).trim().split('\n').slice(-1)[0]?.slice(0, 160) })
  }
  await stopServer(server)
  const out = { command: `authmock verify ${flag ? `${flag} ` : ''}<url>${args.includes('--credentials') ? ' --credentials <fixtures>' : ''}`, ms: median(runs.map((r) => r.ms)) ?? NaN, exitCode: runs[0]?.code, runs }
  log(`verify: ${out.ms.toFixed(0)} ms, exit ${out.exitCode}: ${runs[0]?.last}`)
  return out
}

/** authmock and the reference under node --cpu-prof, login valid; self time per function and area. */
async function runProfile() {
  const out = {}
  for (const name of ['authmock', 'reference']) {
    const dir = join(CACHE, 'profile', name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const port = await freePort()
    const { command, args } = SERVERS[name].spawn(port)
    const server = await startServer({ command, args: ['--cpu-prof', '--cpu-prof-dir', dir, ...args], port, cwd: ROOT })
    log(`profile: ${name}, login valid for ${SETTINGS.profileSeconds} s under node --cpu-prof ...`)
    const r = await load({ url: server.url, kind: SERVERS[name].kind, scenario: 'login-valid', duration: SETTINGS.profileSeconds, latency: false })
    await stopServer(server)
    const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    if (!file) { out[name] = { na: 'no .cpuprofile written' }; continue }
    const profile = JSON.parse(readFileSync(file, 'utf8'))
    out[name] = { file: file.slice(ROOT.length + 1), rps: r.rps, requests: r.requests, ...summarizeProfile(profile, 25) }
    if (name === 'authmock') out['authmock start-up'] = { file: out[name].file, ...summarizeProfile(profile, 25, { phase: 'startup' }) }
  }
  return out
}

// ---------------------------------------------------------------- main

async function main() {
  const results = { settings: SETTINGS, machine: await machine(), sections: [...sections] }
  log(`mode ${SETTINGS.mode}; sections ${[...sections].join(', ')}; ${results.machine.nproc} cores, load ${results.machine.loadavg}`)
  authmock = await prepareAuthmock()
  for (const [i, ref] of COMPARE.entries()) {
    const build = await prepareRef({ root: ROOT, ref, into: join(CACHE, `compare-${i + 1}`), build: !flags['no-build'], log })
    const name = `compare ${i + 1}`
    compared.push({ ...build, name })
    SERVERS[name] = { kind: 'authmock', spawn: (port, extra = []) => ({ command: NODE, args: [build.bin, 'serve', '--quiet', '--port', String(port), ...extra] }) }
  }
  if (compared.length) {
    results.compare = { base: authmock.label, builds: compared.map(({ name, label }) => ({ name, label })) }
    log(`comparing ${authmock.label} with ${compared.map((b) => `${b.name} = ${b.label}`).join(', ')}`)
  }
  routesFile = refreshReference()
  if (!flags['no-prism'] && (sections.has('matrix') || sections.has('startup'))) {
    prism = await ensurePrism(CACHE, { log })
    if (prism.na) log(`Prism: n/a: ${prism.na}`)
  }
  results.prism = prism.na ? { na: prism.na } : { version: prism.version, installMs: prism.installMs }
  if (sections.has('matrix')) results.matrix = await runMatrix()
  if (sections.has('startup')) results.startup = await runStartup()
  if (sections.has('rss')) results.sustained = await runSustained()
  if (sections.has('tokens')) results.tokens = await runTokens()
  if (results.compare) {
    // The memory sections measure one process each; run one after another, a process apart.
    results.compare.matrix = results.matrix
    if (results.sustained) results.compare.sustained = { [authmock.label]: results.sustained }
    if (results.tokens) results.compare.tokens = { [authmock.label]: results.tokens }
    for (const build of compared) {
      if (results.sustained) results.compare.sustained[build.label] = await runSustained(build.name)
      if (results.tokens) results.compare.tokens[build.label] = await runTokens(build.name)
    }
  }
  if (sections.has('redis')) {
    results.redis = await runRedis({
      start, stop: stopServer, load, rounds: SETTINGS.rounds, duration: SETTINGS.duration, warmup: SETTINGS.warmup,
      perFlow: (id) => SCENARIOS[id].perFlow ?? 1, log,
    })
  }
  if (sections.has('msw')) results.msw = await runMsw()
  if (sections.has('verify')) results.verify = await runVerify()
  if (sections.has('profile')) results.profile = await runProfile()
  results.wallSeconds = Number(((performance.now() - t0) / 1000).toFixed(1))

  const report = renderReport(results)
  results.targets = report.targets
  process.stdout.write(`${report.text}\n`)
  if (results.compare) process.stdout.write(`${renderCompare(results.compare)}\n`)
  if (results.redis) process.stdout.write(`\n${renderRedis(results.redis)}\n`)
  for (const [name, p] of Object.entries(results.profile ?? {})) {
    if (p.na) continue
    const title = p.phase === 'startup' ? name : `${name}: ${p.requests} requests, ${((p.busyMs * 1000) / p.requests).toFixed(1)} µs busy per request`
    process.stdout.write(`\n#### ${title}\n${formatProfile(p)}\n`)
  }
  const outDir = join(ROOT, 'bench', 'results')
  mkdirSync(outDir, { recursive: true })
  const outFile = join(outDir, flags.quick ? 'latest-quick.json' : flags.only || flags['profile-only'] || COMPARE.length ? 'latest-partial.json' : 'latest.json')
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote ${outFile.slice(ROOT.length + 1)}; ${results.wallSeconds} s in all`)
}

function stopWorker() {
  if (worker) worker.child.kill()
}

main().then(stopWorker, (error) => {
  stopWorker()
  process.stderr.write(`bench: ${error.stack ?? error}\n`)
  process.exit(1)
})
