// @ts-check
// The `redis` section of `npm run bench`: authmock with its state in Redis
// (`serve --store`, one replica, a local redis-server the bench starts) beside
// the in-memory state, interleaved round by round. Besides req/s, p99 and the
// server's CPU, it reads Redis's own CPU time (/proc) and command count
// (INFO stats) per request: what sizing one Redis for many replicas needs.
import { spawn, spawnSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { cpuMsOf, freePort } from './proc.mjs'
import { median } from './stats.mjs'

/** The scenarios measured against both states (the server matrix's ids). */
export const REDIS_SCENARIOS = ['login-valid', 'profile-token', 'profile-none', 'flow']

/**
 * Starts redis-server on a free loopback port without persistence; undefined
 * with the reason when Debian's redis-server is not installed.
 * @returns {Promise<{ url: string, port: number, pid: number, commands(): number, stop(): void } | { na: string }>}
 */
export async function startRedis() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
  if (found.status !== 0) return { na: 'redis-server not installed (apt-get install redis-server)' }
  const port = await freePort()
  const child = spawn(found.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const cli = (/** @type {string[]} */ ...args) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' })
  // Bounded: 100 tries of 50 ms.
  for (let i = 0; i < 100 && cli('ping').stdout.trim() !== 'PONG'; i++) await sleep(50)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: /** @type {number} */ (child.pid),
    commands: () => Number(/total_commands_processed:(\d+)/.exec(cli('info', 'stats').stdout)?.[1] ?? Number.NaN),
    stop: () => { child.kill('SIGKILL') },
  }
}

/**
 * Runs the section.
 * @param {{ start(name: string, extra?: string[]): Promise<any>, stop(server: any): Promise<void>, load(job: any): Promise<any>, rounds: number, duration: number, warmup: number, perFlow(id: string): number, log(line: string): void }} bench
 */
export async function runRedis(bench) {
  const redis = await startRedis()
  if ('na' in redis) return { na: redis.na }
  try {
    const memory = await bench.start('authmock')
    const shared = await bench.start('authmock', ['--store', redis.url])
    /** @type {Record<string, { memory: any[], redis: any[] }>} */
    const runs = {}
    for (const id of REDIS_SCENARIOS) {
      runs[id] = { memory: [], redis: [] }
      for (const server of [memory, shared]) await bench.load({ url: server.url, kind: 'authmock', scenario: id, duration: bench.warmup || 1, latency: false })
    }
    for (let round = 0; round < bench.rounds; round++) {
      for (const id of REDIS_SCENARIOS) {
        const order = round % 2 ? [['redis', shared], ['memory', memory]] : [['memory', memory], ['redis', shared]]
        for (const [which, server] of order) {
          const cpu = cpuMsOf(server.pid)
          const redisCpu = cpuMsOf(redis.pid)
          const commands = redis.commands()
          const r = await bench.load({ url: server.url, kind: 'authmock', scenario: id, duration: bench.duration })
          if (!r.error) {
            r.cpuUs = ((cpuMsOf(server.pid) - cpu) * 1000) / r.requests
            r.redisCpuUs = ((cpuMsOf(redis.pid) - redisCpu) * 1000) / r.requests
            r.commands = (redis.commands() - commands) / r.requests
          }
          runs[id]?.[/** @type {'memory' | 'redis'} */ (which)].push(r)
          bench.log(`redis round ${round + 1} ${id.padEnd(13)} ${String(which).padEnd(6)} ${r.error ?? `${r.rps.toFixed(0)} req/s p99 ${r.p99?.toFixed(2)} ms`}`)
        }
      }
    }
    await bench.stop(memory)
    await bench.stop(shared)
    /** @type {Record<string, any>} */
    const out = {}
    for (const id of REDIS_SCENARIOS) {
      const per = bench.perFlow(id)
      const { memory: m = [], redis: r = [] } = runs[id] ?? {}
      const pairs = m.map((a, i) => [a, r[i]]).filter(([a, b]) => a && b && !a.error && !b.error)
      out[id] = {
        memoryRps: median(pairs.map(([a]) => a.rps / per)),
        redisRps: median(pairs.map(([, b]) => b.rps / per)),
        rpsRatio: median(pairs.map(([a, b]) => b.rps / a.rps)),
        memoryP99: median(pairs.map(([a]) => a.p99)),
        redisP99: median(pairs.map(([, b]) => b.p99)),
        p99Ratio: median(pairs.map(([a, b]) => b.p99 / a.p99)),
        memoryCpuUs: median(pairs.map(([a]) => a.cpuUs * per)),
        redisServerCpuUs: median(pairs.map(([, b]) => b.cpuUs * per)),
        redisCpuUs: median(pairs.map(([, b]) => b.redisCpuUs * per)),
        commands: median(pairs.map(([, b]) => b.commands * per)),
      }
    }
    return out
  } finally {
    redis.stop()
  }
}

/**
 * The section as Markdown, with the targets of issue 12.
 * @param {Record<string, any>} cells
 */
export function renderRedis(cells) {
  if (cells.na) return `### Shared state: --store redis\n\nn/a: ${cells.na}\n`
  const targets = { 'profile-token': 0.5, 'login-valid': 0.4 }
  const fmt = (/** @type {number} */ n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
  const rows = Object.entries(cells).map(([id, c]) => {
    const floor = /** @type {Record<string, number>} */ (targets)[id]
    const verdict = floor === undefined ? '' : c.rpsRatio >= floor && c.p99Ratio <= 3 ? `met (>= ${floor}x, p99 <= 3x)` : `missed (>= ${floor}x, p99 <= 3x)`
    return `| ${id} | ${fmt(c.memoryRps)} | ${fmt(c.redisRps)} | x${fmt(c.rpsRatio, 2)} | ${fmt(c.memoryP99, 2)} | ${fmt(c.redisP99, 2)} | x${fmt(c.p99Ratio, 2)} | ${fmt(c.memoryCpuUs)} | ${fmt(c.redisServerCpuUs)} | ${fmt(c.redisCpuUs, 1)} | ${fmt(c.commands, 1)} | ${verdict} |`
  })
  const profile = cells['profile-token']
  const login = cells['login-valid']
  const capacity = (/** @type {any} */ c) => (c && c.redisCpuUs > 0 ? Math.floor(1e6 / c.redisCpuUs) : Number.NaN)
  return [
    '### Shared state: --store redis (one replica, local redis-server) beside the in-memory state',
    '',
    '| scenario | memory req/s | redis req/s | ratio | memory p99 ms | redis p99 ms | p99 ratio | memory CPU µs/req | redis-mode server CPU µs/req | Redis CPU µs/req | Redis commands/req | target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `One Redis core carries about ${fmt(capacity(profile))} authenticated reads/s or ${fmt(capacity(login))} logins/s (1 s of CPU over its CPU per request).`,
    '',
  ].join('\n')
}
