import { formatCoverageFailure, formatCoverageTotal, groupCoverage, isBelowMinimum, responseLabel } from './format-coverage.js'
import { formatGenerated, formatViolation } from './format-pretty.js'
import type { CaseResult, VerifyResult } from './types.js'

// Workflow commands (docs.github.com/actions: "Workflow commands for GitHub Actions"; the runner's
// ActionCommand.cs). A command's data ends at the line's end, so its line breaks and the escape
// character itself are percent-encoded; a property value also ends at ',' and the properties at '::'.
const data = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const property = (text: string): string => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * A line of the log that must stay plain text. The runner reads a command
 * from any line that starts with `::` after leading spaces (TryParseV2), and
 * from a legacy `##[name]` anywhere in a line (TryParse), so both are broken
 * up; a line break would start a new line, so it becomes a space.
 */
function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/##\[/g, '## [').replace(/^(\s*)::/, '$1: :')
}

const call = (c: { api: string; method: string; path: string; case: string }): string => `${c.api} ${c.method} ${c.path} (${c.case})`
const count = (result: VerifyResult, outcome: CaseResult['outcome']): number => result.cases.filter((c) => c.outcome === outcome).length
const counts = (result: VerifyResult): string => `${count(result, 'passed')} passed, ${count(result, 'failed')} failed, ${count(result, 'skipped')} skipped`

/** A failed case in words, line by line: violations, the generated input, the reproducer. */
function failureLines(c: CaseResult): string[] {
  const lines = c.violations.map((v) => formatViolation(v))
  if (c.generated) {
    lines.push(`generated: ${formatGenerated(c.generated)}`)
    if (c.generated.input !== undefined) lines.push(`input: ${c.generated.input}`)
  }
  if (c.reproducer !== undefined) lines.push(`reproduce: ${c.reproducer}`)
  return lines
}

function caseLine(c: CaseResult): string {
  if (c.outcome === 'skipped') return plain(`- ${call(c)}: skipped, ${c.reason ?? ''}`)
  const got = c.status === undefined ? '' : `, got ${c.status}`
  return plain(`${c.outcome === 'passed' ? '✓' : '✗'} ${call(c)} ${c.durationMs} ms${got}`)
}

/**
 * Text safe in the job summary's Markdown, which GitHub renders with HTML:
 * `&`, `<`, `>` as entities, every other ASCII punctuation mark
 * backslash-escaped (so no emphasis, link, table cell break `|`, @mention,
 * `#` reference or `$` math starts in server text), line breaks as `<br>`.
 */
function md(text: string): string {
  return text
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[!"#$%'()*+,\-./:=?@[\\\]^_`{|}~]/g, '\\$&')
    .replace(/\r\n|\r|\n/g, '<br>')
}

// Inline code from raw HTML, not backticks: a backtick span would need a fence longer than any run in
// the text, and <code> holds entities and escapes the same way the rest of the cell does.
const code = (text: string): string => `<code>${md(text)}</code>`

function summaryMarkdown(result: VerifyResult): string {
  const { coverage } = result
  const lines = [`## authmock verify: ${result.ok ? 'passed' : 'failed'}`, '']
  let head = `**${counts(result)}** in ${result.durationMs} ms`
  if (result.target !== undefined) head += ` against ${code(result.target)}`
  lines.push(head, '')
  if (result.seed !== undefined) lines.push(`Seed ${result.seed}: replay with ${code(`--seed ${result.seed}`)}`, '')
  const failed = result.cases.filter((c) => c.outcome === 'failed')
  if (failed.length > 0) {
    lines.push('### Failures', '', '| call | status | violations | reproduce |', '| --- | --- | --- | --- |')
    for (const c of failed) {
      const what = c.violations.map((v) => md(formatViolation(v)))
      if (c.generated) {
        what.push(md(`generated: ${formatGenerated(c.generated)}`))
        if (c.generated.input !== undefined) what.push(`input: ${code(c.generated.input)}`)
      }
      const status = c.status === undefined ? 'no answer' : String(c.status)
      lines.push(`| ${md(call(c))} | ${status} | ${what.join('<br>')} | ${c.reproducer === undefined ? '' : code(c.reproducer)} |`)
    }
    lines.push('')
  }
  const skipped = result.cases.filter((c) => c.outcome === 'skipped')
  if (skipped.length > 0) {
    lines.push('### Skipped', '', '| call | reason |', '| --- | --- |')
    for (const c of skipped) lines.push(`| ${md(call(c))} | ${md(c.reason ?? '')} |`)
    lines.push('')
  }
  lines.push('### Coverage', '')
  const groups = groupCoverage(coverage)
  if (groups.length > 0) {
    lines.push('| operation | seen | not seen |', '| --- | --- | --- |')
    for (const g of groups) {
      const labels = (seen: boolean): string => g.entries.filter((e) => e.seen === seen).map((e) => md(responseLabel(e))).join(', ')
      lines.push(`| ${md(`${g.api} ${g.method} ${g.path}`)} | ${labels(true)} | ${labels(false)} |`)
    }
    lines.push('')
  }
  lines.push(`**${md(formatCoverageTotal(coverage))}**`)
  const failure = formatCoverageFailure(coverage)
  if (failure !== undefined) lines.push('', md(failure))
  return `${lines.join('\n')}\n`
}

/**
 * The run for GitHub Actions. `log` is for the step's output: the case
 * listing in a collapsed group, an `::error` annotation per failed case
 * (its violations and reproducer), a `::warning` when coverage is below
 * --min-coverage, and a plain summary line last. `summary` is Markdown for
 * `$GITHUB_STEP_SUMMARY`. Server text is escaped for where it goes: the
 * command grammar in `log`, Markdown and HTML in `summary`.
 *
 * @example writeFileSync(process.env.GITHUB_STEP_SUMMARY, formatGithub(result).summary, { flag: 'a' })
 */
export function formatGithub(result: VerifyResult): { log: string; summary: string } {
  const { coverage } = result
  const lines = [`::group::${data(`authmock verify: ${result.cases.length} cases${result.target === undefined ? '' : ` against ${result.target}`}`)}`]
  for (const c of result.cases) lines.push(caseLine(c))
  lines.push('::endgroup::')
  for (const c of result.cases) {
    if (c.outcome !== 'failed') continue
    lines.push(`::error title=${property(`authmock verify: ${call(c)}`)}::${data(failureLines(c).join('\n'))}`)
  }
  if (isBelowMinimum(coverage)) {
    lines.push(`::warning title=${property('authmock verify: coverage')}::${data(formatCoverageFailure(coverage) as string)}`)
  }
  let last = `authmock verify: ${counts(result)}; ${formatCoverageTotal(coverage)}`
  if (result.seed !== undefined) last += `; seed ${result.seed}: replay with --seed ${result.seed}`
  lines.push(plain(last))
  return { log: `${lines.join('\n')}\n`, summary: summaryMarkdown(result) }
}
