import { XMLParser, XMLValidator } from 'fast-xml-parser'
import t from 'tap'
import { createRedactor } from '../src/contract/create-redactor.js'
import { describeValue } from '../src/contract/describe-value.js'
import { formatJunit } from '../src/contract/format-junit.js'
import { formatCaseLine, formatPretty, formatViolation } from '../src/contract/format-pretty.js'
import { formatTap } from '../src/contract/format-tap.js'
import type { CaseResult, VerifyResult } from '../src/contract/types.js'
import { verifyServer } from '../src/contract/verify-server.js'
import { withServerText } from '../src/contract/with-server-text.js'
import { buildModel } from '../src/model/build-model.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { buildDeviatingServer, DEVIATIONS, MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

const model = buildModel(loadSources({ apis: ['akinon-commerce', 'nwapp'] }))

async function deviatingResult(t: { teardown(fn: () => unknown): void }): Promise<VerifyResult> {
  const app = await buildDeviatingServer()
  t.teardown(() => app.close())
  return verifyServer({ model, baseUrl: await listen(app, { port: 0 }), accounts: MOCK_ACCOUNTS })
}

const count = (result: VerifyResult, outcome: CaseResult['outcome']) => result.cases.filter((c) => c.outcome === outcome).length

t.test('the JUnit report is valid XML a CI system can read back', async (t) => {
  const result = await deviatingResult(t)
  const xml = formatJunit(result, { timestamp: new Date('2026-01-01T00:00:00Z') })
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML')
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as {
    testsuites: { tests: string; failures: string; skipped: string; testsuite: Array<{ name: string; tests: string; failures: string; testcase: Array<{ classname: string; name: string; time: string; failure?: { message: string; '#text': string }; skipped?: { message: string } }> }> }
  }
  const suites = parsed.testsuites.testsuite
  t.same(suites.map((s) => s.name), ['akinon-commerce', 'nwapp'], 'a testsuite per API')
  t.equal(Number(parsed.testsuites.tests), result.cases.length)
  t.equal(Number(parsed.testsuites.failures), count(result, 'failed'))
  t.equal(Number(parsed.testsuites.skipped), count(result, 'skipped'))
  const cases = suites.flatMap((s) => s.testcase)
  t.equal(cases.length, result.cases.length, 'a testcase per case')
  const failures = cases.filter((c) => c.failure)
  t.equal(failures.length, DEVIATIONS.length, 'a failure per planted deviation')
  for (const deviation of DEVIATIONS) {
    const match = failures.find((c) => c.classname.endsWith(`.${deviation.operationId}`) && c.name.endsWith(`(${deviation.case})`))
    t.ok(match && deviation.message.test(match.failure?.message ?? ''), `${deviation.operationId} (${deviation.case}) read back`)
  }
  const skipped = cases.find((c) => c.skipped)
  t.match(skipped, { classname: 'nwapp.nwappRegister', skipped: { message: /^pending in the spec: The document marks Register "TODO: PENDING IMPLEMENTATION"/ } })
  t.ok(cases.every((c) => /^\d+\.\d{3}$/.test(c.time)), 'times in seconds')
})

t.test('JUnit escapes markup and drops bytes XML cannot hold', async (t) => {
  const result: VerifyResult = {
    ok: false,
    durationMs: 5,
    violations: [],
    coverage: { entries: [], seen: 0, total: 0, percent: 100 },
    cases: [{
      api: 'x', operationId: 'op', method: 'GET', path: '/a?b=<c>&d', case: 'odd "case"', outcome: 'failed', durationMs: 1,
      violations: [{ api: 'x', operationId: 'op', method: 'GET', path: '/a', case: 'c', message: 'got <html> & \u0001 ]]>', actual: "'quoted'" }],
    }],
  }
  const xml = formatJunit(result)
  t.equal(XMLValidator.validate(xml), true)
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { testsuite: { testcase: { name: string; failure: { message: string } } } } }
  t.equal(parsed.testsuites.testsuite.testcase.name, 'GET /a?b=<c>&d (odd "case")')
  t.equal(parsed.testsuites.testsuite.testcase.failure.message, 'got <html> &  ]]>')
})

