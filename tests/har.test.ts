import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { withChromium } from './chromium.js'
import { buildTestApp, post } from './helpers.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { journalToHar } from '../src/core/journal-to-har.js'
import type { JournalEntry } from '../src/core/create-journal.js'

/**
 * HAR 1.2 as its specification writes it (http://www.softwareishard.com/blog/har-12-spec/),
 * as a JSON Schema: every field the spec marks required, with its type; the
 * fields it marks optional, typed where present; custom fields only with a
 * leading "_" (§custom fields). Written here, not taken from a package: the
 * project adds no dependency for a test.
 */
const nameValue = { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' }, comment: { type: 'string' } } }
const nameValues = { type: 'array', items: nameValue }
const cookie = {
  type: 'object',
  required: ['name', 'value'],
  properties: {
    name: { type: 'string' }, value: { type: 'string' }, path: { type: 'string' }, domain: { type: 'string' },
    expires: { type: 'string', format: 'date-time' }, httpOnly: { type: 'boolean' }, secure: { type: 'boolean' }, comment: { type: 'string' },
  },
}
const custom = { patternProperties: { '^_': {} }, additionalProperties: false }
const strict = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties: { ...properties, comment: { type: 'string' } }, ...custom })
const size = { type: 'integer', minimum: -1 }

const request = strict(['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'], {
  method: { type: 'string', minLength: 1 },
  // Absolute: scheme and authority (HAR §request: "Absolute URL of the request (fragments are not included)").
  url: { type: 'string', pattern: '^https?://[^/?#\\s]+/[^#\\s]*$' },
  httpVersion: { type: 'string' },
  cookies: { type: 'array', items: cookie },
  headers: nameValues,
  queryString: nameValues,
  postData: {
    type: 'object',
    required: ['mimeType'],
    properties: { mimeType: { type: 'string' }, text: { type: 'string' }, params: { type: 'array', items: { type: 'object', required: ['name'] } }, comment: { type: 'string' } },
  },
  headersSize: size,
  bodySize: size,
})

const response = strict(['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'], {
  status: { type: 'integer', minimum: 100, maximum: 599 },
  statusText: { type: 'string' },
  httpVersion: { type: 'string' },
  cookies: { type: 'array', items: cookie },
  headers: nameValues,
  content: strict(['size', 'mimeType'], { size: { type: 'integer', minimum: 0 }, compression: { type: 'integer' }, mimeType: { type: 'string' }, text: { type: 'string' }, encoding: { type: 'string' } }),
  redirectURL: { type: 'string' },
  headersSize: size,
  bodySize: size,
})

// send, wait and receive are required and never -1; the others may be -1 for "does not apply" (HAR §timings).
const duration = { type: 'number', minimum: 0 }
const optionalDuration = { type: 'number', minimum: -1 }

const HAR_SCHEMA = {
  type: 'object',
  required: ['log'],
  properties: {
    log: strict(['version', 'creator', 'entries'], {
      version: { const: '1.2' },
      creator: strict(['name', 'version'], { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } }),
      browser: { type: 'object' },
      pages: { type: 'array' },
      entries: {
        type: 'array',
        items: strict(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'], {
          pageref: { type: 'string' },
          startedDateTime: { type: 'string', format: 'date-time' },
          time: duration,
          request,
          response,
          cache: { type: 'object' },
          timings: strict(['send', 'wait', 'receive'], {
            blocked: optionalDuration, dns: optionalDuration, connect: optionalDuration, ssl: optionalDuration,
            send: duration, wait: duration, receive: duration,
          }),
          serverIPAddress: { type: 'string' },
          connection: { type: 'string' },
        }),
      },
    }),
  },
  additionalProperties: false,
}

const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)

/** The HAR schema's validator: `validateHar(doc)` is true, or `validateHar.errors` says where not. */
const validateHar = ajv.compile(HAR_SCHEMA)

