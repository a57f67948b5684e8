import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import t from 'tap'
import { withChromium } from './chromium.js'
import { formatCoverage, formatPercent, isBelowMinimum } from '../src/contract/format-coverage.js'
import { formatGithub } from '../src/contract/format-github.js'
import { formatHtml } from '../src/contract/format-html.js'
import { formatJson, type VerifyJson } from '../src/contract/format-json.js'
import { formatJunit } from '../src/contract/format-junit.js'
import { formatPretty, formatPrettySummary, formatViolation } from '../src/contract/format-pretty.js'
import { formatTap } from '../src/contract/format-tap.js'
import type { CaseResult, Coverage, VerifyResult } from '../src/contract/types.js'

// Text a hostile server (or a generator) could put in a report: markup that would run if a page
// echoed it raw, workflow commands of both GitHub syntaxes, an already-encoded line break, real
// line breaks, a terminal escape and Markdown that would break a table.
const HOSTILE = '</pre><script>window.__pwned = 1</script><img src="http://127.0.0.1:9/x" onerror="window.__pwned = 2">'
const NASTY = `${HOSTILE}\n::error::injected\r\n  ::add-mask::x ##[error]legacy %0A 100% | *bold* @someone \u001b[31mred`

const login = { api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: '/api/v1/public/login' }
const REPRODUCER = `curl -sS -X POST 'http://127.0.0.1:4010/api/v1/public/login' -H 'content-type: application/json' --data-raw '{"email":"ci@example.com","password":"'"$AUTHMOCK_PASSWORD"'"}' # \`x\` | y`
// Raw, as a generator's form body or a header value could be: real line breaks and all.
const INPUT = `email=${NASTY}`
const REASON = 'pending in the spec: TODO\n::error::from the spec ##[warning]legacy'

const passed: CaseResult = { api: 'nwapp', operationId: 'nwappProfile', method: 'GET', path: '/api/v1/public/profile', case: 'happy path', outcome: 'passed', violations: [], durationMs: 3, status: 200 }
const wrong = { ...login, case: 'wrong credentials' }
const wrongCredentials: CaseResult = {
  ...wrong, outcome: 'failed', durationMs: 7, status: 200, reproducer: REPRODUCER,
  violations: [{ ...wrong, message: 'wrong status', expected: '400', actual: '200' }, { ...wrong, message: 'wrong header x-evil', expected: 'absent', actual: NASTY }],
  exchange: {
    request: { method: 'POST', url: 'http://127.0.0.1:4010/api/v1/public/login', headers: { 'content-type': 'application/json' }, body: '{"email":"ci@example.com","password":"[redacted]"}' },
    response: { status: 200, headers: { 'content-type': 'text/html', 'x-evil': NASTY }, body: NASTY },
  },
}
const generated: CaseResult = {
  ...login, case: 'generated invalid 3', outcome: 'failed', durationMs: 30_000, reproducer: 'curl -sS -X POST http://127.0.0.1:4010/api/v1/public/login',
  violations: [{ ...login, case: 'generated invalid 3', message: 'no answer within 30000 ms' }],
  exchange: { request: { method: 'POST', url: 'http://127.0.0.1:4010/api/v1/public/login', headers: {}, body: INPUT } },
  generated: { kind: 'invalid', category: 'wrong type', location: 'application/x-www-form-urlencoded', input: INPUT },
}
const skipped: CaseResult = { api: 'nwapp', operationId: 'nwappRegister', method: 'POST', path: '/api/v1/public/register', case: 'all cases', outcome: 'skipped', reason: REASON, violations: [], durationMs: 0 }
const akinon: CaseResult = { api: 'akinon-commerce', operationId: 'akinonLogin', method: 'POST', path: '/users/login/', case: 'happy path', outcome: 'passed', violations: [], durationMs: 4 }

const entry = ({ api, operationId, method, path }: typeof login, status: number, seen: boolean, example?: string) => ({ api, operationId, method, path, status, seen, ...(example === undefined ? {} : { example }) })
const profile = { api: 'nwapp', operationId: 'nwappProfile', method: 'GET', path: '/api/v1/public/profile' }
const COVERAGE: Coverage = {
  entries: [entry(login, 200, true, 'success'), entry(login, 400, false, 'invalid-credentials'), entry(login, 400, true), entry(profile, 200, true), entry(profile, 401, false), entry(akinon, 200, true)],
  seen: 4, total: 6, percent: 66.6, minimum: 80,
}

