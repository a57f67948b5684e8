// @ts-check
// `npm run soak`: a long mixed load on a real listening authmock (not in CI).
//
// 50 connections (autocannon) repeat one flow over all four APIs for N minutes:
// nwapp login -> profile -> refresh -> logout, Whippy Ware login -> stocks,
// Akinon CSRF token -> login -> current user -> logout (double-submit CSRF),
// Unicommerce token -> products -> count, and an nwapp register (a new account
// every 50th flow, else the documented 400 for a taken e-mail). From 40% to 60%
// of the run, faults are armed through the control API (documented 401 and 429
// answers, a delay, and DROPS dropped connections on a side client), then cleared.
//
// Fails (exit 1) on: any request error or timeout of the load, a drop armed
// that did not happen, any status the step does not expect (the
// fault's statuses are expected only inside its window, plus a second of
// grace), a control call refused, the server unhealthy at the end, or RSS
// growth after warm-up above the threshold below. Prints a table.
//
//   npm run soak                       5 minutes
//   npm run soak -- --minutes 2        options: --minutes N  --connections N  --no-build
//
// RSS threshold: the median VmRSS of the last 10 one-second samples may exceed
// the median of the first 10 after warm-up (the first 25% of the run, at least
// 20 s) by at most 24 MB. Why: on a flat process V8's heap moves by a young
// generation (up to 16 MB per semispace) between samples; a leak of even
// 200 bytes per request at this rate (thousands of requests a second) passes
// that within two minutes. The store is capped at 20,000 credentials
// (--max-credentials) so that it fills, and starts evicting, inside warm-up:
// what is measured is the steady state, eviction included.
import autocannon from 'autocannon'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { cpuMsOf, freePort, memoryOf, probe, runCommand, startServer, stopServer } from './lib/proc.mjs'
import { flowRequests } from './lib/scenarios.mjs'
import { fmtMs, fmtRate, median, table } from './lib/stats.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-build': { type: 'boolean', default: false },
  },
})
const seconds = Math.round(Number(flags.minutes) * 60)
const connections = Number(flags.connections)
if (!(seconds >= 10 && seconds <= 24 * 3600) || !(connections >= 1 && connections <= 1000)) {
  process.stderr.write('usage: node bench/soak.mjs [--minutes N (1/6 to 1440)] [--connections N] [--no-build]\n')
  process.exit(2)
}
const RSS_LIMIT_MB = 24
const MAX_CREDENTIALS = 20_000
const WARMUP_S = Math.max(20, seconds * 0.25)
const FAULT_FROM_S = seconds * 0.4
const FAULT_TO_S = seconds * 0.6
const GRACE_S = 1
const DROPS = 20

const t0 = performance.now()
const elapsed = () => (performance.now() - t0) / 1000
const log = (line) => process.stderr.write(`[soak ${elapsed().toFixed(0).padStart(4)}s] ${line}\n`)

// ------------------------------------------------------------------ the flow

// Copied into every request: autocannon writes Content-Length into the headers object it is given.
const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' })
/** Set-Cookie values by name, from autocannon's header object (one string or several). */
function cookiesOf(headers) {
  const raw = headers['set-cookie'] ?? headers['Set-Cookie']
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/,(?=\s*[\w-]+=)/) : []
  const out = {}
  for (const line of list) {
    const [pair] = line.split(';')
    const at = pair.indexOf('=')
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim()
  }
  return out
}
const jsonOf = (body) => { try { return JSON.parse(body) } catch { return {} } }
let registrations = 0

/**
 * The steps of one flow: autocannon request options plus `name`, `expect`
 * (statuses always fine) and `faulted` (statuses fine only in the fault window).
 */
