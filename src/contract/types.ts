/**
 * What the contract checker and the validating proxy report. Every departure
 * from the documents is data (a Violation), never an exception, so reporters,
 * CI and tests read the same thing.
 */

/** One way a request or answer departs from the spec. */
export interface Violation {
  /** The API the operation belongs to ("" when no operation matched). */
  api: string
  operationId: string
  method: string
  path: string
  /** The case that was run ("happy path", "no credential", ...) or, in the proxy, "request" / "response". */
  case: string
  /** What is wrong, in words. */
  message: string
  /** JSON Pointer (RFC 6901) into the body, when the problem is inside it. */
  pointer?: string | undefined
  /** Where in the schema the rule lives (ajv's schemaPath), for body problems. */
  schemaPath?: string | undefined
  expected?: string | undefined
  actual?: string | undefined
}

export type CaseOutcome = 'passed' | 'failed' | 'skipped'

/** One case of `verify`: a request sent and its answer checked. */
export interface CaseResult {
  api: string
  operationId: string
  method: string
  path: string
  case: string
  outcome: CaseOutcome
  /** Why a case was skipped. */
  reason?: string | undefined
  violations: Violation[]
  durationMs: number
}

/** The whole run: `ok` only when no case failed (skipped cases do not fail a run). */
export type VerifyResult =
  | { ok: true; cases: CaseResult[]; durationMs: number }
  | { ok: false; cases: CaseResult[]; violations: Violation[]; durationMs: number }
