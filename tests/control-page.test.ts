import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { withChromium } from './chromium.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'

// QA's path: open the control page, flip a switch, and the next login of an
// unchanged client fails; the journal on the page shows it.
withChromium(t, 'a switch on the control page makes the next real login fail', async (t, browser) => {
  const app = await buildApp({})
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${base}/__mock/`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })

  const login = () => fetch(`${base}/api/v1/public/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' }),
  })
  t.equal((await login()).status, 200, 'logins work before the switch')

  await page.click('button[data-next="nwapp/invalid-credentials"]')
  await page.waitForSelector('[data-active="nwappLogin"]', { timeout: 5000 })
  const refused = await login()
  t.equal(refused.status, 400)
  t.same(await refused.json(), { error: 'Email or password is incorrect.', status: 'Invalid request.' })
  t.equal((await login()).status, 200, 'only the next call')

  // The page's journal shows the refused login, and the switch is gone.
  await page.waitForFunction(() => document.querySelectorAll('#requests tr.entry').length >= 3, undefined, { timeout: 5000 })
  const rows = await page.$$eval('#requests tr.entry', (trs) => trs.map((tr) => tr.textContent ?? ''))
  t.ok(rows.some((r) => r.includes('POST /api/v1/public/login') && r.includes('400') && r.includes('scenario invalid-credentials')), 'the journal row names the scenario')
  t.equal(await page.locator('[data-active]').count(), 0, 'the switch went after one call')

  // "Expire all tokens" makes a live token fail.
  const token = ((await (await login()).json()) as { access_token: { token: string } }).access_token.token
  await page.click('#expire-all')
  await page.waitForFunction(() => document.querySelector('#sessions')?.children.length === 0, undefined, { timeout: 5000 })
  t.equal((await fetch(`${base}/api/v1/public/profile`, { headers: { authorization: `Bearer ${token}` } })).status, 401)

  t.same(errors, [], 'no page errors')
  mkdirSync(join('tests', 'artifacts'), { recursive: true })
  await page.screenshot({ path: join('tests', 'artifacts', 'control-page.png'), fullPage: true })
})
