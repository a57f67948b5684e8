import t from 'tap'
import { withChromium } from './chromium.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'

const TOKEN = 'qa-team-secret-0123456789'

// A shared QA host started with --control-token: the page asks for the token once,
// then every control call carries it; a hostile page on another origin gets nothing done.
withChromium(t, 'the control page asks for the control token once, then works; another origin cannot drive the API', async (t, browser) => {
  const app = await buildApp({ controlToken: TOKEN })
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  const page = await browser.newPage()
  const prompts: string[] = []
  page.on('dialog', (dialog) => {
    prompts.push(dialog.type())
    void (dialog.type() === 'prompt' ? dialog.accept(TOKEN) : dialog.dismiss())
  })
  await page.goto(`${base}/__mock/`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })
  t.same(prompts, ['prompt'], 'asked once, not per call')
  await page.click('button[data-next="nwapp/invalid-credentials"]')
  await page.waitForSelector('[data-active="nwappLogin"]', { timeout: 5000 })
  t.pass('a switch armed with the token')

  // A page on another origin (a different port counts) posts what a form can post.
  const evil = await browser.newPage()
  await evil.goto('about:blank')
  const statuses = await evil.evaluate(async (target) => {
    const out: string[] = []
    for (const [type, body] of [['text/plain', '{}'], ['application/x-www-form-urlencoded', 'a=b']]) {
      try {
        await fetch(`${target}/__mock/reset`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': type as string }, body })
        out.push('sent')
      } catch {
        out.push('blocked')
      }
    }
    return out
  }, base)
  t.equal(statuses.length, 2)
  const active = await fetch(`${base}/__mock/scenarios`, { headers: { authorization: `Bearer ${TOKEN}` } })
  t.match(await active.json(), { active: [{ operation: 'nwappLogin' }] }, 'the switch survived: nothing reset it')
})
