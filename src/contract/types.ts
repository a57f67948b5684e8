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

/**
 * What a failed case sent and got back, for reports a person debugs from
 * (html, json): every secret the run knows is already "[redacted]" in it,
 * bodies are cut at 4 KiB.
 */
export interface CaseExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string | undefined }
  /** Absent when no answer came (unreachable, timeout). */
  response?: { status: number; headers: Record<string, string>; body?: string | undefined } | undefined
}

/** How a generated case's input was made (`verify --generate`). */
export interface GeneratedInput {
  /** `valid`: conforms to the schemas; `invalid`: breaks exactly one constraint. */
  kind: 'valid' | 'invalid'
  /** The class of input, e.g. "long strings", "non-ASCII strings", "wrong type", "missing required". */
  category: string
  /** Where the input was sent: "application/json", "application/x-www-form-urlencoded" or "query". */
  location: string
  /** The (shrunk) input that failed, redacted and cut at 4 KiB; only on failed cases. */
  input?: string | undefined
}

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
  /** The answer's status, when one came. */
  status?: number | undefined
  /** The documented example the case expected (its name in the spec), for coverage. */
  expectedExample?: string | undefined
  /** A failed case's request and answer (redacted). */
  exchange?: CaseExchange | undefined
  /**
   * A failed case as one shell line that replays it: `curl ...` with every
   * secret replaced by a variable reference ("$AUTHMOCK_TOKEN"), never the
   * secret itself.
   */
  reproducer?: string | undefined
  /** Set on cases made by `--generate`. */
  generated?: GeneratedInput | undefined
}

/** One documented response of one operation: a status and, when the spec names examples under it, one example. */
export interface CoverageEntry {
  api: string
  operationId: string
  method: string
  path: string
  status: number
  /** The example's name; absent for a status documented without examples. */
  example?: string | undefined
  /** Some case got this status (and, for a named example, expected that example). */
  seen: boolean
}

/** Which documented responses the run exercised and saw: "23 of 31 documented responses, 74%". */
export interface Coverage {
  entries: CoverageEntry[]
  seen: number
  total: number
  /** seen / total * 100, rounded down to one decimal; 100 when nothing is documented. */
  percent: number
  /** `--min-coverage`, when given; the run fails below it. */
  minimum?: number | undefined
}

/** The whole run: `ok` only when no case failed (skipped cases do not fail a run) and coverage is at least its minimum. */
export type VerifyResult = VerifyRun & (
  | { ok: true }
  | { ok: false; violations: Violation[] })

/** What every run reports, passed or failed. */
export interface VerifyRun {
  cases: CaseResult[]
  durationMs: number
  coverage: Coverage
  /** The seed generated cases came from (`--seed`): the same seed replays the same inputs. Absent without --generate. */
  seed?: number | undefined
  /** The base URL checked (its user and password, if any, removed). */
  target?: string | undefined
}
