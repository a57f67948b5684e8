import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { createRedactor } from '../src/contract/create-redactor.js'
import { describeValue } from '../src/contract/describe-value.js'
import { formatJunit } from '../src/contract/format-junit.js'
import { formatPretty } from '../src/contract/format-pretty.js'
import { formatTap } from '../src/contract/format-tap.js'
import { resolveAccounts } from '../src/contract/resolve-accounts.js'
import { verifyServer } from '../src/contract/verify-server.js'
import { withServerText } from '../src/contract/with-server-text.js'
import { AuthmockError } from '../src/core/errors.js'
import { locateJsonError } from '../src/core/locate-json-error.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'

const head = { api: 'nwapp', operationId: 'nwappLogout', method: 'POST', path: '/api/v1/public/logout', case: 'bogus credential' }

t.test('a password that is an English word does not rewrite the report\'s own words', async (t) => {
  for (const secret of ['status', 'password', 'expected', 'token', 'required']) {
    const redactor = createRedactor()
    redactor.add(secret)
    const own = { ...head, message: 'wrong status', expected: '401', actual: '400' }
    t.same(redactor.violation(own), own, `${secret}: a violation in the checker's words is left alone`)
    const required = { ...head, message: 'missing required property "password"', pointer: '/password', expected: 'present', actual: 'absent' }
    t.same(redactor.violation(required), required, `${secret}: property names from the spec are left alone`)
    const quoting = withServerText((scrub) => ({ ...head, message: 'must be integer', expected: 'integer', actual: describeValue(`you sent ${secret}`, '/detail', scrub) }))
    t.same(redactor.violation(quoting), { ...head, message: 'must be integer', expected: 'integer', actual: '"you sent [redacted]" (string)' }, `${secret}: the server's text is scrubbed`)
  }
})

t.test('values are hidden by position, whatever their type', async (t) => {
  const cases: Array<[unknown, string, string]> = [
    [['a', 'b'], '/password', '[redacted] (array)'],
    [{ a: 'b' }, '/refresh_token', '[redacted] (object)'],
    [12345678, '/api_key', '[redacted] (number)'],
    ['Token abc', '/authorization', '[redacted] (string)'],
    ['abc', '/x-auth-token', '[redacted] (string)'],
    ['abc', '/a~1password', '[redacted] (string)'],
    ['status', '/state', '"status" (string)'],
  ]
  for (const [value, pointer, shown] of cases) t.equal(describeValue(value, pointer), shown, `${pointer}: ${shown}`)
})

/**
 * An nwapp that takes the password "status" and issues the tokens "expected"
 * and "token" (English words all, and words the reports use), echoes a wrong
 * password inside a non-JSON error, and answers everything else with a bare
 * 400, so the reports are full of "wrong status" and "expected".
 */
async function startWordyServer(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      let sent: { password?: unknown } = {}
      try {
        sent = JSON.parse(body) as { password?: unknown }
      } catch { /* a deliberately bad request */ }
      if (request.url === '/api/v1/public/login' && sent.password === 'status') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          access_token: { expires: 'soon', scope: 'read', token: 'expected' },
          refresh_token: { revoked: null, token: 'token' },
          email: 'bart@mikasoftware.com', first_name: 'Bart', middle_name: null, last_name: 'Mika', group_membership_id: 1, schema_name: 'public',
        }))
      } else if (request.url === '/api/v1/public/login' && typeof sent.password === 'string') {
        response.writeHead(400, { 'content-type': 'application/json' }).end(`wrong password, you sent ${sent.password}`)
      } else response.writeHead(400, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

t.test('verify reports keep their words while the secrets, English words, never show', async (t) => {
  const model = buildModel(loadSources({ apis: ['nwapp'] }))
  const result = await verifyServer({ model, baseUrl: await startWordyServer(t), accounts: { nwapp: { email: 'bart@mikasoftware.com', password: 'status' } } })
  const messages = result.cases.flatMap((c) => c.violations.map((v) => v.message))
  t.ok(messages.some((m) => /^(wrong|undocumented) status/.test(m)), 'the checker still says "status"')
  t.notOk(messages.some((m) => m.includes('[redacted]')), 'no message of the checker\'s own is redacted')
  for (const [name, report] of [['pretty', formatPretty(result)], ['tap', formatTap(result)], ['junit', formatJunit(result)]] as const) {
    t.match(report, /expected:? "?\d{3}/, `${name}: "expected" is still a word of the report`)
    t.notMatch(report, /(wrong|undocumented) \[redacted\]|\[redacted\] 40\d|reused refresh \[redacted\]/, `${name}: no word of the report rewritten`)
    t.notMatch(report, /you sent status/, `${name}: the echoed wrong password is not shown`)
    if (name !== 'junit') t.match(report, /you sent \[redacted\]/, `${name}: the server's echo is scrubbed in place`)
  }
})

t.test('verify --credentials with a non-JSON file names the file and the position, never its content', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-credentials-'))
  const cases: Array<[string, string]> = [
    ['password: hunter2-secret\n', 'line 1, column 1'],
    ['{\n  "email": "a@b.c",\n  "password": hunter2-secret\n}\n', 'line 3, column 15'],
    ['{"password": "hunter2-secret"', 'line 1, column 30'],
  ]
  const model = buildModel(loadSources({ apis: ['nwapp'] }))
  for (const [index, [content, position]] of cases.entries()) {
    const file = join(dir, `credentials-${index}.json`)
    writeFileSync(file, content)
    const error = (() => {
      try {
        resolveAccounts(model.apis, { credentials: file })
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    t.ok(error instanceof AuthmockError && error.code === 'ERR_VERIFY_CREDENTIALS_FILE', 'the credentials file error')
    const message = (error as Error).message
    t.ok(message.includes(file) && message.includes(position), `names ${file} and ${position}: ${message}`)
    t.notOk(message.includes('hunter2'), 'shows nothing of the content')
  }
})

t.test('locateJsonError finds an error exactly when JSON.parse refuses', async (t) => {
  const parses = (text: string): boolean => {
    try {
      JSON.parse(text)
      return true
    } catch {
      return false
    }
  }
  const broken = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '\\', '{', ':', 'x', '\u0001', '-', '.', 'e', 'tru'))
    .map(([json, at, insert]) => json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1) + 1))
  fc.assert(fc.property(fc.oneof(fc.json(), broken, fc.string()), (text) => (locateJsonError(text) === undefined) === parses(text)), { numRuns: 3000 })
  t.same(locateJsonError('[1,\n 2,]'), { offset: 7, line: 2, column: 4 })
})
