// @ts-check
// Memory under sustained logins: N logins into one server with the default
// --max-credentials, its RSS sampled every second (the peak, and VmHWM).
import { performance } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import { cpuMsOf, memoryOf, stopServer } from './proc.mjs'

/**
 * Runs the section against server `name` (authmock, or a --compare build).
 * @param {{ start: import('./create-servers.mjs').Start, load: import('./create-load-worker.mjs').Load, settings: { sustainedLogins: number, fillPipelining: number }, log(line: string): void }} bench
 * @param {string} [name]
 */
export async function runSustained({ start, load, settings, log }, name = 'authmock') {
  const n = settings.sustainedLogins
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
  const r = await load({ url: server.url, kind: 'authmock', scenario: 'login-valid', amount: n, latency: false, pipelining: settings.fillPipelining })
  clearInterval(sampler)
  const cpuUsPerLogin = ((cpuMsOf(server.pid) - cpuBefore) * 1000) / n
  const mem = memoryOf(server.pid)
  await stopServer(server)
  const out = { logins: n, pipelining: settings.fillPipelining, rps: r.rps, cpuUsPerLogin, seconds: r.seconds, statuses: r.statuses, rssAfterMb: mem.rssMb, peakRssMb: Math.max(peak, mem.hwmMb), error: r.error, timeline }
  log(`sustained: ${r.error ?? `${r.rps?.toFixed(0)} logins/s, RSS after ${mem.rssMb.toFixed(0)} MB, peak ${out.peakRssMb.toFixed(0)} MB`}`)
  return out
}
