// @ts-check
// Start-up: process start to the first 200, and idle RSS, of every server,
// each started in turn (rotated run by run), medians.
import { memoryOf, stopServer } from './proc.mjs'
import { rotate } from './rotate.mjs'
import { median } from './stats.mjs'

/**
 * Runs the section: per server { ms, bannerMs, idleRssMb, runs } or { na }.
 * @param {{ start: import('./create-servers.mjs').Start, prism: { na?: string }, startupRuns: number, log(line: string): void }} bench
 */
export async function runStartup({ start, prism, startupRuns, log }) {
  const names = ['authmock', 'authmock --api nwapp', 'reference', 'node:http', ...(prism.na ? [] : ['prism'])]
  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  for (let i = 0; i < startupRuns; i++) {
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
