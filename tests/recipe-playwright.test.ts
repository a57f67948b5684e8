/**
 * The README's "Playwright with authmock serve" recipe
 * (tests/recipes/playwright/) runs and passes under Playwright Test, with its
 * webServer starting `authmock serve` and Debian's chromium, and a copy with
 * one wrong expectation fails: the check can fail, so a recipe that stops
 * working is noticed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runJsonReporter } from './run-json-reporter.js'
import { requireTool } from './require-tool.js'

const RECIPE = 'tests/recipes/playwright'
const TESTS_IN_RECIPE = 5

// Two Playwright runs, each starting a server and a browser: past tap's 60 s.
t.setTimeout(200_000)

interface PlaywrightReport { stats: { expected: number; unexpected: number; skipped: number; flaky: number }; errors: unknown[] }

/** `playwright test` on one config with the JSON reporter: its exit code and report. */
const playwright = (config: string, output: string) =>
  runJsonReporter<PlaywrightReport>(['playwright', 'test', '--config', config, '--reporter=json', '--output', output], 90_000)

if (requireTool(t, 'the Playwright recipe', 'chromium', 'chromium')) {
  t.test('the Playwright recipe passes, and a copy with a wrong expectation fails', async (t) => {
    // The broken copy sits as deep as the recipe, so its webServer's
    // ../../../src/cli/main.ts still resolves; it serves on its own port so
    // both run at once.
    const broken = 'tests/artifacts/recipe-playwright-broken'
    mkdirSync(broken, { recursive: true })
    const config = readFileSync(join(RECIPE, 'playwright.config.ts'), 'utf8')
    const moved = config.replaceAll('4790', '4791')
    t.not(moved, config, 'the port to move is still in the recipe config')
    writeFileSync(join(broken, 'playwright.config.ts'), moved)
    const spec = readFileSync(join(RECIPE, 'auth.spec.ts'), 'utf8')
    const wrong = spec.replace(".toBe('Bart')", ".toBe('Lisa')")
    t.not(wrong, spec, 'the expectation to break is still in the recipe')
    writeFileSync(join(broken, 'auth.spec.ts'), wrong)

    const [good, bad] = await Promise.all([
      playwright(join(RECIPE, 'playwright.config.ts'), 'tests/artifacts/recipe-playwright-results'),
      playwright(join(broken, 'playwright.config.ts'), 'tests/artifacts/recipe-playwright-broken-results'),
    ])

    t.equal(good.code, 0, `the recipe passes${good.code ? `: ${good.stderr}` : ''}`)
    t.match(good.report, { stats: { expected: TESTS_IN_RECIPE, unexpected: 0, skipped: 0, flaky: 0 }, errors: [] })

    t.not(bad.code, 0, 'the broken copy fails')
    t.match(bad.report, { stats: { expected: TESTS_IN_RECIPE - 1, unexpected: 1, skipped: 0, flaky: 0 } })
  })
}

t.test('the README shows the recipe as it is tested', async (t) => {
  for (const file of ['playwright.config.ts', 'auth.spec.ts']) {
    const recipe = readFileSync(join(import.meta.dirname, 'recipes', 'playwright', file), 'utf8').trimEnd()
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
    t.ok(readme.includes(`\`\`\`ts\n${recipe}\n\`\`\``), `README.md holds tests/recipes/playwright/${file} verbatim (paste it again)`)
  }
})
