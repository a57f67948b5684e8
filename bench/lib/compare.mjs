// @ts-check
// --compare: the measured build (the work tree or --ref) against other builds,
// in the same run, round by round. The machine is shared and noisy: two builds
// measured minutes apart differ by more than most changes do, so each round
// measures every build in turn, seconds apart, and the ratio is taken per round
// and its median shown.
import { SCENARIOS } from './scenarios.mjs'
import { fmtMb, fmtMs, fmtRate, fmtRatio, median, table } from './stats.mjs'

/** @typedef {{ rps: number, p99: number | null, cpuUsPerRequest: number, error?: string }} Round */
/** @typedef {{ rounds: Round[], na?: string, rps?: number | null, p99?: number | null, cpuUs?: number | null, vsBase?: { rps: number | null, p99: number | null, cpu: number | null } }} Cell */

/**
 * Per scenario and compared build: the median over rounds of (compared / base)
 * for req/s, p99 and CPU per request. Stored on the compared build's cell as vsBase.
 * @param {Record<string, Cell>} cells matrix cells keyed `${scenario}|${server}`
 * @param {string} base the server name of the measured build
 * @param {string[]} others the compared builds' server names
 */
export function compareRatios(cells, base, others) {
  for (const id of Object.keys(SCENARIOS)) {
    const a = cells[`${id}|${base}`]
    if (!a || a.na) continue
    for (const name of others) {
      const b = cells[`${id}|${name}`]
      if (!b || b.na) continue
      const pairs = b.rounds.map((r, i) => [r, a.rounds[i]]).filter(([x, y]) => x && y && !x.error && !y.error)
      const ratio = (/** @type {(r: Round) => number | null} */ of) => median(pairs.map(([x, y]) => {
        const top = of(/** @type {Round} */ (x))
        const bottom = of(/** @type {Round} */ (y))
        return top === null || bottom === null ? NaN : top / bottom
      }))
      b.vsBase = { rps: ratio((r) => r.rps), p99: ratio((r) => r.p99), cpu: ratio((r) => r.cpuUsPerRequest) }
    }
  }
}

/**
 * Markdown: one row per scenario and build, the base first, then each compared
 * build with its ratios to the base; then the memory sections measured per build.
 * @param {{ base: string, builds: { name: string, label: string }[], matrix?: Record<string, Cell>, sustained?: Record<string, any>, tokens?: Record<string, any> }} compare
 */
export function renderCompare(compare) {
  const out = ['', `### Side by side: ${compare.base} against ${compare.builds.map((b) => b.label).join(', ')}`, '']
  out.push('Ratios are compared / base, per round, median: req/s above 1 and p99 or CPU below 1 mean the compared build is faster.', '')
  if (compare.matrix) {
    const rows = []
    for (const [id, scenario] of Object.entries(SCENARIOS)) {
      for (const { name, label } of [{ name: 'authmock', label: compare.base }, ...compare.builds]) {
        const cell = compare.matrix[`${id}|${name}`]
        if (!cell) continue
        if (cell.na) { rows.push([scenario.title, label, `n/a: ${cell.na}`, '', '', '', '', '']); continue }
        const v = cell.vsBase
        rows.push([scenario.title, label, fmtRate(cell.rps), fmtMs(cell.p99), fmtMs(cell.cpuUs, 0), v ? fmtRatio(v.rps) : '', v ? fmtRatio(v.p99) : '', v ? fmtRatio(v.cpu) : ''])
      }
    }
    out.push(table(['scenario', 'build', 'req/s', 'p99 ms', 'CPU µs/req', 'req/s ratio', 'p99 ratio', 'CPU ratio'], rows))
  }
  if (compare.sustained) {
    out.push('', table(['build', 'logins', 'logins/s', 'CPU µs/login', 'RSS after, MB', 'peak RSS, MB'], Object.entries(compare.sustained).map(([label, s]) => [
      label, s.logins.toLocaleString('en-US'), s.error ? `n/a: ${s.error}` : fmtRate(s.rps), fmtMs(s.cpuUsPerLogin, 0), fmtMb(s.rssAfterMb), fmtMb(s.peakRssMb),
    ])))
  }
  if (compare.tokens) {
    const rows = []
    for (const [label, t] of Object.entries(compare.tokens)) {
      /** @type {{ tokens: number, rssMb: number } | undefined} */
      let previous
      for (const l of t.levels) {
        const perToken = previous ? ((l.rssMb - previous.rssMb) * 1024 * 1024) / (l.tokens - previous.tokens) : null
        rows.push([label, l.tokens.toLocaleString('en-US'), l.loginCpuUs === null ? '' : fmtMs(l.loginCpuUs, 0), fmtRate(l.profileRps), fmtMs(l.profileP99), fmtMs(l.profileCpuUs, 0), fmtMb(l.rssMb), perToken === null ? '' : perToken.toFixed(0)])
        previous = l
      }
    }
    out.push('', table(['build', 'live tokens', 'CPU µs/login (fill)', 'profile req/s', 'profile p99 ms', 'profile CPU µs/req', 'RSS MB', 'RSS bytes per token since the row above'], rows))
  }
  return out.join('\n')
}