const nwapp = flowRequests()
const STEPS = [
  { ...nwapp[0], name: 'nwapp login', expect: [200] },
  { ...nwapp[1], name: 'nwapp profile', expect: [200] },
  { ...nwapp[2], name: 'nwapp refresh', expect: [200] },
  { ...nwapp[3], name: 'nwapp logout', expect: [200] },
  {
    name: 'whippy login', expect: [200], method: 'POST', path: '/api/v1/auth/login/', headers: { ...JSON_HEADERS },
    body: JSON.stringify({ username: 'test', password: 'test_pass' }),
    onResponse: (status, body, context) => { if (status === 200) context.key = jsonOf(body).key },
  },
  {
    name: 'whippy stocks', expect: [200], method: 'GET', path: '/api/v1/stocks/?limit=5',
    setupRequest: (req, context) => ({ ...req, headers: { authorization: `Token ${context.key}` } }),
  },
  {
    name: 'akinon csrf token', expect: [200], method: 'GET', path: '/csrf_token/',
    onResponse: (_status, _body, context, headers) => { context.csrf = cookiesOf(headers).csrftoken ?? context.csrf },
  },
  {
    name: 'akinon login', expect: [200], faulted: [429], method: 'POST', path: '/users/login/',
    setupRequest: (req, context) => ({ ...req, headers: { ...JSON_HEADERS, cookie: `csrftoken=${context.csrf}` }, body: JSON.stringify({ email: 'shopper@example.com', password: 'shopper-pass' }) }),
    onResponse: (status, _body, context, headers) => {
      const cookies = cookiesOf(headers)
      context.session = status === 200 ? cookies.osessionid : 'none'
      context.csrf = cookies.csrftoken ?? context.csrf
    },
  },
  {
    name: 'akinon current user', expect: [200], faulted: [401], method: 'GET', path: '/current_user/',
    setupRequest: (req, context) => ({ ...req, headers: { cookie: `osessionid=${context.session}` } }),
  },
  {
    name: 'akinon logout', expect: [302], faulted: [401, 403], method: 'POST', path: '/users/logout/?next=/home',
    setupRequest: (req, context) => ({ ...req, headers: { 'x-csrftoken': context.csrf, cookie: `osessionid=${context.session}; csrftoken=${context.csrf}` } }),
  },
  {
    name: 'unicommerce token', expect: [200], method: 'POST', path: '/authToken', headers: { ...JSON_HEADERS },
    body: JSON.stringify({ username: 'seller-one', password: 'seller-one-pass' }),
    onResponse: (status, body, context) => { if (status === 200) context.apiKey = jsonOf(body).accessToken },
  },
  {
    name: 'unicommerce products', expect: [200], method: 'GET', path: '/products?pageNumber=1&pageSize=5',
    setupRequest: (req, context) => ({ ...req, headers: { apikey: context.apiKey } }),
  },
  {
    name: 'unicommerce count', expect: [200], faulted: [401], method: 'GET', path: '/productsCount',
    setupRequest: (req, context) => ({ ...req, headers: { apikey: context.apiKey } }),
  },
  {
    name: 'nwapp register', expect: [200, 400], method: 'POST', path: '/api/v1/public/register',
    setupRequest: (req) => {
      const fresh = ++registrations % 50 === 0
      const email = fresh ? `soak-${process.pid}-${registrations}@example.com` : 'bart@mikasoftware.com'
      return { ...req, headers: { ...JSON_HEADERS }, body: JSON.stringify({ email, password: 'soak-password', first_name: 'Soak', last_name: 'Test' }) }
    },
  },
]

/** The faults armed from 40% to 60% of the run: documented answers, a delay, a bounded number of drops. */
const FAULTS = [
  { operation: 'unicommerceCountProducts', status: 401, times: 50_000 },
  { operation: 'akinonLogin', status: 429, times: 5_000 },
  { operation: 'whippyListStocks', delay: 20, times: 5_000 },
]
/**
 * Dropped connections, on an operation the flow does not call: autocannon
 * pairs answers with steps by order, and a dropped one would shift every later
 * answer onto the wrong step. A side client makes exactly DROPS calls and
 * expects each to fail at the network level.
 */
const DROP = { operation: 'whippyListStockLocations', fault: 'reset', times: DROPS, path: '/api/v1/stock-locations/' }

// ------------------------------------------------------------------ run

