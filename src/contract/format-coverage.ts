import type { Coverage, CoverageEntry } from './types.js'

/** The documented responses of one operation, in the order the run listed them. */
export interface OperationCoverage {
  api: string
  operationId: string
  method: string
  path: string
  entries: CoverageEntry[]
}

/**
 * A percentage as people write it: at most one decimal, none when it is
 * whole (`74`, not `74.0`). The runner already rounds down to one decimal;
 * rounding here again only drops binary noise like 74.10000000000001.
 *
 * @example formatPercent(74) // '74'
 */
export function formatPercent(percent: number): string {
  return String(Math.round(percent * 10) / 10)
}

/**
 * Whether the run fails on coverage: a `--min-coverage` was given and the
 * percentage is under it. Every reporter (and the exit code) asks this one
 * function, so they cannot disagree.
 *
 * @example isBelowMinimum({ entries: [], seen: 3, total: 4, percent: 75, minimum: 80 }) // true
 */
export function isBelowMinimum(coverage: Coverage): boolean {
  return coverage.minimum !== undefined && coverage.percent < coverage.minimum
}

/**
 * A documented response as the reports name it: the status, then the
 * example's name when the spec names examples under it.
 *
 * @example responseLabel({ status: 400, example: 'invalid-credentials', ... }) // '400 invalid-credentials'
 */
export function responseLabel(entry: CoverageEntry): string {
  return entry.example === undefined ? String(entry.status) : `${entry.status} ${entry.example}`
}

/**
 * The entries grouped by operation (api + operationId), keeping the order
 * in which each operation first appears.
 *
 * @example groupCoverage(coverage)[0] // { api: 'nwapp', operationId: 'nwappLogin', ..., entries: [...] }
 */
export function groupCoverage(coverage: Coverage): OperationCoverage[] {
  const groups = new Map<string, OperationCoverage>()
  for (const entry of coverage.entries) {
    // JSON of the pair, not a joined string: no api or operationId can make two keys collide.
    const key = JSON.stringify([entry.api, entry.operationId])
    let group = groups.get(key)
    if (!group) {
      group = { api: entry.api, operationId: entry.operationId, method: entry.method, path: entry.path, entries: [] }
      groups.set(key, group)
    }
    group.entries.push(entry)
  }
  return [...groups.values()]
}

/**
 * The total line every report shows the same way.
 *
 * @example formatCoverageTotal(coverage) // '23 of 31 documented responses, 74%'
 */
export function formatCoverageTotal(coverage: Coverage): string {
  return `${coverage.seen} of ${coverage.total} documented responses, ${formatPercent(coverage.percent)}%`
}

/**
 * Why the run fails on coverage, or undefined when it does not.
 *
 * @example formatCoverageFailure(coverage) // 'The run fails: coverage 74% is below --min-coverage 80%.'
 */
export function formatCoverageFailure(coverage: Coverage): string | undefined {
  if (!isBelowMinimum(coverage)) return undefined
  return `The run fails: coverage ${formatPercent(coverage.percent)}% is below --min-coverage ${formatPercent(coverage.minimum as number)}%.`
}

/**
 * One operation's line: which of its documented responses some case saw,
 * and which none did.
 *
 * @example formatOperationCoverage(group) // 'nwapp POST /api/v1/public/login: seen 200 success; not seen 400 missing-fields'
 */
export function formatOperationCoverage(group: OperationCoverage): string {
  const seen = group.entries.filter((e) => e.seen).map(responseLabel)
  const missed = group.entries.filter((e) => !e.seen).map(responseLabel)
  const parts: string[] = []
  if (seen.length > 0) parts.push(`seen ${seen.join(', ')}`)
  if (missed.length > 0) parts.push(`not seen ${missed.join(', ')}`)
  return `${group.api} ${group.method} ${group.path}: ${parts.join('; ')}`
}

/**
 * The coverage part of a text report, as lines: a heading and a line per
 * operation (when anything is documented), the total line, and the failure
 * line when --min-coverage was missed.
 *
 * @example formatCoverage(coverage).at(-1) // '23 of 31 documented responses, 74%'
 */
export function formatCoverage(coverage: Coverage): string[] {
  const groups = groupCoverage(coverage)
  const lines: string[] = []
  if (groups.length > 0) {
    lines.push('Coverage of documented responses (status and example):')
    for (const group of groups) lines.push(`  ${formatOperationCoverage(group)}`)
  }
  lines.push(formatCoverageTotal(coverage))
  const failure = formatCoverageFailure(coverage)
  if (failure !== undefined) lines.push(failure)
  return lines
}
