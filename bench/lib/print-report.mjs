// @ts-check
// The run's report on stdout: the tables and targets (bench/lib/report.mjs),
// then the --compare tables, the redis section and the CPU profiles' summaries.
import { renderCompare } from './compare.mjs'
import { formatProfile } from './cpuprofile.mjs'
import { renderRedis } from './redis.mjs'
import { renderReport } from './report.mjs'

/**
 * Writes the report to stdout; returns its targets (met / not met) for results.json.
 * @param {any} results the run's results, as written to bench/results/
 */
export function printReport(results) {
  const report = renderReport(results)
  process.stdout.write(`${report.text}\n`)
  if (results.compare) process.stdout.write(`${renderCompare(results.compare)}\n`)
  if (results.redis) process.stdout.write(`\n${renderRedis(results.redis)}\n`)
  for (const [name, p] of Object.entries(results.profile ?? {})) {
    if (p.na) continue
    const title = p.phase === 'startup' ? name : `${name}: ${p.requests} requests, ${((p.busyMs * 1000) / p.requests).toFixed(1)} µs busy per request`
    process.stdout.write(`\n#### ${title}\n${formatProfile(p)}\n`)
  }
  return report.targets
}
