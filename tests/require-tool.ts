import { spawnSync } from 'node:child_process'
import type { Test } from 'tap'

/** CI as CI services set it (`CI=true`, `CI=1`); `CI=false` or `CI=0` is not CI. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return !['', '0', 'false'].includes((env.CI ?? '').trim().toLowerCase())
}

/** The absolute path of `command` on PATH, or "" when it is not installed. */
export function findTool(command: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : ''
}

/**
 * Registers `name` as a test that needs `command` (from the Debian package
 * `aptPackage`, which .ci/run installs). Returns false when it is missing: then,
 * in CI, a failing test names it; elsewhere, the test is skipped with a message
 * that says what to install.
 */
export function requireTool(t: Pick<Test, 'fail' | 'test'>, name: string, command: string, aptPackage: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (findTool(command)) return true
  const why = `\`${command}\` is not installed (apt-get install ${aptPackage})`
  if (inCI(env)) t.fail(`${name}: ${why}; CI is set, and .ci/run installs it`)
  else t.test(name, { skip: `${why}; set CI to make this a failure` }, () => {})
  return false
}