const CASES = [passed, wrongCredentials, generated, skipped, akinon]
const FAILED: VerifyResult = { ok: false, cases: CASES, violations: CASES.flatMap((c) => c.violations), durationMs: 42, coverage: COVERAGE, seed: 1234, target: 'http://127.0.0.1:4010' }
// A clean run: no target, no seed, coverage without a minimum.
const PASSED: VerifyResult = { ok: true, cases: [passed, skipped], durationMs: 5, coverage: { entries: [entry(profile, 200, true)], seen: 1, total: 1, percent: 100 } }

t.test('coverage: a line per operation, the total like "23 of 31 documented responses, 74%", and why a run fails below --min-coverage', async (t) => {
  t.same(formatCoverage(COVERAGE), [
    'Coverage of documented responses (status and example):',
    '  nwapp POST /api/v1/public/login: seen 200 success, 400; not seen 400 invalid-credentials',
    '  nwapp GET /api/v1/public/profile: seen 200; not seen 401',
    '  akinon-commerce POST /users/login/: seen 200',
    '4 of 6 documented responses, 66.6%',
    'The run fails: coverage 66.6% is below --min-coverage 80%.',
  ])
  t.same(formatCoverage({ entries: [entry(profile, 401, false)], seen: 0, total: 1, percent: 0 }).slice(1), ['  nwapp GET /api/v1/public/profile: not seen 401', '0 of 1 documented responses, 0%'])
  t.same(formatCoverage({ entries: [], seen: 0, total: 0, percent: 100, minimum: 100 }), ['0 of 0 documented responses, 100%'], 'nothing documented: only the total')
  t.same([74, 74.0, 66.6, 74.10000000000001, 0].map(formatPercent), ['74', '74', '66.6', '74.1', '0'], 'no trailing .0')
  t.equal(isBelowMinimum({ ...COVERAGE, percent: 80 }), false, 'at the minimum passes')
  t.equal(isBelowMinimum({ ...COVERAGE, minimum: undefined }), false, 'no minimum, no failure')
})

t.test('pretty: reproducer and generated input under the violations, then coverage and seed, the summary line last', async (t) => {
  const lines = formatPretty(FAILED, { title: 'authmock verify' }).trimEnd().split('\n')
  t.same(lines.slice(-3), ['seed 1234: replay with --seed 1234', 'Checked 5 cases in 42 ms.', '2 passed, 2 failed, 1 skipped'], 'the summary line last')
  const wrong = lines.indexOf('  POST /api/v1/public/login (wrong credentials): wrong status; expected 400, got 200')
  t.ok(wrong > 0)
  t.ok(lines.indexOf(`    reproduce: ${REPRODUCER}`) > wrong, 'the reproducer follows its violations')
  const gen = lines.indexOf('  POST /api/v1/public/login (generated invalid 3): no answer within 30000 ms')
  t.equal(lines[gen + 1], '    generated: invalid input (wrong type) sent as application/x-www-form-urlencoded')
  const shown = (text: string): string => text.replaceAll('\r', '\\u000d').replaceAll('\n', '\\u000a').replaceAll('\u001b', '\\u001b')
  t.equal(lines[gen + 2], `    input: email=${shown(NASTY)}`, 'the input on one line, control characters shown, not sent to the terminal')
  t.ok(lines.includes(`  POST /api/v1/public/login (wrong credentials): wrong header x-evil; expected absent, got ${shown(NASTY)}`), 'a violation quoting server text stays one line')
  t.equal(lines[gen + 3], '    reproduce: curl -sS -X POST http://127.0.0.1:4010/api/v1/public/login')
  const total = lines.indexOf('4 of 6 documented responses, 66.6%')
  t.ok(total > gen && total < lines.length - 3, 'coverage after the violations, before the summary')
  t.equal(lines[total + 1], 'The run fails: coverage 66.6% is below --min-coverage 80%.')
  const clean = formatPrettySummary(PASSED).trimEnd().split('\n')
  t.notOk(clean.some((l) => l.startsWith('seed') || l.startsWith('Violations')), 'no seed line and no violations without them')
  t.equal(clean.at(-1), '1 passed, 0 failed, 1 skipped')
  const bare = formatPrettySummary({ ...FAILED, cases: [{ ...wrongCredentials, violations: [], reproducer: undefined }] })
  t.match(bare, /Violations \(0\):/, 'a failed case without violations still opens the section')
})

