import { execFileSync } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'
import type { Test } from 'tap'

/** Debian's chromium (`which chromium`), or "" when it is not installed. */
export const CHROMIUM_PATH = (() => {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
})()

/**
 * Runs `body` with a headless Chromium, closed at the end. Without chromium
 * the test is skipped locally, and fails in CI (where .ci/run installs it).
 */
export function withChromium(t: Test, name: string, body: (t: Test, browser: Browser) => Promise<void>): void {
  if (!CHROMIUM_PATH) {
    if (process.env.CI) t.fail('chromium is not installed; .ci/run should have installed it')
    else t.test(name, { skip: 'chromium is not installed: apt-get install chromium' }, () => {})
    return
  }
  t.test(name, async (sub) => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    })
    try {
      await body(sub, browser)
    } finally {
      await browser.close()
    }
  })
}