/** A control API call (fetch, its own connection pool); throws with the status or the network error. */
async function control(url, method, path, body) {
  const res = await globalThis.fetch(`${url}${path}`, {
    method, headers: { ...JSON_HEADERS }, body: body === undefined ? undefined : JSON.stringify(body), signal: globalThis.AbortSignal.timeout(10_000),
  }).catch((error) => { throw new Error(`${method} ${path} failed: ${error.cause?.code ?? error.message}`) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`)
  return text
}

async function main() {
  if (!flags['no-build']) {
    log('npm run build ...')
    const r = await runCommand('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeoutMs: 300_000 })
    if (r.code !== 0) throw new Error(`npm run build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`)
  }
  const port = await freePort()
  const server = await startServer({
    command: process.execPath,
    args: [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve', '--port', String(port), '--quiet', '--seed', '1', '--max-credentials', String(MAX_CREDENTIALS)],
    port,
    cwd: ROOT,
  })
  log(`authmock pid ${server.pid} on ${server.url}; ${seconds} s at ${connections} connections; faults ${FAULT_FROM_S.toFixed(0)}-${FAULT_TO_S.toFixed(0)} s`)
  const failures = []
  const samples = []
  /** @type {Array<{ count: number, statuses: Record<string, number>, unexpected: number }>} */
  const stats = STEPS.map(() => ({ count: 0, statuses: {}, unexpected: 0 }))
  /** @type {{ inWindow: number, outside: number, timeouts: number, first: string[] }} */
  const errors = { inWindow: 0, outside: 0, timeouts: 0, first: [] }
  let dropsSeen = 0
  let loadStart = 0
  const at = () => (performance.now() - loadStart) / 1000
  const inWindow = (s) => s >= FAULT_FROM_S - GRACE_S && s <= FAULT_TO_S + GRACE_S
  const timers = []
  try {
    const requests = STEPS.map((step, i) => ({
      ...step,
      onResponse: (status, body, context, headers) => {
        const s = /** @type {typeof stats[number]} */ (stats[i])
        s.count++
        s.statuses[status] = (s.statuses[status] ?? 0) + 1
        if (!step.expect.includes(status) && !(step.faulted?.includes(status) && inWindow(at()))) {
          s.unexpected++
          if (s.unexpected <= 3) failures.push(`${step.name}: unexpected ${status} at ${at().toFixed(1)} s: ${String(body).slice(0, 160)}`)
        }
        step.onResponse?.(status, body, context, headers)
      },
    }))
    loadStart = performance.now()
    const cpuStart = cpuMsOf(server.pid)
    const sampler = setInterval(() => samples.push({ s: at(), ...memoryOf(server.pid) }), 1000)
    timers.push(sampler)
    timers.push(setTimeout(() => {
      log(`arming ${FAULTS.length} faults`)
      const { path, ...drop } = DROP
      Promise.all([...FAULTS, drop].map((f) => control(server.url, 'POST', '/__mock/scenarios', f)))
        .then(async () => {
          for (let i = 0; i < DROPS; i++) {
            const answered = await globalThis.fetch(`${server.url}${path}`, { signal: globalThis.AbortSignal.timeout(10_000) }).then((r) => r.status, () => undefined)
            if (answered === undefined) dropsSeen++
            else failures.push(`a call armed to drop its connection answered ${answered}`)
          }
        })
        .catch((e) => failures.push(`arming faults: ${e.message}`))
    }, FAULT_FROM_S * 1000))
    timers.push(setTimeout(() => {
      log('clearing faults')
      control(server.url, 'DELETE', '/__mock/scenarios').catch((e) => failures.push(`clearing faults: ${e.message}`))
    }, FAULT_TO_S * 1000))
    const instance = autocannon({ url: server.url, connections, duration: seconds, timeout: 10, requests, excludeErrorStats: false })
    instance.on('reqError', (error) => {
      if (inWindow(at())) errors.inWindow++
      else errors.outside++
      if (errors.first.length < 3) errors.first.push(`${at().toFixed(1)} s: ${error.code ?? error.message}`)
    })
    // A watchdog: the run ends even if autocannon does not.
    const watchdog = new Promise((_, reject) => { timers.push(setTimeout(() => reject(new Error('autocannon did not finish in time')), (seconds + 60) * 1000)) })
    const result = await Promise.race([instance, watchdog])
    const cpuMs = cpuMsOf(server.pid) - cpuStart
    clearInterval(sampler)
    errors.timeouts = result.timeouts

    const health = await probe(server.url, { method: 'GET', path: '/__mock/health', headers: {} })
    const journal = await probe(server.url, { method: 'GET', path: '/__mock/requests?limit=5', headers: {} })
    if (health.status !== 200) failures.push(`health answered ${health.status} after the run`)
    if (journal.status !== 200) failures.push(`the journal answered ${journal.status} after the run`)
    if (errors.outside + errors.inWindow > 0) failures.push(`${errors.outside + errors.inWindow} request errors (${errors.first.join('; ')})`)
    if (dropsSeen !== DROPS) failures.push(`${dropsSeen} of ${DROPS} calls armed to drop their connection were dropped`)
    if (errors.timeouts > 0) failures.push(`${errors.timeouts} timeouts`)

    const after = samples.filter((x) => x.s >= WARMUP_S)
    const base = median(after.slice(0, 10).map((x) => x.rssMb))
    const end = median(samples.slice(-10).map((x) => x.rssMb))
    const peak = Math.max(...samples.map((x) => x.hwmMb).filter(Number.isFinite))
    const growth = end - base
    if (!(growth <= RSS_LIMIT_MB)) failures.push(`RSS grew ${growth.toFixed(1)} MB after warm-up (limit ${RSS_LIMIT_MB} MB)`)
    const total = result.requests.total
    const unexpected = stats.reduce((n, s) => n + s.unexpected, 0)

    process.stdout.write(`\n${table(['step', 'requests', 'statuses', 'unexpected'], STEPS.map((step, i) => {
      const s = /** @type {typeof stats[number]} */ (stats[i])
      return [step.name, s.count, Object.entries(s.statuses).map(([k, v]) => `${k}: ${v}`).join(', '), s.unexpected]
    }))}\n\n`)
    process.stdout.write(`${table(['figure', 'value'], [
      ['duration', `${seconds} s at ${connections} connections`],
      ['requests', `${total} (${fmtRate(total / seconds)} req/s, ${fmtRate(total / seconds / STEPS.length)} flows/s)`],
      ['latency p50 / p99', `${fmtMs(result.latency.p50)} / ${fmtMs(result.latency.p99)} ms`],
      ['server CPU', `${(cpuMs / 1000).toFixed(0)} s (${(cpuMs / 1000 / seconds * 100).toFixed(0)}% of one core)`],
      ['faults', `${FAULT_FROM_S.toFixed(0)}-${FAULT_TO_S.toFixed(0)} s: ${FAULTS.map((f) => `${f.operation} ${f.status ?? `delay ${f.delay} ms`}`).join(', ')}; ${DROP.operation} reset: ${dropsSeen}/${DROPS} dropped`],
      ['errors', `${errors.inWindow + errors.outside} request errors, ${errors.timeouts} timeouts`],
      ['unexpected statuses', String(unexpected)],
      ['new accounts registered', String(Math.floor(registrations / 50))],
      ['RSS MB', `start ${samples[0]?.rssMb.toFixed(0)}, after warm-up (${WARMUP_S.toFixed(0)} s) ${base?.toFixed(0)}, end ${end?.toFixed(0)}, peak ${peak.toFixed(0)}; growth ${growth.toFixed(1)} (limit ${RSS_LIMIT_MB})`],
      ['verdict', failures.length === 0 ? 'PASS' : 'FAIL'],
    ])}\n`)
  } finally {
    for (const timer of timers) { clearTimeout(timer); clearInterval(timer) }
    await stopServer(server)
  }
  for (const failure of failures) process.stdout.write(`FAIL: ${failure}\n`)
  return failures.length === 0 ? 0 : 1
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`soak: ${error.stack ?? error.message}\n`)
  process.exit(1)
})