t.test('pretty: a line per case, each violation as METHOD path (case): what, where, expected vs got, then the summary', async (t) => {
  const result = await deviatingResult(t)
  const text = formatPretty(result, { title: 'authmock verify' })
  const lines = text.trimEnd().split('\n')
  t.equal(lines.at(-1), `${count(result, 'passed')} passed, ${DEVIATIONS.length} failed, 1 skipped`, 'the summary line closes the report')
  t.ok(lines.includes('  ✓ GET /csrf_token/ (happy path) ' + String(result.cases[0]?.durationMs) + ' ms'))
  t.ok(lines.some((l) => /^ {2}- POST \/api\/v1\/public\/register \(all cases\): skipped, pending in the spec/.test(l)))
  t.ok(lines.includes(`Violations (${DEVIATIONS.length}):`))
  t.ok(lines.includes('  GET /api/v1/public/profile (happy path): missing required property "user_id" at /user_id (schema #/required); expected present, got absent'))
  t.ok(lines.includes('  POST /api/v1/public/logout (bogus credential): wrong status; expected 401, got 400'))
  t.ok(lines.includes('  POST /users/login/ (happy path): cookie osessionid is not HttpOnly; expected HttpOnly, got Max-Age=1209600; Path=/; SameSite=Lax'))
  t.equal(formatCaseLine({ ...(result.cases[0] as CaseResult), outcome: 'failed' }, { color: true }), `  \u001b[31m✗\u001b[0m GET /csrf_token/ (happy path) ${result.cases[0]?.durationMs} ms`)
})

t.test('tap: a test point per case, violations as YAML, skips as directives', async (t) => {
  const result = await deviatingResult(t)
  const lines = formatTap(result).trimEnd().split('\n')
  t.same(lines.slice(0, 2), ['TAP version 14', `1..${result.cases.length}`])
  t.equal(lines.filter((l) => /^not ok \d+ - /.test(l)).length, DEVIATIONS.length)
  t.ok(lines.some((l) => /^ok \d+ - nwapp POST \/api\/v1\/public\/register \(all cases\) # SKIP pending in the spec/.test(l)))
  t.ok(lines.includes('    - message: "missing required property \\"user_id\\""'))
  t.ok(lines.includes('      pointer: "/user_id"'))
  t.equal(lines.at(-1), `# ${count(result, 'passed')} passed, ${DEVIATIONS.length} failed, 1 skipped`)
})

t.test('secrets are redacted wherever they would show', async (t) => {
  const redactor = createRedactor()
  redactor.add('s3cret pass')
  redactor.add('abc')
  t.equal(redactor.text('login with s3cret pass, url /s3cret%20pass?p=s3cret+pass, json "s3cret pass"'), 'login with [redacted], url /[redacted]?p=[redacted], json "[redacted]"')
  t.equal(redactor.text('abc stays: too short to be a secret'), 'abc stays: too short to be a secret')
  const head = { api: 'a', operationId: 'o', method: 'GET', path: '/', case: 'c' }
  t.same(redactor.violation(withServerText((scrub) => ({ ...head, message: 'saw s3cret pass', actual: scrub('s3cret pass') }))), {
    ...head, message: 'saw s3cret pass', actual: '[redacted]',
  }, 'only the server text a violation quotes is scrubbed, not its own words')
  const cases: Array<[unknown, string, string]> = [
    ['pwtYmgPCEwNXFUhPVjVNKcEBxYgvUz', '/access_token/token', '[redacted] (string)'],
    ['hunter2', '/password', '[redacted] (string)'],
    ['Bart', '/first_name', '"Bart" (string)'],
    [{ token: 'x', key: 'y' }, '', 'an object with token, key'],
    [[1, 2], '/items', 'an array of 2'],
    [undefined, '/x', 'absent'],
    ['x'.repeat(100), '/text', `"${'x'.repeat(57)}..." (string)`],
  ]
  for (const [value, pointer, shown] of cases) t.equal(describeValue(value, pointer), shown, `${pointer} ${shown}`)
  t.equal(formatViolation({ api: '', operationId: '', method: 'GET', path: '/p', case: 'c', message: 'm', expected: 'JSON' }), 'GET /p (c): m; expected JSON')
})
