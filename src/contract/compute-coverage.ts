import type { Operation } from '../model/spec-model.js'
import type { Observed } from './create-case-runner.js'
import type { Coverage, CoverageEntry } from './types.js'

/**
 * Which documented responses a run saw. A response is a status, and each
 * example the spec names under it (nwapp's login 400 has "invalid-credentials"
 * and "validation-error": two entries). A status without examples is seen
 * when any answer came with it; a named example when an answer came with its
 * status to a case that asked for that example, or with a status that
 * documents only that one example. Pending operations are left out (nothing
 * is sent to them), and so are operations --only did not select.
 *
 * @example computeCoverage(operations, runner.observed, 80) // { seen: 23, total: 31, percent: 74.1, minimum: 80, entries: [...] }
 */
export function computeCoverage(operations: readonly Operation[], observed: readonly Observed[], minimum?: number): Coverage {
  const byOperation = new Map<string, Observed[]>()
  for (const o of observed) byOperation.set(o.operationId, [...(byOperation.get(o.operationId) ?? []), o])
  const entries: CoverageEntry[] = []
  for (const op of operations) {
    if (op.pending !== undefined) continue
    const seen = byOperation.get(op.operationId) ?? []
    const head = { api: op.api, operationId: op.operationId, method: op.method, path: op.path }
    for (const response of op.responses) {
      const withStatus = seen.filter((o) => o.status === response.status)
      const names = [...response.examples.keys()]
      if (names.length === 0) {
        entries.push({ ...head, status: response.status, seen: withStatus.length > 0 })
        continue
      }
      for (const example of names) {
        const hit = withStatus.some((o) => o.example === example || names.length === 1)
        entries.push({ ...head, status: response.status, example, seen: hit })
      }
    }
  }
  const seen = entries.filter((e) => e.seen).length
  const percent = entries.length === 0 ? 100 : Math.floor((seen / entries.length) * 1000) / 10
  return { entries, seen, total: entries.length, percent, minimum }
}