const LOGIN = '/api/v1/public/login'
const BART = { email: 'bart@mikasoftware.com', password: '123password' }
const HAR_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="authmock-requests.har"', 'cache-control': 'no-store' }

interface Har { log: { entries: Array<{ _id: number; _operationId?: string; startedDateTime: string; time: number; timings: { send: number; wait: number; receive: number }; request: Record<string, any>; response: Record<string, any> }> } } // eslint-disable-line @typescript-eslint/no-explicit-any

/** Parses a HAR text and checks it against the HAR 1.2 schema, saying where it is not one. */
function readHar(t: Test, text: string): Har {
  const har: unknown = JSON.parse(text)
  t.ok(validateHar(har), `a HAR 1.2 document${validateHar.errors ? `: ${ajv.errorsText(validateHar.errors)}` : ''}`)
  return har as Har
}

t.test('GET /__mock/requests.har is the journal as HAR 1.2, every secret redacted as the journal redacts it', async (t) => {
  const { call } = await buildTestApp(t)
  const login = await call(post(LOGIN, BART))
  const tokens = login.body as { access_token: { token: string }; refresh_token: { token: string } }
  const secrets: Array<[string, string]> = [['the login password', BART.password], ['the access token', tokens.access_token.token], ['the refresh token', tokens.refresh_token.token], ['a query password', 'seller-one-pass']]
  await call({ method: 'GET', url: '/api/v1/public/profile', headers: { authorization: `Bearer ${tokens.access_token.token}` } })
  await call({ method: 'GET', url: '/authToken?username=seller-one&password=seller-one-pass' })
  const shop = await call({ method: 'POST', url: '/users/login/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=shopper%40example.com&password=shopper-pass' })
  secrets.push(['a form password', 'shopper-pass'], ...shop.cookies.map((c): [string, string] => [`the ${c.name} cookie`, c.value]))

  const res = await call({ method: 'GET', url: '/__mock/requests.har' })
  t.equal(res.status, 200)
  t.match(res.headers, HAR_HEADERS)
  const text = JSON.stringify(res.body)
  for (const [what, secret] of secrets) t.notOk(text.includes(secret), `${what} is not in the HAR`)
  const har = readHar(t, text)
  t.match(har.log, { version: '1.2', creator: { name: 'authmock', version: /^\d+\.\d+\.\d+/ } })

  const { requests } = (await call({ method: 'GET', url: '/__mock/requests' })).body as { requests: JournalEntry[] }
  t.same(har.log.entries.map((e) => [e._id, e.startedDateTime, e.request.method, e.response.status]), requests.map((r) => [r.id, r.at, r.method, r.status]), 'one entry per journal entry, oldest first')
  const [first, profile, query, form] = har.log.entries
  t.match(first, { _operationId: 'nwappLogin', request: { url: `http://localhost:80${LOGIN}`, httpVersion: 'HTTP/1.1', postData: { mimeType: 'application/json' }, headersSize: -1 }, response: { statusText: 'OK', content: { mimeType: 'application/json' } } })
  t.same(JSON.parse(first?.request.postData.text), { email: BART.email, password: '[redacted]' })
  t.match(JSON.parse(first?.response.content.text), { access_token: '[redacted]', refresh_token: '[redacted]', email: BART.email })
  t.same(profile?.request.headers.find((h: { name: string }) => h.name === 'authorization'), { name: 'authorization', value: 'Bearer [redacted]' })
  t.match(query?.request, { method: 'GET', url: 'http://localhost:80/authToken?username=seller-one&password=%5Bredacted%5D', bodySize: 0, queryString: [{ name: 'username', value: 'seller-one' }, { name: 'password', value: '[redacted]' }] })
  t.notOk('postData' in (query?.request ?? {}), 'no body, no postData')
  t.match(form?.request.postData, { mimeType: 'application/x-www-form-urlencoded', text: 'email=shopper%40example.com&password=%5Bredacted%5D', params: [{ name: 'email', value: 'shopper@example.com' }, { name: 'password', value: '[redacted]' }] })
  const session = form?.response.cookies.find((c: { name: string }) => c.name === 'osessionid')
  t.same(session, { name: 'osessionid', value: '[redacted]', path: '/', httpOnly: true, expires: new Date(Date.parse(form?.startedDateTime ?? '') + 1_209_600_000).toISOString() }, 'Max-Age counted from the answer')
})

