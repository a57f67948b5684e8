import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { childEnv } from './child-env.js'

/**
 * Runs a test runner of a README recipe (`npx vitest ...`, `npx playwright
 * ...`) with its JSON reporter on stdout: its exit code and the parsed report,
 * whether it passed or failed. CI=1 so nothing is reused from a developer's
 * machine (Playwright's webServer always starts the mock).
 */
export async function runJsonReporter<T>(args: string[], timeoutMs: number): Promise<{ code: number; report: T; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', args, { env: childEnv({ NO_COLOR: '1', CI: '1' }), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, report: JSON.parse(stdout) as T, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    let report: T
    try {
      report = JSON.parse(failed.stdout ?? '') as T
    } catch {
      throw new Error(`npx ${args[0] ?? ''} printed no JSON report (exit ${failed.code}): ${failed.stderr}`)
    }
    return { code: typeof failed.code === 'number' ? failed.code : -1, report, stderr: failed.stderr ?? '' }
  }
}