t.test('tap: reproducer and generated input in the YAML block, a coverage point with --min-coverage, the counts comment last', async (t) => {
  const lines = formatTap(FAILED).trimEnd().split('\n')
  t.same(lines.slice(0, 2), ['TAP version 14', '1..6'], 'a point per case and one for coverage')
  t.ok(lines.includes('not ok 6 - coverage 4 of 6 documented responses, 66.6% (--min-coverage 80%)'))
  for (const line of [`  reproducer: ${JSON.stringify(REPRODUCER)}`, '  status: 200', `      actual: ${JSON.stringify(NASTY)}`]) t.ok(lines.includes(line), line.slice(0, 30))
  const gen = lines.indexOf('  generated:')
  t.same(lines.slice(gen, gen + 5), ['  generated:', '    kind: "invalid"', '    category: "wrong type"', '    location: "application/x-www-form-urlencoded"', `    input: ${JSON.stringify(INPUT)}`])
  t.ok(lines.includes('ok 4 - nwapp POST /api/v1/public/register (all cases) # SKIP pending in the spec: TODO ::error::from the spec \\#\\#[warning]legacy'))
  t.same(lines.slice(-4), ['# 4 of 6 documented responses, 66.6%', '# The run fails: coverage 66.6% is below --min-coverage 80%.', '# seed 1234: replay with --seed 1234', '# 2 passed, 2 failed, 1 skipped'])
  t.notOk(lines.some((l) => l.includes('\r') || l.includes('\u001b')), 'no raw carriage return or escape in any line')
  const clean = formatTap({ ...PASSED, coverage: { ...PASSED.coverage, minimum: 90 } }).split('\n')
  t.ok(clean[1] === '1..3' && clean.includes('ok 3 - coverage 1 of 1 documented responses, 100% (--min-coverage 90%)'), 'a passing coverage point')
  t.ok(formatTap(PASSED).split('\n')[1] === '1..2' && !formatTap(PASSED).includes('# seed'), 'no coverage point without --min-coverage, no seed without one')
})

interface JunitCase { classname: string; name: string; failure?: { message: string; type: string; '#text': string }; skipped?: { message: string }; 'system-out'?: string }
interface JunitSuite { name: string; tests: string; failures: string; testcase: JunitCase[]; properties?: { property: Array<{ name: string; value: string }> }; 'system-out'?: string }
const readJunit = (xml: string) => new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, htmlEntities: true, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
}).parse(xml) as { testsuites: { tests: string; failures: string; skipped: string; testsuite: JunitSuite[] } }

t.test('junit read back: counts, failure text with reproducer and input, the reproducer as system-out, coverage and seed', async (t) => {
  const xml = formatJunit(FAILED, { timestamp: new Date('2026-01-01T00:00:00Z') })
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML')
  const { testsuites } = readJunit(xml)
  t.same([testsuites.tests, testsuites.failures, testsuites.skipped], ['6', '3', '1'], 'five cases and the coverage case; two failures and coverage')
  t.same(testsuites.testsuite.map((s) => s.name), ['nwapp', 'akinon-commerce', 'coverage'])
  const nwapp = testsuites.testsuite[0] as JunitSuite
  t.same(nwapp.properties?.property, [{ name: 'coverage', value: '4 of 6 documented responses, 66.6%' }, { name: 'seed', value: '1234' }])
  t.equal(nwapp['system-out'], 'nwapp POST /api/v1/public/login: seen 200 success, 400; not seen 400 invalid-credentials\nnwapp GET /api/v1/public/profile: seen 200; not seen 401')
  const failed = nwapp.testcase.find((c) => c.name === 'POST /api/v1/public/login (wrong credentials)')
  t.equal(failed?.failure?.message, 'wrong status')
  // XML cannot hold the escape byte, so it is dropped; everything else of the server's text
  // (markup, line breaks, carriage returns) reads back as it was.
  const shown = NASTY.replace('\u001b', '')
  t.equal(failed?.failure?.['#text'], [
    'POST /api/v1/public/login (wrong credentials): wrong status; expected 400, got 200',
    `POST /api/v1/public/login (wrong credentials): wrong header x-evil; expected absent, got ${shown}`,
    `reproduce: ${REPRODUCER}`,
  ].join('\n'))
  t.equal(failed?.['system-out'], REPRODUCER)
  const gen = nwapp.testcase.find((c) => c.name.endsWith('(generated invalid 3)'))
  t.equal(gen?.failure?.['#text'], `POST /api/v1/public/login (generated invalid 3): no answer within 30000 ms\ngenerated: invalid input (wrong type) sent as application/x-www-form-urlencoded\ninput: email=${shown}\nreproduce: curl -sS -X POST http://127.0.0.1:4010/api/v1/public/login`)
  t.match(nwapp.testcase.find((c) => c.skipped), { skipped: { message: REASON } })
  const coverage = testsuites.testsuite[2] as JunitSuite
  t.match(coverage.testcase[0], { name: 'documented responses seen (--min-coverage 80%)', failure: { type: 'coverage', message: 'The run fails: coverage 66.6% is below --min-coverage 80%.' } })

  const met = readJunit(formatJunit({ ...FAILED, coverage: { ...COVERAGE, minimum: 50 } })).testsuites
  t.ok(met.failures === '2' && !met.testsuite[2]?.testcase[0]?.failure, 'coverage above its minimum adds a passing case')
  const clean = readJunit(formatJunit(PASSED)).testsuites
  t.same(clean.testsuite.map((s) => s.name), ['nwapp'], 'no coverage suite without --min-coverage')
  t.same(clean.testsuite[0]?.properties?.property.map((p) => p.name), ['coverage'], 'no seed property without a seed')
  t.notOk(formatJunit({ ...PASSED, coverage: { entries: [], seen: 0, total: 0, percent: 100 } }).includes('<system-out>'), 'no coverage output when nothing is documented')
})

