import type { VerifyResult } from './types.js'

// TAP 14: '#' starts a directive in a test point's description, so it is escaped.
const describe = (text: string): string => text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/[\r\n]+/g, ' ')
// Every YAML value as a JSON string: always a valid double-quoted YAML scalar.
const yaml = (value: string): string => JSON.stringify(value)

/**
 * The run as TAP version 14: one test point per case, violations in a YAML
 * block under a failed point, skipped cases as `# SKIP reason`.
 *
 * @example formatTap(result).startsWith('TAP version 14\n') // true
 */
export function formatTap(result: VerifyResult): string {
  const lines = ['TAP version 14', `1..${result.cases.length}`]
  result.cases.forEach((c, index) => {
    const title = `${c.api} ${c.method} ${c.path} (${c.case})`
    if (c.outcome === 'skipped') {
      lines.push(`ok ${index + 1} - ${describe(title)} # SKIP ${describe(c.reason ?? '')}`)
      return
    }
    lines.push(`${c.outcome === 'passed' ? 'ok' : 'not ok'} ${index + 1} - ${describe(title)}`)
    if (c.outcome === 'failed') {
      lines.push('  ---', `  operationId: ${yaml(c.operationId)}`, `  duration_ms: ${c.durationMs}`, '  violations:')
      for (const v of c.violations) {
        lines.push(`    - message: ${yaml(v.message)}`)
        for (const key of ['pointer', 'schemaPath', 'expected', 'actual'] as const) {
          if (v[key] !== undefined) lines.push(`      ${key}: ${yaml(v[key] as string)}`)
        }
      }
      lines.push('  ...')
    }
  })
  const count = (outcome: string): number => result.cases.filter((c) => c.outcome === outcome).length
  lines.push(`# ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`)
  return `${lines.join('\n')}\n`
}
