import { formatCoverage } from './format-coverage.js'
import type { CaseResult, GeneratedInput, Violation, VerifyResult } from './types.js'

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

/**
 * A generated case's input in words: valid or invalid, its category, where it
 * was sent.
 *
 * @example formatGenerated({ kind: 'invalid', category: 'wrong type', location: 'application/json' }) // 'invalid input (wrong type) sent as application/json'
 */
export function formatGenerated(generated: GeneratedInput): string {
  return `${generated.kind} input (${generated.category}) sent as ${generated.location}`
}

// Control characters (ESC starts a terminal escape sequence) shown as \u escapes, so text that came
// from a generator or a server cannot move the cursor, recolour or retitle the terminal, nor
// break a violation over lines that read as the report's own.
// eslint-disable-next-line no-control-regex
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * The closing part: every violation (with, under a failed case's, the
 * generated input and the line that replays it), the coverage, the seed,
 * then `N passed, N failed, N skipped` alone on the last line (the CLI and
 * tests read it there).
 */
export function formatPrettySummary(result: VerifyResult): string {
  const count = (outcome: CaseResult['outcome']): number => result.cases.filter((c) => c.outcome === outcome).length
  const violations = result.cases.flatMap((c) => c.violations)
  const lines: string[] = ['']
  if (violations.length > 0 || count('failed') > 0) {
    lines.push(`Violations (${violations.length}):`)
    for (const c of result.cases) {
      for (const v of c.violations) lines.push(`  ${printable(formatViolation(v))}`)
      if (c.outcome !== 'failed') continue
      if (c.generated) {
        lines.push(`    generated: ${formatGenerated(c.generated)}`)
        if (c.generated.input !== undefined) lines.push(`    input: ${printable(c.generated.input)}`)
      }
      if (c.reproducer !== undefined) lines.push(`    reproduce: ${printable(c.reproducer)}`)
    }
    lines.push('')
  }
  lines.push(...formatCoverage(result.coverage), '')
  if (result.seed !== undefined) lines.push(`seed ${result.seed}: replay with --seed ${result.seed}`)
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
