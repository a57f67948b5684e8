// @ts-check
// The server matrix: every nwapp scenario against authmock, the plain-Fastify
// reference and Prism (or, with --compare, against the other builds), in
// interleaved rounds, with the ratios taken round by round.
import { compareRatios } from './compare.mjs'
import { cpuMsOf, memoryOf, probe, stopServer } from './proc.mjs'
import { rotate } from './rotate.mjs'
import { SCENARIOS } from './scenarios.mjs'
import { median } from './stats.mjs'

/**
 * Runs the section: one cell per scenario and server, keyed `${scenario}|${server}`.
 * @param {{
 *   servers: import('./create-servers.mjs').Servers, start: import('./create-servers.mjs').Start, load: import('./create-load-worker.mjs').Load,
 *   compared: Array<{ name: string }>, prism: { na?: string },
 *   settings: { rounds: number, duration: number, warmup: number, connections: number }, log(line: string): void,
 * }} bench
 */
export async function runMatrix({ servers, start, load, compared, prism, settings, log }) {
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
      const cell = { rounds: [], note: SCENARIOS[id].note?.[servers[name].kind] }
      cells[`${id}|${name}`] = cell
      if (server.na) { cell.na = server.na; continue }
      const bad = await sanity(server.url, servers[name].kind, id)
      if (bad) { cell.na = bad.replace(/^n\/a: /, ''); continue }
      // Warm-up (JIT of server and load generator); autocannon runs whole seconds. Quick: once per server.
      if (settings.warmup || id === 'login-valid') await load({ url: server.url, kind: servers[name].kind, scenario: id, duration: settings.warmup || 1, latency: false })
    }
  }
  log(`matrix: ${settings.rounds} round(s) x ${settings.duration} s per cell, ${settings.connections} connections`)
  for (let round = 0; round < settings.rounds; round++) {
    for (const id of Object.keys(SCENARIOS)) {
      for (const name of rotate(serversFor(id), round)) {
        const cell = cells[`${id}|${name}`]
        if (cell.na) continue
        const server = running[name]
        const cpuBefore = cpuMsOf(server.pid)
        const r = await load({ url: server.url, kind: servers[name].kind, scenario: id, duration: settings.duration })
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
