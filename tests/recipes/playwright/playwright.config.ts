import { spawnSync } from 'node:child_process'
import { defineConfig } from '@playwright/test'

// Debian's chromium (apt-get install chromium): no `npx playwright install`.
const chromium = spawnSync('which', ['chromium'], { encoding: 'utf8' }).stdout.trim()

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  webServer: {
    // In your project: `npx authmock serve --port 4790`. Here, inside
    // authmock's own checkout, it runs the source (npm test builds no dist/).
    command: 'node --import tsx ../../../src/cli/main.ts serve --port 4790 --quiet',
    url: 'http://127.0.0.1:4790/__mock/health',
    reuseExistingServer: !process.env.CI,
  },
  use: {
    baseURL: 'http://127.0.0.1:4790',
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium || undefined,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
})
