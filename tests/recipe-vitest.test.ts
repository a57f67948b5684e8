/**
 * The README's "Vitest with authmock/msw" recipe (tests/recipes/vitest/) runs
 * and passes under Vitest, and a copy with one wrong expectation fails: the
 * check can fail, so a recipe that stops working is noticed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runJsonReporter } from './run-json-reporter.js'

const RECIPE = 'tests/recipes/vitest'
const TESTS_IN_RECIPE = 6

interface VitestReport { numTotalTests: number; numPassedTests: number; numFailedTests: number; success: boolean }

/** `vitest run` on one config with the JSON reporter: its exit code and report. */
const vitest = (config: string) => runJsonReporter<VitestReport>(['vitest', 'run', '--config', config, '--reporter=json'], 60_000)

t.test('the Vitest recipe passes, and a copy with a wrong expectation fails', async (t) => {
  // The broken copy sits as deep as the recipe, so its alias to src/ still resolves.
  const broken = 'tests/artifacts/recipe-vitest-broken'
  mkdirSync(broken, { recursive: true })
  copyFileSync(join(RECIPE, 'vitest.config.ts'), join(broken, 'vitest.config.ts'))
  const spec = readFileSync(join(RECIPE, 'auth.spec.ts'), 'utf8')
  const wrong = spec.replace(".toBe('Bart')", ".toBe('Lisa')")
  t.not(wrong, spec, 'the expectation to break is still in the recipe')
  writeFileSync(join(broken, 'auth.spec.ts'), wrong)

  const [good, bad] = await Promise.all([vitest(join(RECIPE, 'vitest.config.ts')), vitest(join(broken, 'vitest.config.ts'))])

  t.equal(good.code, 0, `the recipe passes${good.code ? `: ${good.stderr}` : ''}`)
  t.match(good.report, { success: true, numTotalTests: TESTS_IN_RECIPE, numPassedTests: TESTS_IN_RECIPE, numFailedTests: 0 })

  t.not(bad.code, 0, 'the broken copy fails')
  t.match(bad.report, { success: false, numTotalTests: TESTS_IN_RECIPE, numPassedTests: TESTS_IN_RECIPE - 1, numFailedTests: 1 })
})

t.test('the README shows the recipe as it is tested', async (t) => {
  const recipe = readFileSync(join(import.meta.dirname, 'recipes', 'vitest', 'auth.spec.ts'), 'utf8').trimEnd()
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
  t.ok(readme.includes(`\`\`\`ts\n${recipe}\n\`\`\``), 'README.md holds tests/recipes/vitest/auth.spec.ts verbatim (paste it again)')
})