t.test('json: the documented top-level shape, and the cases and coverage round-trip', async (t) => {
  t.ok(formatJson(FAILED).endsWith('}\n'))
  const report = JSON.parse(formatJson(FAILED)) as VerifyJson
  t.same(Object.keys(report), ['tool', 'version', 'ok', 'target', 'seed', 'durationMs', 'summary', 'coverage', 'cases'])
  t.match(report, { tool: 'authmock verify', version: 1, ok: false, target: 'http://127.0.0.1:4010', seed: 1234, durationMs: 42, summary: { passed: 2, failed: 2, skipped: 1 } })
  t.strictSame(report.cases, CASES, 'every case, with its exchange, reproducer and generated input')
  t.strictSame(report.coverage, COVERAGE)
  t.equal(report.cases[1]?.exchange?.response?.body, NASTY, 'server text comes back byte for byte')
  t.match(JSON.parse(formatJson(PASSED)), { ok: true, target: null, seed: null, summary: { passed: 1, failed: 0, skipped: 1 } }, 'absent target and seed are null, not missing')
})

// The workflow command grammar (docs.github.com, "Workflow commands for GitHub Actions"): a command,
// or a plain line that neither starts with "::" after spaces (the runner's TryParseV2) nor holds a
// legacy "##[" anywhere (TryParse).
const COMMAND = /^::(?:(?:error|warning|notice)(?: [a-z]+=[^,:\n]*(?:,[a-z]+=[^,:\n]*)*)?::[^\n]*|group::[^\n]*|endgroup::)$/
const unescapeData = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (text: string): string => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','))
/** A command line's properties and data, split at the first '::' after the name. */
function splitCommand(line: string): { properties: string; data: string } {
  const end = line.indexOf('::', 2)
  return { properties: line.slice(2, end).split(' ').slice(1).join(' '), data: line.slice(end + 2) }
}

