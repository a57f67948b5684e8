import type { CaseResult, Coverage, VerifyResult } from './types.js'

/**
 * The `json` report's shape, version 1. Other tools read it, so it changes
 * only by adding fields; a change that removes or retypes one raises
 * `version`. Every top-level key is always present (`target` and `seed` are
 * null when the run had none), so readers need not test for absence.
 * `cases` and `coverage` are the runner's own data (types.ts documents each
 * field); a failed case carries its redacted `exchange` and `reproducer`.
 */
export interface VerifyJson {
  tool: 'authmock verify'
  version: 1
  /** False when a case failed or coverage is below its minimum. */
  ok: boolean
  /** The base URL checked, without user or password. */
  target: string | null
  /** The seed of generated cases: `--seed <seed>` replays them. */
  seed: number | null
  durationMs: number
  summary: { passed: number; failed: number; skipped: number }
  coverage: Coverage
  cases: CaseResult[]
}

/**
 * The whole run as data for other tools: the documented `VerifyJson` shape,
 * pretty-printed, with a final newline. The top-level `violations` of a
 * failed run are not repeated: they are the cases' violations, in order.
 *
 * @example JSON.parse(formatJson(result)).summary // { passed: 12, failed: 1, skipped: 1 }
 */
export function formatJson(result: VerifyResult): string {
  const count = (outcome: CaseResult['outcome']): number => result.cases.filter((c) => c.outcome === outcome).length
  const report: VerifyJson = {
    tool: 'authmock verify',
    version: 1,
    ok: result.ok,
    target: result.target ?? null,
    seed: result.seed ?? null,
    durationMs: result.durationMs,
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    coverage: result.coverage,
    cases: result.cases,
  }
  return `${JSON.stringify(report, null, 2)}\n`
}
