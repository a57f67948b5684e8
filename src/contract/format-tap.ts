import { formatCoverage, formatCoverageTotal, formatPercent, isBelowMinimum } from './format-coverage.js'
import type { CaseResult, VerifyResult } from './types.js'

// TAP 14: '#' starts a directive in a test point's description, so it is escaped.
const describe = (text: string): string => text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/[\r\n]+/g, ' ')
// Every YAML value as a JSON string: always a valid double-quoted YAML scalar.
const yaml = (value: string): string => JSON.stringify(value)
// A comment line cannot hold a line break: one would end the comment and start a line TAP parses.
const comment = (text: string): string => `# ${text.replace(/[\r\n]+/g, ' ')}`

/** The YAML block under a failed point: violations, then what replays the case. */
function diagnostics(c: CaseResult): string[] {
  const lines = ['  ---', `  operationId: ${yaml(c.operationId)}`, `  duration_ms: ${c.durationMs}`]
  if (c.status !== undefined) lines.push(`  status: ${c.status}`)
  lines.push('  violations:')
  for (const v of c.violations) {
    lines.push(`    - message: ${yaml(v.message)}`)
    for (const key of ['pointer', 'schemaPath', 'expected', 'actual'] as const) {
      if (v[key] !== undefined) lines.push(`      ${key}: ${yaml(v[key] as string)}`)
    }
  }
  if (c.generated) {
    lines.push('  generated:', `    kind: ${yaml(c.generated.kind)}`, `    category: ${yaml(c.generated.category)}`, `    location: ${yaml(c.generated.location)}`)
    if (c.generated.input !== undefined) lines.push(`    input: ${yaml(c.generated.input)}`)
  }
  if (c.reproducer !== undefined) lines.push(`  reproducer: ${yaml(c.reproducer)}`)
  lines.push('  ...')
  return lines
}

/**
 * The run as TAP version 14: one test point per case, violations (and the
 * generated input and the reproducer) in a YAML block under a failed point,
 * skipped cases as `# SKIP reason`. With --min-coverage, one more point
 * for coverage, so a TAP consumer fails the run where the exit code does.
 * Coverage and the seed follow as comments; the `# N passed, ...` comment
 * stays last.
 *
 * @example formatTap(result).startsWith('TAP version 14\n') // true
 */
export function formatTap(result: VerifyResult): string {
  const { coverage } = result
  const gated = coverage.minimum !== undefined
  const lines = ['TAP version 14', `1..${result.cases.length + (gated ? 1 : 0)}`]
  result.cases.forEach((c, index) => {
    const title = `${c.api} ${c.method} ${c.path} (${c.case})`
    if (c.outcome === 'skipped') {
      lines.push(`ok ${index + 1} - ${describe(title)} # SKIP ${describe(c.reason ?? '')}`)
      return
    }
    lines.push(`${c.outcome === 'passed' ? 'ok' : 'not ok'} ${index + 1} - ${describe(title)}`)
    if (c.outcome === 'failed') lines.push(...diagnostics(c))
  })
  if (gated) {
    const below = isBelowMinimum(coverage)
    lines.push(`${below ? 'not ok' : 'ok'} ${result.cases.length + 1} - coverage ${describe(formatCoverageTotal(coverage))} (--min-coverage ${formatPercent(coverage.minimum as number)}%)`)
  }
  for (const line of formatCoverage(coverage)) lines.push(comment(line))
  if (result.seed !== undefined) lines.push(comment(`seed ${result.seed}: replay with --seed ${result.seed}`))
  const count = (outcome: string): number => result.cases.filter((c) => c.outcome === outcome).length
  lines.push(`# ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`)
  return `${lines.join('\n')}\n`
}
