import { chromium, type Browser } from 'playwright-core'
import type { Test } from 'tap'
import { findTool, requireTool } from './require-tool.js'

/** Debian's chromium (`which chromium`), or "" when it is not installed. */
export const CHROMIUM_PATH = findTool('chromium')

/**
 * Runs `body` with a headless Chromium, closed at the end. Without chromium
 * the test is skipped locally with a message, and fails in CI (where .ci/run installs it).
 */
export function withChromium(t: Test, name: string, body: (t: Test, browser: Browser) => Promise<void>): void {
  if (!requireTool(t, name, 'chromium', 'chromium')) return
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
