import { formatCoverageFailure, formatCoverageTotal, groupCoverage, responseLabel } from './format-coverage.js'
import { formatGenerated, formatViolation } from './format-pretty.js'
import type { CaseExchange, CaseResult, VerifyResult } from './types.js'

/**
 * Text as HTML, for an element's content or a quoted attribute. Every value
 * on the page goes through it: bodies, headers and messages are the
 * server's text, and the page must show `<script>` in one, not run it.
 */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

// The page loads nothing and runs nothing, even if a value were ever left unescaped: no source is
// allowed but the inline style below (CSP Level 3, default-src 'none').
const CSP = "default-src 'none'; style-src 'unsafe-inline'"

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; margin-bottom: .25rem; }
.passed { color: #116329; } .failed { color: #a40e26; } .skipped { color: #7d4e00; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } table.headers { width: auto; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
section.failure { border-left: 4px solid #a40e26; padding-left: 1rem; margin: 1.5rem 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
`

const call = (c: { api: string; method: string; path: string; case: string }): string => `${c.api} ${c.method} ${c.path} (${c.case})`
const pre = (text: string): string => `<pre>${html(text)}</pre>`

function headersTable(headers: Record<string, string>): string {
  const rows = Object.entries(headers).map(([name, value]) => `<tr><th scope="row">${html(name)}</th><td>${html(value)}</td></tr>`)
  return rows.length === 0 ? '<p>No headers.</p>' : `<table class="headers">${rows.join('')}</table>`
}

function exchangeHtml(exchange: CaseExchange): string {
  const { request, response } = exchange
  const parts = ['<h4>Request</h4>', `<p class="request-line"><code>${html(`${request.method} ${request.url}`)}</code></p>`, headersTable(request.headers)]
  if (request.body !== undefined) parts.push(pre(request.body))
  parts.push('<h4>Answer</h4>')
  if (response === undefined) {
    parts.push('<p>No answer came (unreachable or timed out).</p>')
    return parts.join('\n')
  }
  parts.push(`<p class="status">Status <code>${response.status}</code></p>`, headersTable(response.headers))
  if (response.body !== undefined) parts.push(pre(response.body))
  return parts.join('\n')
}

function failureHtml(c: CaseResult, index: number): string {
  const parts = [`<section class="failure" id="failure-${index + 1}">`, `<h3>${html(call(c))}</h3>`]
  parts.push('<ul class="violations">', ...c.violations.map((v) => `<li>${html(formatViolation(v))}</li>`), '</ul>')
  if (c.generated) {
    parts.push(`<p class="generated">Generated: ${html(formatGenerated(c.generated))}</p>`)
    if (c.generated.input !== undefined) parts.push('<h4>Input (shrunk)</h4>', pre(c.generated.input))
  }
  if (c.exchange) parts.push(exchangeHtml(c.exchange))
  if (c.reproducer !== undefined) parts.push('<h4>Reproduce</h4>', `<pre class="reproducer">${html(c.reproducer)}</pre>`)
  parts.push('</section>')
  return parts.join('\n')
}

function coverageHtml(result: VerifyResult): string {
  const { coverage } = result
  const parts = ['<h2>Coverage</h2>']
  const groups = groupCoverage(coverage)
  if (groups.length > 0) {
    parts.push('<table class="coverage"><thead><tr><th>operation</th><th>documented response</th><th>seen</th></tr></thead><tbody>')
    for (const g of groups) {
      g.entries.forEach((e, i) => {
        const head = i === 0 ? `<th scope="rowgroup" rowspan="${g.entries.length}">${html(`${g.api} ${g.method} ${g.path}`)}</th>` : ''
        parts.push(`<tr>${head}<td>${html(responseLabel(e))}</td><td class="${e.seen ? 'passed">seen' : 'failed">not seen'}</td></tr>`)
      })
    }
    parts.push('</tbody></table>')
  }
  parts.push(`<p class="coverage-total"><strong>${html(formatCoverageTotal(coverage))}</strong></p>`)
  const failure = formatCoverageFailure(coverage)
  if (failure !== undefined) parts.push(`<p class="failed">${html(failure)}</p>`)
  return parts.join('\n')
}

function casesHtml(cases: CaseResult[]): string {
  const rows = cases.map((c) => {
    const detail = c.outcome === 'skipped' ? html(c.reason ?? '') : `${c.durationMs} ms${c.status === undefined ? '' : `, got ${c.status}`}`
    return `<tr><td class="${c.outcome}">${c.outcome}</td><td>${html(call(c))}</td><td>${detail}</td></tr>`
  })
  return `<table class="cases"><thead><tr><th>outcome</th><th>case</th><th>detail</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
}

/**
 * The run as one self-contained HTML page a person debugs from: the
 * summary, each failure with its request, answer, violations, generated
 * input and reproducer, the coverage table and every case. No script, no
 * external asset, and a Content-Security-Policy that allows none, so the
 * file can be opened from a CI artifact as it is.
 *
 * @example writeFileSync('verify.html', formatHtml(result))
 */
export function formatHtml(result: VerifyResult): string {
  const count = (outcome: CaseResult['outcome']): number => result.cases.filter((c) => c.outcome === outcome).length
  const verdict = result.ok ? 'passed' : 'failed'
  const facts: Array<[string, string]> = [
    ['result', `<span class="${verdict}">${verdict}</span>`],
    ['cases', html(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`)],
    ['duration', `${result.durationMs} ms`],
    ['coverage', html(formatCoverageTotal(result.coverage))],
  ]
  if (result.target !== undefined) facts.splice(1, 0, ['target', `<code>${html(result.target)}</code>`])
  if (result.seed !== undefined) facts.push(['seed', html(`${result.seed}: replay with --seed ${result.seed}`)])
  const failed = result.cases.filter((c) => c.outcome === 'failed')
  const body = [
    `<h1>authmock verify: <span class="${verdict}">${verdict}</span></h1>`,
    `<dl class="summary">${facts.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('')}</dl>`,
  ]
  if (failed.length > 0) body.push(`<h2>Failures (${failed.length})</h2>`, ...failed.map(failureHtml))
  body.push(coverageHtml(result), `<h2>Cases (${result.cases.length})</h2>`, casesHtml(result.cases))
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>authmock verify: ${verdict}${result.target === undefined ? '' : ` (${html(result.target)})`}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
