import type { CaseResult, Violation, VerifyResult } from './types.js'

export interface PrettyOptions {
  /** ANSI colours (a terminal that wants them). */
  color?: boolean
}

const paint = (on: boolean | undefined, code: number, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text)

/**
 * One progress line per case, as it ends: a mark, the call, the case, and the
 * time (or why it was skipped).
 *
 * @example formatCaseLine(result) // '  ✓ POST /api/v1/public/login (happy path) 3 ms'
 */
export function formatCaseLine(result: CaseResult, options: PrettyOptions = {}): string {
  const call = `${result.method} ${result.path} (${result.case})`
  if (result.outcome === 'skipped') return `  ${paint(options.color, 33, '-')} ${call}: skipped, ${result.reason ?? ''}`
  const mark = result.outcome === 'passed' ? paint(options.color, 32, '✓') : paint(options.color, 31, '✗')
  return `  ${mark} ${call} ${result.durationMs} ms`
}

/**
 * A violation as `METHOD path (case): what is wrong, where, expected vs got`.
 *
 * @example formatViolation(v) // 'GET /api/v1/public/profile (happy path): missing required property "user_id" at /user_id (schema #/required); expected present, got absent'
 */
export function formatViolation(v: Violation): string {
  let line = `${v.method} ${v.path} (${v.case}): ${v.message}`
  if (v.pointer !== undefined) line += ` at ${v.pointer || '/'}`
  if (v.schemaPath !== undefined) line += ` (schema ${v.schemaPath})`
  if (v.expected !== undefined && v.actual !== undefined) line += `; expected ${v.expected}, got ${v.actual}`
  else if (v.expected !== undefined) line += `; expected ${v.expected}`
  return line
}

/** The closing part: every violation, then `N passed, N failed, N skipped` alone on the last line. */
export function formatPrettySummary(result: VerifyResult): string {
  const count = (outcome: CaseResult['outcome']): number => result.cases.filter((c) => c.outcome === outcome).length
  const violations = result.cases.flatMap((c) => c.violations)
  const lines: string[] = ['']
  if (violations.length > 0) {
    lines.push(`Violations (${violations.length}):`)
    for (const v of violations) lines.push(`  ${formatViolation(v)}`)
    lines.push('')
  }
  lines.push(`Checked ${result.cases.length} cases in ${result.durationMs} ms.`)
  lines.push(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`)
  return `${lines.join('\n')}\n`
}

/**
 * The whole `pretty` report at once (for --output): a heading, each API's
 * case lines, the violations and the summary line.
 *
 * @example formatPretty(result, { title: 'authmock verify against http://127.0.0.1:4010' })
 */
export function formatPretty(result: VerifyResult, options: PrettyOptions & { title?: string } = {}): string {
  const lines: string[] = []
  if (options.title) lines.push(options.title)
  let api: string | undefined
  for (const c of result.cases) {
    if (c.api !== api) lines.push(c.api)
    api = c.api
    lines.push(formatCaseLine(c, options))
  }
  return `${lines.join('\n')}\n${formatPrettySummary(result)}`
}
