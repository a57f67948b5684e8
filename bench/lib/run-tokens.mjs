// @ts-check
// The cost of live tokens: one server (nwapp only, --max-credentials above the
// highest level) filled level by level with logins; at each level, the profile
// call with one valid token is measured and the RSS read.
import { cpuMsOf, memoryOf, stopServer } from './proc.mjs'
import { median } from './stats.mjs'

/**
 * Runs the section against server `name` (authmock, or a --compare build).
 * @param {{
 *   start: import('./create-servers.mjs').Start, load: import('./create-load-worker.mjs').Load,
 *   settings: { tokenLevels: number[], rounds: number, tokenMeasure: number, fillPipelining: number }, log(line: string): void,
 * }} bench
 * @param {string} [name]
 */
export async function runTokens({ start, load, settings, log }, name = 'authmock') {
  const levels = settings.tokenLevels
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
    const fill = logins > 0 ? await load({ url: server.url, kind: 'authmock', scenario: 'login-valid', amount: logins, latency: false, pipelining: settings.fillPipelining }) : { rps: null }
    const fillCpuUs = logins > 0 ? ((cpuMsOf(server.pid) - fillCpu) * 1000) / logins : null
    tokens += 2 * logins
    const afterFill = memoryOf(server.pid).rssMb
    const runs = []
    for (let i = 0; i < settings.rounds; i++) {
      const before = cpuMsOf(server.pid)
      const r = await load({ url: server.url, kind: 'authmock', scenario: 'profile-token', duration: settings.tokenMeasure })
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
