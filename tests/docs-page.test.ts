import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import t from 'tap'
import { createEngine } from '../src/core/create-engine.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { withChromium } from './chromium.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { DOCS_CSP, registerDocsRoutes } from '../src/server/register-docs-routes.js'

const APIS = ['akinon-commerce', 'nwapp', 'unicommerce', 'whippy-ware']

t.test('each served API has its spec at /__mock/docs/<api>.json, pointed at the mock, without x-authmock', async (t) => {
  const app = await buildApp({})
  t.teardown(() => app.close())
  for (const api of APIS) {
    const res = await app.inject({ method: 'GET', url: `/__mock/docs/${api}.json` })
    t.equal(res.statusCode, 200, api)
    const document = res.json() as { openapi: string; servers: unknown; paths: Record<string, unknown> }
    t.equal(document.openapi, '3.1.0')
    t.same(document.servers, [{ url: '/', description: 'this authmock server' }], `${api}: "try it" calls the origin the page came from`)
    t.notOk(res.body.includes('"x-authmock":'), `${api}: the mock's own extensions are left out (descriptions may still name them)`)
    t.ok(Object.keys(document.paths).length > 0)
  }
  const unknown = await app.inject({ method: 'GET', url: '/__mock/docs/nope.json' })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'ERR_DOCS_NOT_FOUND')
  t.match(unknown.json().detail, /\/__mock\/docs\/nwapp\.json/, 'a wrong name lists the specs served')
  t.equal((await app.inject({ method: 'GET', url: '/__mock/docs/..%2Fpackage.json' })).statusCode, 404, 'only the named asset files are ever read')
})

t.test('only the APIs served are documented', async (t) => {
  const app = await buildApp({ apis: ['nwapp'] })
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'GET', url: '/__mock/docs/nwapp.json' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/__mock/docs/unicommerce.json' })).statusCode, 404)
  const init = await app.inject({ method: 'GET', url: '/__mock/docs/init.js' })
  t.match(init.body, /docs\/nwapp\.json/)
  t.notMatch(init.body, /unicommerce/)
})

t.test('without swagger-ui-dist the page answers 501 ERR_DOCS_UNAVAILABLE saying how to install it; the specs are still served', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await registerDocsRoutes(app, createEngine(buildModel(loadSources())), { assetDir: () => undefined })
  const page = await app.inject({ method: 'GET', url: '/__mock/docs' })
  t.equal(page.statusCode, 501)
  t.match(page.headers['content-type'], /^application\/problem\+json/)
  t.equal(page.json().code, 'ERR_DOCS_UNAVAILABLE')
  t.match(page.json().detail, /npm install swagger-ui-dist@\^5/, 'names the install command')
  t.match(page.json().detail, /\/__mock\/docs\/nwapp\.json/, 'and where the specs are')
  t.equal((await app.inject({ method: 'GET', url: '/__mock/docs/nwapp.json' })).statusCode, 200, 'the specs need no renderer')
  const asset = await app.inject({ method: 'GET', url: '/__mock/docs/swagger-ui.css' })
  t.equal(asset.statusCode, 404, 'an asset that is not installed is not found')
  t.equal(asset.json().code, 'ERR_DOCS_NOT_FOUND')
})

t.test('the page carries the strict CSP; the docs answer as the API does (Host check, no control guard)', async (t) => {
  const app = await buildApp({ controlToken: 'secret-token-1234' })
  t.teardown(() => app.close())
  const page = await app.inject({ method: 'GET', url: '/__mock/docs' })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['content-security-policy'], DOCS_CSP)
  t.match(DOCS_CSP, /default-src 'self'/)
  t.notMatch(DOCS_CSP, /unsafe-inline|unsafe-eval|https?:/, 'nothing inline but the hashed logo style, nothing from elsewhere')
  t.notMatch(page.body, /https?:\/\//, 'the page names no other origin')
  t.equal((await app.inject({ method: 'GET', url: '/__mock/docs/' })).headers.location, '/__mock/docs')
  // A remote reader on a non-loopback address, with a control token set: the docs still answer (the control API would not).
  const remote = await app.inject({ method: 'GET', url: '/__mock/docs/nwapp.json', remoteAddress: '203.0.113.7' })
  t.equal(remote.statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/__mock/scenarios', remoteAddress: '203.0.113.7' })).statusCode, 403)
  const rebound = await app.inject({ method: 'GET', url: '/__mock/docs', headers: { host: 'evil.example:4010' } })
  t.equal(rebound.statusCode, 403, 'a DNS-rebinding Host is refused, as everywhere')
  const css = await app.inject({ method: 'GET', url: '/__mock/docs/swagger-ui.css' })
  t.equal(css.statusCode, 200)
  t.match(css.headers['content-type'], /^text\/css/)
})

// The reader's path: open the reference, pick an API, read an operation's
// example, and "Try it out" against the mock itself; nothing loads from elsewhere.
withChromium(t, 'the docs page lists every API, shows examples, and "Try it out" calls the mock', async (t, browser) => {
  const app = await buildApp({})
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const origin = new URL(base).origin
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const errors: string[] = []
  const elsewhere: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('request', (request) => { if (new URL(request.url()).origin !== origin) elsewhere.push(request.url()) })
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sample}`)))

  // Reached as a reader would: from the control page's link.
  await page.goto(`${base}/__mock/`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })
  await page.click('#docs-link')
  await page.waitForURL(`${base}/__mock/docs`)
  await page.waitForSelector('.opblock', { timeout: 15_000 })
  const options = await page.$$eval('.topbar select option', (os) => os.map((o) => o.textContent ?? ''))
  for (const api of APIS) t.ok(options.some((o) => o.endsWith(`(${api})`)), `${api} is in the definition selector`)

  const nwapp = options.find((o) => o.endsWith('(nwapp)')) as string
  await page.selectOption('.topbar select', { label: nwapp })
  const login = page.locator('#operations-auth-nwappLogin')
  await login.waitFor({ timeout: 10_000 })
  await login.locator('.opblock-summary').click()
  // The documented 200 example, as written in the spec.
  await login.locator('.responses-wrapper').getByText('pwtYmgPCEwNXFUhPVjVNKcEBxYgvUz').first().waitFor({ timeout: 5000 })
  t.pass('the operation shows its documented success example')

  await login.locator('.try-out__btn').click()
  const body = login.locator('textarea.body-param__text')
  t.match(await body.inputValue(), /"email": "bart@mikasoftware.com"[\s\S]*"password": "123password"/, 'the request body starts as the documented example')
  await login.locator('button.execute').click()
  const status = login.locator('.live-responses-table tbody .response-col_status').first()
  await status.waitFor({ timeout: 10_000 })
  t.equal((await status.textContent())?.trim(), '200', 'the mock answered the login')
  t.match(await login.locator('.request-url').textContent(), `${origin}/api/v1/public/login`, 'the request went to the mock the page came from')

  const journal = await (await fetch(`${base}/__mock/requests?operation=nwappLogin`)).json() as { requests: Array<{ method: string; status: number }> }
  t.match(journal.requests, [{ method: 'POST', status: 200 }], 'the journal holds the login the page sent')

  t.same(elsewhere, [], 'every request the page made went to the mock')
  t.same(errors, [], 'no page errors and no CSP violations')
  mkdirSync(join('tests', 'artifacts'), { recursive: true })
  await page.screenshot({ path: join('tests', 'artifacts', 'docs-page.png'), fullPage: false })
})
