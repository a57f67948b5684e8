// @ts-check
// Load worker: runs one autocannon measurement against one server and prints
// one JSON line. The bench starts it as its own process (create-load-worker.mjs),
// so the load generator never shares an event loop with the orchestrator or the server.
//
// Usage: node bench/lib/load.mjs '{"url":"http://127.0.0.1:4010","kind":"authmock","scenario":"login-valid","duration":5,"connections":10}'
//   optional: "amount": N (requests, instead of duration), "latency": false (skip
//   recording latencies), "pipelining": N (default 1).
// Forked with an IPC channel (create-load-worker.mjs does), it stays up and runs
// one job per message, answering each with its result: no Node start-up between cells.
import autocannon from 'autocannon'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { LOGIN, SCENARIOS, VALID_LOGIN } from './scenarios.mjs'

async function loginToken(url) {
  const res = await globalThis.fetch(`${url}${LOGIN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: VALID_LOGIN })
  const body = await res.json().catch(() => ({}))
  return body?.access_token?.token ?? 'no-token'
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export async function runJob(job) {
  const scenario = SCENARIOS[job.scenario]
  if (!scenario) throw new Error(`unknown scenario ${job.scenario}`)
  const token = job.scenario === 'profile-token' ? await loginToken(job.url) : undefined
  const options = scenario.build(job.kind, token)
  if (options.na) return { na: options.na }

  // autocannon's own histogram keeps whole milliseconds; record each response's time (ms, float) instead.
  const record = job.latency !== false
  let latencies = new Float64Array(record ? 1 << 16 : 0)
  let count = 0
  const started = performance.now()
  const instance = autocannon({
    url: job.url,
    connections: job.connections ?? 10,
    pipelining: job.pipelining ?? 1,
    ...(job.amount ? { amount: job.amount } : { duration: job.duration ?? 5 }),
    excludeErrorStats: false,
    timeout: 10,
    // A single request is a one-element sequence: autocannon reads `path` only inside `requests`.
    requests: options.requests ?? [options],
  })
  if (record) {
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2)
        bigger.set(latencies)
        latencies = bigger
      }
      latencies[count++] = responseTime
    })
  }
  const result = await instance
  const seconds = (performance.now() - started) / 1000
  const sorted = latencies.subarray(0, count).sort()
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count]))
  const total = result.requests.total
  return {
    requests: total,
    seconds: Number(seconds.toFixed(3)),
    rps: total / (result.duration || seconds),
    p50: record ? percentile(sorted, 50) : null,
    p99: record ? percentile(sorted, 99) : null,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  }
}

if (process.send) {
  process.on('message', (job) => {
    // Forked with an IPC channel (the `if`), so process.send is there.
    const send = /** @type {(message: unknown) => void} */ (process.send).bind(process)
    runJob(job).then(send, (error) => send({ error: error.message }))
  })
  process.send({ ready: true })
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runJob(JSON.parse(process.argv[2] ?? '{}'))
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
