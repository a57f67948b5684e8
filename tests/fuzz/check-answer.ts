/**
 * The fuzz tests' judgement of one answer: never a 5xx, and either one of the
 * operation's documented responses (status, content type, body schema,
 * required headers: the contract checker's own checkResponse) or the mock's
 * documented `application/problem+json` with a catalog code that fits its
 * status. Returns the problems as text, none when the answer is fine.
 */
import { ERRORS, type ErrorCode } from '../../src/core/errors.js'
import { checkResponse } from '../../src/contract/check-response.js'
import type { ResponseValidators } from '../../src/contract/compile-response-validators.js'
import type { Operation, SpecModel } from '../../src/model/spec-model.js'
import type { FuzzCase } from './arbitraries.js'

/** An answer as either surface gives it. */
export interface Answer {
  status: number
  /** Lower-case names; Set-Cookie apart. */
  headers: Record<string, string | undefined>
  setCookies: string[]
  text: string
}

/**
 * Codes whose status is fixed by what they say (src/core/errors.ts); every
 * other catalog code may answer any 4xx, as long as the body says the same.
 * Both ways: a 415 is ERR_UNSUPPORTED_MEDIA_TYPE and nothing else.
 */
const PROBLEM_STATUS: Partial<Record<ErrorCode, number>> = {
  ERR_NO_ROUTE: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_BODY_TOO_LARGE: 413,
}
const STATUS_CODE = new Map(Object.entries(PROBLEM_STATUS).map(([code, status]) => [status, code]))

const mediaType = (value: string | undefined): string => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

function checkProblem(op: Operation, fuzz: FuzzCase, answer: Answer): string[] {
  // An answer to HEAD has no body to read (RFC 9110 §9.3.2): only the status can be judged.
  if (fuzz.method === 'HEAD') return answer.status >= 400 ? [] : [`problem+json with status ${answer.status}`]
  let body: { code?: unknown; status?: unknown }
  try {
    body = JSON.parse(answer.text) as { code?: unknown; status?: unknown }
  } catch {
    return [`problem+json body is not JSON: ${answer.text.slice(0, 120)}`]
  }
  const code = body.code
  if (typeof code !== 'string' || !(code in ERRORS)) return [`problem+json without a catalog code (code: ${JSON.stringify(code)})`]
  const problems: string[] = []
  const expected = PROBLEM_STATUS[code as ErrorCode]
  if (expected !== undefined && expected !== answer.status) problems.push(`problem code ${code} answered with status ${answer.status} (the code means ${expected})`)
  const wanted = STATUS_CODE.get(answer.status)
  if (wanted !== undefined && wanted !== code) problems.push(`status ${answer.status} answered with code ${code} (a ${answer.status} is ${wanted})`)
  if (answer.status < 400) problems.push(`problem+json with status ${answer.status}`)
  if (body.status !== answer.status) problems.push(`problem body status ${JSON.stringify(body.status)} differs from the HTTP status ${answer.status}`)
  if (code === 'ERR_METHOD_NOT_ALLOWED' && !answer.headers.allow) problems.push('405 without Allow')
  // On the operation's own path (no parameters, not mangled) a wrong method is a 405 with Allow, never a 404 (RFC 9110 §15.5.6).
  if (code === 'ERR_NO_ROUTE' && !fuzz.pathJunk && !op.path.includes('{')) problems.push(`${fuzz.method} on the known path ${op.path} answered 404 ERR_NO_ROUTE, not 405`)
  if (code === 'ERR_METHOD_NOT_ALLOWED' && fuzz.method === op.method.toUpperCase() && !fuzz.pathJunk) problems.push('the operation\'s own method answered 405')
  return problems
}

/**
 * Header values the server built: visible ASCII, space and tab only (RFC 9110
 * §5.5); a Location stays on this origin (a path, not "//host" or "/\\host";
 * percent-encoded characters are fine, browsers do not decode them into separators).
 */
function checkHeaders(answer: Answer): string[] {
  const problems: string[] = []
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && /[^\t\x20-\x7e]/.test(value)) problems.push(`header ${name} carries raw characters: ${JSON.stringify(value.slice(0, 80))}`)
  }
  const location = answer.headers.location
  if (location !== undefined && !/^\/(?![/\\])[\x21-\x7e]*$/.test(location)) problems.push(`Location ${JSON.stringify(location.slice(0, 80))} is not a safe relative path`)
  return problems
}

/**
 * Checks one answer. When the path was mangled or another method was sent,
 * routing may rightly reach another operation: then a documented response of
 * any operation will do.
 *
 * @example checkAnswer(model, op, fuzzCase, answer, validators) // [] when fine
 */
export function checkAnswer(model: SpecModel, op: Operation, fuzz: FuzzCase, answer: Answer, validators: ResponseValidators): string[] {
  if (answer.status >= 500) return [`status ${answer.status}: ${answer.text.slice(0, 200)}`]
  const headerProblems = checkHeaders(answer)
  if (mediaType(answer.headers['content-type']) === 'application/problem+json') return [...headerProblems, ...checkProblem(op, fuzz, answer)]
  const hasBody = fuzz.method !== 'HEAD'
  const own = checkResponse(op, answer, { case: fuzz.kind, hasBody }, validators).violations
  if (own.length === 0) return headerProblems
  if (fuzz.pathJunk || fuzz.method !== op.method.toUpperCase()) {
    for (const other of model.apis.flatMap((a) => a.operations)) {
      if (other === op || other.method.toUpperCase() !== (fuzz.method === 'HEAD' ? 'GET' : fuzz.method)) continue
      if (checkResponse(other, answer, { case: fuzz.kind, hasBody }, validators).violations.length === 0) return headerProblems
    }
  }
  return [...headerProblems, ...own.map((v) => `${v.message} (expected ${v.expected ?? '?'}, got ${String(v.actual ?? '?').slice(0, 120)})`)]
}
