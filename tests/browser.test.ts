import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { withChromium } from './chromium.js'
// @ts-expect-error: a plain .mjs helper of the example, without types
import { serveExample } from '../examples/browser-app/serve.mjs'

// The example app in Debian's Chromium: MSW's service worker answers from
// authmock's handlers, and the page is clicked through like a user would.
withChromium(t, 'the example app clicks through nwapp and Akinon flows in Chromium', async (t, browser) => {
  const { url, close } = (await serveExample()) as { url: string; close: () => Promise<void> }
  t.teardown(close)
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })

  const click = async (p: Page, id: string, expected: string) => {
    await p.click(`#${id}`)
    await p.waitForFunction((text) => document.body.dataset.last === text, `${id} ${expected}`, { timeout: 10_000 })
      .catch(async () => t.fail(`${id}: expected "${expected}", page says "${await p.evaluate(() => document.body.dataset.last)}"`))
  }

  // nwapp: login -> profile -> logout -> profile is 401
  await click(page, 'nwapp-login', '200')
  await click(page, 'nwapp-profile', '200')
  await click(page, 'nwapp-logout', '200')
  await click(page, 'nwapp-profile', '401')
  // Akinon: csrf -> login -> current user -> logout (CSRF header from the cookie) -> current user is 401
  await click(page, 'akinon-me', '401')
  await click(page, 'akinon-csrf', '200')
  await click(page, 'akinon-login', '200')
  await click(page, 'akinon-me', '200')
  await click(page, 'akinon-logout', '0')
  await click(page, 'akinon-me', '401')
  // A documented error on demand
  await click(page, 'prefer-throttled', '429')

  const log = await page.textContent('#log')
  t.match(log, /akinon-me 200 \{"pk":101/)
  t.match(log, /prefer-throttled 429 \{"detail":"Request was throttled/)
  t.same(errors, [], 'no page errors')
  mkdirSync(join('tests', 'artifacts'), { recursive: true })
  await page.screenshot({ path: join('tests', 'artifacts', 'browser-app.png'), fullPage: true })
})