t.test('github: every log line is a well-formed workflow command or plain text, and server text cannot start a command', async (t) => {
  const { log, summary } = formatGithub(FAILED)
  t.ok(log.endsWith('\n'))
  const lines = log.slice(0, -1).split('\n')
  for (const line of lines) {
    t.notOk(line.includes('\r'), 'no raw carriage return')
    if (!line.trimStart().startsWith('::')) {
      t.notOk(line.includes('##['), `plain, with no legacy command: ${line.slice(0, 50)}`)
      continue
    }
    t.match(line, COMMAND, `a command: ${line.slice(0, 50)}`)
    const { properties, data } = splitCommand(line)
    t.notOk(/%(?!25|0A|0D)/.test(data) || /%(?!25|0A|0D|3A|2C)/.test(properties), 'every % escaped')
  }
  const errors = lines.filter((l) => l.startsWith('::error '))
  t.equal(errors.length, 2, 'one annotation per failed case')
  const first = splitCommand(errors[0] as string)
  t.equal(unescapeProperty(first.properties.replace(/^title=/, '')), 'authmock verify: nwapp POST /api/v1/public/login (wrong credentials)')
  t.equal(unescapeData(first.data), [
    'POST /api/v1/public/login (wrong credentials): wrong status; expected 400, got 200',
    `POST /api/v1/public/login (wrong credentials): wrong header x-evil; expected absent, got ${NASTY}`,
    `reproduce: ${REPRODUCER}`,
  ].join('\n'), 'the message decodes back to the violations and the reproducer, byte for byte')
  t.match(unescapeData(splitCommand(errors[1] as string).data), `generated: invalid input (wrong type) sent as application/x-www-form-urlencoded\ninput: ${INPUT}`)
  t.ok(lines.includes('::warning title=authmock verify%3A coverage::The run fails: coverage 66.6%25 is below --min-coverage 80%25.'))
  t.equal(lines.at(-1), 'authmock verify: 2 passed, 2 failed, 1 skipped; 4 of 6 documented responses, 66.6%; seed 1234: replay with --seed 1234')
  t.ok(lines.includes('- nwapp POST /api/v1/public/register (all cases): skipped, pending in the spec: TODO ::error::from the spec ## [warning]legacy'))
  t.ok(lines.includes('✓ nwapp GET /api/v1/public/profile (happy path) 3 ms, got 200'))
  t.match(lines[0], /^::group::authmock verify: 5 cases against http:\/\/127\.0\.0\.1:4010$/)

  t.notOk(/<(?!\/?(?:code|br)>)/.test(summary), 'no raw HTML but the <code> and <br> the reporter writes')
  t.ok(summary.includes('&lt;\\/pre&gt;&lt;script&gt;window'), 'markup as entities')
  t.ok(summary.includes('## authmock verify: failed'))
  t.ok(summary.includes('Seed 1234: replay with <code>\\-\\-seed 1234</code>'))
  t.ok(summary.includes('**4 of 6 documented responses\\, 66\\.6\\%**'))
  t.ok(summary.includes('The run fails\\: coverage 66\\.6\\% is below \\-\\-min\\-coverage 80\\%\\.'))
  t.ok(summary.includes('| 200 | ') && summary.includes('| no answer | '), 'the status, or that none came')
  // Each table's rows keep its header's cell count: server text adds no unescaped pipe.
  for (const table of summary.split(/\n(?!\|)/).map((block) => block.split('\n').filter((l) => l.startsWith('|'))).filter((rows) => rows.length > 0)) {
    const cells = table.map((row) => row.split(/(?<!\\)\|/).length - 2)
    t.ok(cells.every((n) => n === cells[0]), `every row of "${table[0]}" has its ${cells[0]} cells`)
  }
  t.notOk(summary.split('\n').some((l) => /(?<!\\)[*_`@$[]/.test(l.replace(/<\/?code>|<br>|\*\*/g, ''))), 'no unescaped emphasis, code span, mention, math or link')

  const clean = formatGithub(PASSED)
  t.notOk(clean.log.split('\n').some((l) => l.startsWith('::error') || l.startsWith('::warning')), 'a clean run raises no annotation')
  t.match(clean.log, /^::group::authmock verify: 2 cases\n/)
  t.ok(clean.summary.includes('## authmock verify: passed') && !clean.summary.includes('### Failures'))
  t.ok(formatGithub({ ...PASSED, cases: [passed], coverage: { entries: [], seen: 0, total: 0, percent: 100 } }).summary.endsWith('### Coverage\n\n**0 of 0 documented responses\\, 100\\%**\n'))
})

t.test('a failed case with no violation and no reproducer, and a skip with no reason, read well in every reporter', async (t) => {
  const bare: CaseResult = { ...login, case: 'bare', outcome: 'failed', violations: [], durationMs: 1 }
  const quiet: CaseResult = { ...skipped, reason: undefined }
  const result: VerifyResult = { ...PASSED, ok: false, violations: [], cases: [bare, quiet] }
  t.match(formatPretty(result), /- POST \/api\/v1\/public\/register \(all cases\): skipped, \n/)
  t.equal(formatViolation({ ...login, case: 'bare', message: 'not an object', pointer: '' }), 'POST /api/v1/public/login (bare): not an object at /', 'the whole body is at /')
  t.match(formatTap(result), /^ok 2 - nwapp POST \/api\/v1\/public\/register \(all cases\) # SKIP $/m)
  const junit = readJunit(formatJunit(result)).testsuites.testsuite[0]
  t.match(junit?.testcase[0], { failure: { message: 'failed', type: 'contract' } })
  t.notOk(junit?.testcase[0]?.['system-out'], 'no reproducer, no system-out')
  const github = formatGithub(result)
  t.ok(github.log.includes('::error title=authmock verify%3A nwapp POST /api/v1/public/login (bare)::\n'), 'an annotation with an empty message')
  t.ok(github.log.includes('- nwapp POST /api/v1/public/register (all cases): skipped, \n'))
  t.ok(github.summary.includes('| nwapp POST \\/api\\/v1\\/public\\/login \\(bare\\) | no answer |  |  |'))
  t.ok(github.summary.includes('| nwapp POST \\/api\\/v1\\/public\\/register \\(all cases\\) |  |'))
  const html = formatHtml(result)
  t.ok(html.includes('<tr><td class="skipped">skipped</td><td>nwapp POST /api/v1/public/register (all cases)</td><td></td></tr>'))
  t.ok(html.includes('<ul class="violations">\n</ul>'))
})

t.test('html: one page, every value escaped, with a policy that allows no script and no fetch', async (t) => {
  const page = formatHtml(FAILED)
  t.notOk(/<(?:script|img|iframe|link)/i.test(page), 'no markup from the data')
  t.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`))
  t.ok(page.includes('&lt;/pre&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;'))
  t.ok(page.includes('<p>No answer came (unreachable or timed out).</p>') && page.includes('<p>No headers.</p>'))
  const clean = formatHtml(PASSED)
  t.notOk(clean.includes('Failures'), 'no failures section when none failed')
  t.notOk(clean.includes('<dt>seed</dt>') || clean.includes('<dt>target</dt>'))
})

withChromium(t, 'html: the page shows the failures as text, runs nothing and fetches nothing', async (t, browser) => {
  // A server the page could reach: it must see no request, whatever the page holds.
  const hits: string[] = []
  const probe = createServer((req, res) => res.end(hits.push(req.url ?? '') && ''))
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  t.teardown(() => probe.close())
  const origin = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
  const answer = { status: 200, headers: {}, body: `${NASTY}<img src="${origin}/escaped">` }
  const result: VerifyResult = { ...FAILED, cases: FAILED.cases.map((c) => (c === wrongCredentials ? { ...c, exchange: { ...c.exchange!, response: answer } } : c)) }
  const page = await browser.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (request) => requests.push(request.url())).on('pageerror', (error) => errors.push(error.message))
  await page.setContent(formatHtml(result), { waitUntil: 'load' })
  t.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, 'no script of the data ran')
  t.equal(await page.locator('script, img, iframe, object, embed, link').count(), 0, 'no active element from the data')
  const failures = await page.locator('section.failure').allTextContents()
  t.equal(failures.length, 2)
  t.ok(failures[0]?.includes(HOSTILE) && failures[0].includes('wrong status; expected 400, got 200'), 'the violations and the hostile body show as text')
  t.ok(failures[1]?.includes('Generated: invalid input (wrong type) sent as application/x-www-form-urlencoded'))
  t.equal(await page.locator('pre.reproducer').first().textContent(), REPRODUCER, 'the reproducer exactly, to copy')
  t.equal(await page.locator('.coverage-total').textContent(), '4 of 6 documented responses, 66.6%')
  t.equal(await page.locator('table.coverage tbody tr').count(), 6, 'a row per documented response')
  t.equal(await page.locator('table.cases tbody tr').count(), 5, 'a row per case')
  t.equal(await page.title(), 'authmock verify: failed (http://127.0.0.1:4010)')
  t.same([requests, errors], [[], []], 'no request and no page error')
  await page.close()

  // Even a mistake that left markup raw could neither run it nor fetch: the policy blocks both.
  const mistake = await browser.newPage()
  const blocked: string[] = []
  mistake.on('requestfailed', (request) => blocked.push(request.failure()?.errorText ?? ''))
  const raw = `<img src="${origin}/img"><link rel="stylesheet" href="${origin}/css"><script>window.__pwned = 3</script><script src="${origin}/js"></script>`
  await mistake.setContent(formatHtml(FAILED).replace('</body>', `${raw}</body>`), { waitUntil: 'load' })
  t.equal(await mistake.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, 'inline script blocked by the policy')
  t.ok(blocked.length > 0 && blocked.every((reason) => reason === 'csp'), 'every load the page tried was refused by the policy')
  t.same(hits, [], 'the server saw no request')

  // The same raw markup without the policy does reach the server: the check above can fail.
  const control = await browser.newPage()
  await control.setContent(`<!DOCTYPE html><body>${raw}</body>`, { waitUntil: 'load' })
  t.equal(await control.evaluate(() => (window as { __pwned?: number }).__pwned), 3)
  t.ok(hits.length > 0, 'without the policy the page fetches')
})
