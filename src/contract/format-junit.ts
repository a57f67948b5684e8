import { formatCoverageFailure, formatCoverageTotal, formatOperationCoverage, formatPercent, groupCoverage, isBelowMinimum } from './format-coverage.js'
import { formatGenerated, formatViolation } from './format-pretty.js'
import type { CaseResult, VerifyResult } from './types.js'

// XML 1.0 allows only these characters; anything else (a control byte from a server) is dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/**
 * Text safe inside an XML attribute or element. A carriage return goes as a
 * character reference: a parser turns a literal one into a line feed (XML
 * 1.0 section 2.11).
 */
function xml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;')
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

/** A failure's text: its violations, then the generated input and the line that replays it. */
function failureText(c: CaseResult): string {
  const lines = c.violations.map((v) => formatViolation(v))
  if (c.generated) {
    lines.push(`generated: ${formatGenerated(c.generated)}`)
    if (c.generated.input !== undefined) lines.push(`input: ${c.generated.input}`)
  }
  if (c.reproducer !== undefined) lines.push(`reproduce: ${c.reproducer}`)
  return lines.join('\n')
}

function testcase(c: CaseResult): string {
  const open = `    <testcase classname="${xml(`${c.api}.${c.operationId}`)}" name="${xml(`${c.method} ${c.path} (${c.case})`)}" time="${seconds(c.durationMs)}"`
  if (c.outcome === 'passed') return `${open}/>`
  if (c.outcome === 'skipped') return `${open}>\n      <skipped message="${xml(c.reason ?? '')}"/>\n    </testcase>`
  const first = c.violations[0]?.message ?? 'failed'
  const lines = [`${open}>`, `      <failure message="${xml(first)}" type="contract">${xml(failureText(c))}</failure>`]
  // The reproducer alone as the case's output too: CI pages show system-out as copyable text.
  if (c.reproducer !== undefined) lines.push(`      <system-out>${xml(c.reproducer)}</system-out>`)
  lines.push('    </testcase>')
  return lines.join('\n')
}

/**
 * The run as JUnit XML (the Ant/Surefire shape CI systems read): a testsuite
 * per API, a testcase per case, `<failure>` listing its violations (and the
 * reproducer, also in the case's `<system-out>`), `<skipped>` with the
 * reason. Each suite's `<system-out>` holds its API's coverage; the seed and
 * the coverage total are suite properties. With --min-coverage, a suite
 * `coverage` holds one testcase that fails below it, so a CI system reading
 * only the XML fails the run where the exit code does.
 *
 * @example formatJunit(result).startsWith('<?xml') // true
 */
export function formatJunit(result: VerifyResult, options: { timestamp?: Date } = {}): string {
  const timestamp = (options.timestamp ?? new Date()).toISOString().replace(/\.\d+Z$/, '')
  const { coverage } = result
  const apis = [...new Set(result.cases.map((c) => c.api))]
  const groups = groupCoverage(coverage)
  const count = (cases: CaseResult[], outcome: string): number => cases.filter((c) => c.outcome === outcome).length
  const gated = coverage.minimum !== undefined
  const below = isBelowMinimum(coverage)
  const extra = gated ? 1 : 0
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authmock verify" tests="${result.cases.length + extra}" failures="${count(result.cases, 'failed') + (below ? 1 : 0)}" errors="0" skipped="${count(result.cases, 'skipped')}" time="${seconds(result.durationMs)}">`,
  ]
  const properties = ['    <properties>', `      <property name="coverage" value="${xml(formatCoverageTotal(coverage))}"/>`]
  if (result.seed !== undefined) properties.push(`      <property name="seed" value="${result.seed}"/>`)
  properties.push('    </properties>')
  for (const api of apis) {
    const cases = result.cases.filter((c) => c.api === api)
    const time = cases.reduce((sum, c) => sum + c.durationMs, 0)
    lines.push(`  <testsuite name="${xml(api)}" tests="${cases.length}" failures="${count(cases, 'failed')}" errors="0" skipped="${count(cases, 'skipped')}" time="${seconds(time)}" timestamp="${timestamp}">`, ...properties)
    for (const c of cases) lines.push(testcase(c))
    const covered = groups.filter((g) => g.api === api).map(formatOperationCoverage)
    if (covered.length > 0) lines.push(`    <system-out>${xml(covered.join('\n'))}</system-out>`)
    lines.push('  </testsuite>')
  }
  if (gated) {
    const name = `documented responses seen (--min-coverage ${formatPercent(coverage.minimum as number)}%)`
    lines.push(`  <testsuite name="coverage" tests="1" failures="${below ? 1 : 0}" errors="0" skipped="0" time="0.000" timestamp="${timestamp}">`)
    const open = `    <testcase classname="coverage" name="${xml(name)}" time="0.000"`
    if (below) lines.push(`${open}>`, `      <failure message="${xml(formatCoverageFailure(coverage) as string)}" type="coverage">${xml(formatCoverageTotal(coverage))}</failure>`, '    </testcase>')
    else lines.push(`${open}/>`)
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