t.test('the HAR follows /__mock/requests: namespace, ?operation=, ?limit= and their refusals', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['nwapp'] })
  const ns = (name: string) => ({ 'x-authmock-namespace': name })
  await call(post(LOGIN, BART, ns('job-1')))
  await call(post(LOGIN, { ...BART, password: 'wrong' }, ns('job-1')))
  await call({ method: 'GET', url: '/api/v1/public/profile', headers: ns('job-1') })
  await call(post(LOGIN, BART, ns('job-2')))
  const har = async (query: string, headers: Record<string, string> = {}) => {
    const res = await call({ method: 'GET', url: `/__mock/requests.har${query}`, headers })
    t.equal(res.status, 200, `requests.har${query}`)
    return readHar(t, JSON.stringify(res.body)).log.entries
  }
  const journal = async (query: string, headers: Record<string, string> = {}) =>
    ((await call({ method: 'GET', url: `/__mock/requests${query}`, headers })).body as { requests: JournalEntry[] }).requests.map((r) => r.id)
  for (const [query, headers] of [['', ns('job-1')], ['', ns('job-2')], ['', {}], ['?operation=nwappLogin', ns('job-1')], ['?limit=1', ns('job-1')], ['?operation=nwapp&limit=2', ns('job-1')], ['?limit=0', ns('job-1')]] as const) {
    t.same((await har(query, headers)).map((e) => e._id), await journal(query, headers), `${query || 'no filter'} in ${headers['x-authmock-namespace'] ?? 'default'}: the same entries as the journal`)
  }
  t.equal((await har('', ns('job-1'))).length, 3, 'job-1 sees its three requests')
  t.same((await har('?operation=nwappLogin', ns('job-1'))).map((e) => e.response.status), [200, 400])
  t.equal((await har('')).length, 0, 'the default namespace saw none')

  for (const [query, headers] of [['?limit=x', {}], ['?limit=-1', {}], ['', ns('no spaces allowed')]] as const) {
    const har = await call({ method: 'GET', url: `/__mock/requests.har${query}`, headers })
    const json = await call({ method: 'GET', url: `/__mock/requests${query}`, headers })
    t.equal(har.status, 400, `${query}${headers['x-authmock-namespace'] ?? ''} refused`)
    t.same([har.headers['content-type'], har.body], [json.headers['content-type'], json.body], 'as /__mock/requests refuses it')
    t.notOk(har.headers['content-disposition'], 'a refusal is no download')
  }
})

t.test('the HAR is behind the control guard like every control route', async (t) => {
  const { call } = await buildTestApp(t, { controlToken: 'qa-secret-token-0123' })
  t.equal((await call({ method: 'GET', url: '/__mock/requests.har' })).status, 401)
  t.equal((await call({ method: 'GET', url: '/__mock/requests.har', headers: { authorization: 'Bearer qa-secret-token-0123' }, remoteAddress: '10.1.2.3' })).status, 403, 'loopback only')
  const ok = await call({ method: 'GET', url: '/__mock/requests.har', headers: { authorization: 'Bearer qa-secret-token-0123' } })
  t.equal(ok.status, 200)
  t.match(ok.headers, HAR_HEADERS)
})

