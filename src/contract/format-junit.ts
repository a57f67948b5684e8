import { formatViolation } from './format-pretty.js'
import type { CaseResult, VerifyResult } from './types.js'

// XML 1.0 allows only these characters; anything else (a control byte from a server) is dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Text safe inside an XML attribute or element. */
function xml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

function testcase(c: CaseResult): string {
  const open = `    <testcase classname="${xml(`${c.api}.${c.operationId}`)}" name="${xml(`${c.method} ${c.path} (${c.case})`)}" time="${seconds(c.durationMs)}"`
  if (c.outcome === 'passed') return `${open}/>`
  if (c.outcome === 'skipped') return `${open}>\n      <skipped message="${xml(c.reason ?? '')}"/>\n    </testcase>`
  const first = c.violations[0]?.message ?? 'failed'
  const body = c.violations.map((v) => formatViolation(v)).join('\n')
  return `${open}>\n      <failure message="${xml(first)}" type="contract">${xml(body)}</failure>\n    </testcase>`
}

/**
 * The run as JUnit XML (the Ant/Surefire shape CI systems read): a testsuite
 * per API, a testcase per case, `<failure>` listing its violations,
 * `<skipped>` with the reason.
 *
 * @example formatJunit(result).startsWith('<?xml') // true
 */
export function formatJunit(result: VerifyResult, options: { timestamp?: Date } = {}): string {
  const timestamp = (options.timestamp ?? new Date()).toISOString().replace(/\.\d+Z$/, '')
  const apis = [...new Set(result.cases.map((c) => c.api))]
  const count = (cases: CaseResult[], outcome: string): number => cases.filter((c) => c.outcome === outcome).length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authmock verify" tests="${result.cases.length}" failures="${count(result.cases, 'failed')}" errors="0" skipped="${count(result.cases, 'skipped')}" time="${seconds(result.durationMs)}">`,
  ]
  for (const api of apis) {
    const cases = result.cases.filter((c) => c.api === api)
    const time = cases.reduce((sum, c) => sum + c.durationMs, 0)
    lines.push(`  <testsuite name="${xml(api)}" tests="${cases.length}" failures="${count(cases, 'failed')}" errors="0" skipped="${count(cases, 'skipped')}" time="${seconds(time)}" timestamp="${timestamp}">`)
    for (const c of cases) lines.push(testcase(c))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