t.test('each HAR entry\'s time is how long the mock took to answer, a delay included', async (t) => {
  const { call } = await buildTestApp(t)
  await call(post('/__mock/scenarios', { operation: 'nwappLogin', delay: 150, times: 1 }))
  await call(post(LOGIN, BART))
  await call(post(LOGIN, BART))
  const { requests } = (await call({ method: 'GET', url: '/__mock/requests' })).body as { requests: JournalEntry[] }
  const [delayed, quick] = requests.slice(-2)
  t.ok((delayed?.durationMs ?? 0) >= 150, `the journal keeps the duration of the delayed answer (${delayed?.durationMs} ms)`)
  t.ok((quick?.durationMs ?? -1) >= 0 && (quick?.durationMs ?? 1e9) < (delayed?.durationMs ?? 0), `and of the next one (${quick?.durationMs} ms)`)
  const har = readHar(t, JSON.stringify((await call({ method: 'GET', url: '/__mock/requests.har' })).body))
  const entries = har.log.entries.slice(-2)
  t.same(entries.map((e) => [e.time, e.timings.wait, e.timings.send, e.timings.receive]), [delayed, quick].map((r) => [r?.durationMs, r?.durationMs, 0, 0]), 'the HAR time is all wait: send and receive are the network\'s')
})

t.test('journalToHar says what the journal does not know rather than inventing it', async (t) => {
  const entry: JournalEntry = {
    id: 7, at: '2026-01-01T00:00:00.000Z', method: 'POST', path: '/x', query: {},
    headers: { Host: 'evil example', 'Content-Type': 'application/json' }, body: '[unparsed body: 5123 bytes, application/json]',
    status: 204, responseHeaders: {},
  }
  const har = journalToHar([entry], { creator: { name: 'authmock', version: '0.0.0' }, origin: 'http://127.0.0.1:4010' })
  t.ok(validateHar(har), ajv.errorsText(validateHar.errors))
  const [only] = har.log.entries
  t.equal(only?.request.url, 'http://127.0.0.1:4010/x', 'a Host that is not host[:port] is not put in a URL')
  t.same(only?.request.postData, { mimeType: 'application/json', text: '"[unparsed body: 5123 bytes, application/json]"' }, 'an unparsed JSON body is a JSON string of its size and type')
  t.equal(only?.request.bodySize, -1, 'the size as sent is not known')
  t.same(only?.response.content, { size: 0, mimeType: 'x-unknown' }, 'no body, no type')
  t.match(only, { time: 0, timings: { send: 0, wait: 0, receive: 0 }, response: { statusText: '', bodySize: 0 } })
})

/** Logs in, clicks "Download HAR" on the control page, and returns the saved file's text, name and the URL it came from. */
async function downloadFromPage(base: string, page: import('playwright-core').Page): Promise<{ name: string; text: string; url: string }> {
  await page.goto(`${base}/__mock/`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })
  await fetch(`${base}${LOGIN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BART) })
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('#download-har')])
  const path = await download.path()
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8'), url: download.url() }
}

withChromium(t, 'the control page\'s Download HAR link saves the journal as a HAR file', async (t, browser) => {
  const app = await buildApp({})
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const page = await browser.newPage({ acceptDownloads: true })
  const { name, text, url } = await downloadFromPage(base, page)
  t.equal(name, 'authmock-requests.har')
  t.equal(url, `${base}/__mock/requests.har`, 'the plain link, no script')
  t.notOk(text.includes(BART.password), 'the password is redacted')
  const har = readHar(t, text)
  t.match(har.log.entries.at(-1), { _operationId: 'nwappLogin', request: { method: 'POST', url: `${base}${LOGIN}` }, response: { status: 200 } })
})

withChromium(t, 'with --control-token the Download HAR link sends the token the page holds', async (t, browser) => {
  const token = 'qa-team-secret-0123456789'
  const app = await buildApp({ controlToken: token })
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const page = await browser.newPage({ acceptDownloads: true })
  page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept(token) : dialog.dismiss()))
  const { name, text, url } = await downloadFromPage(base, page)
  t.equal(name, 'authmock-requests.har')
  t.match(url, /^blob:/, 'fetched with the token, saved from a Blob (a link cannot send Authorization)')
  t.notOk(text.includes(token), 'the control token is not in the file')
  t.match(readHar(t, text).log.entries.at(-1), { _operationId: 'nwappLogin', response: { status: 200 } })
})
