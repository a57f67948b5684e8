import type { ErrorObject } from 'ajv'
import type { CookieRecipe, Operation } from '../model/spec-model.js'
import type { ResponseValidators } from './compile-response-validators.js'
import { describeValue, readPointer } from './describe-value.js'
import { describeJsonError } from '../core/locate-json-error.js'
import { describeCookieAttributes, isExpiredCookie, parseSetCookie } from './parse-set-cookie.js'
import type { Violation } from './types.js'
import { withServerText, type Scrub } from './with-server-text.js'
import { isJsonType, mediaType } from '../core/media-type.js'

/** A violation's own part, without the operation and case it belongs to. */
export type Finding = Omit<Violation, 'api' | 'operationId' | 'method' | 'path' | 'case'>
/** A finding that quotes the server's text, built with that text scrubbed (or not). */
export type QuotingFinding = (scrub: Scrub) => Finding

/** What one case expects of the answer. */
export interface Expectation {
  case: string
  /** Statuses this case must get; undefined: any status the operation documents (the proxy). */
  statuses?: number[] | undefined
  /** Cookies the answer must set as the recipe declares them (HttpOnly, Secure), or clear. */
  cookies?: CookieRecipe[] | undefined
  /** What it means when a refusal is expected and the server accepts instead, e.g. "a revoked credential is still accepted". */
  accepted?: string | undefined
  /** False for an answer to HEAD, which has no body to check (RFC 9110 §9.3.2). */
  hasBody?: boolean | undefined
}

/** The parts of an answer the checks read. */
export interface ResponseToCheck {
  status: number
  headers: Record<string, string | undefined>
  setCookies: string[]
  /** Decoded body text; undefined when it could not be decoded. */
  text: string | undefined
}

export interface CheckedResponse {
  violations: Violation[]
  /** The parsed JSON body, when it was JSON. */
  json?: unknown
}


/**
 * Checks one answer against its operation's documents: the status is
 * documented (and is one this case expects), the content type is the
 * documented one, the body matches that status's schema (every ajv error,
 * each with its JSON pointer and schema location), the required headers are
 * there and match their schemas, and cookies carry the attributes the recipe
 * declares. Returns violations as data.
 *
 * @example checkResponse(op, { status: 401, headers: {}, setCookies: [], text: '{}' }, { case: 'no credential', statuses: [401] }, validators)
 */
export function checkResponse(
  operation: Operation,
  response: ResponseToCheck,
  expectation: Expectation,
  validators: ResponseValidators,
): CheckedResponse {
  const violations: Violation[] = []
  const head = { api: operation.api, operationId: operation.operationId, method: operation.method, path: operation.path, case: expectation.case }
  const add = (v: Finding | QuotingFinding): void => {
    violations.push(typeof v === 'function' ? withServerText((scrub) => ({ ...head, ...v(scrub) })) : { ...head, ...v })
  }
  const { status } = response
  const expected = expectation.statuses
  const documented = operation.responses.find((r) => r.status === status)
  if (!documented) {
    const listed = operation.responses.map((r) => r.status).join(', ')
    add({ message: `undocumented status ${status} (documented: ${listed})`, expected: (expected ?? []).join(' or ') || listed, actual: String(status) })
    return { violations }
  }
  if (expected && !expected.includes(status)) {
    const accepted = status < 400 && expected.every((s) => s >= 400)
    add({
      message: accepted ? expectation.accepted ?? 'accepted a request that must be refused' : 'wrong status',
      expected: expected.join(' or '),
      actual: String(status),
    })
  }

  const actualType = mediaType(response.headers['content-type'])
  let json: unknown
  if (documented.contentType) {
    const wanted = mediaType(documented.contentType)
    if (actualType !== wanted) {
      add((scrub) => ({ message: 'wrong content type', expected: wanted, actual: actualType ? scrub(actualType) : '(none)' }))
    } else if (isJsonType(wanted) && expectation.hasBody !== false) {
      const parsed = parseJson(response.text)
      // The body is the server's free text (no position to redact by): quoted only through the scrub.
      if (!parsed.ok) add((scrub) => ({ message: `body is ${parsed.error}`, expected: 'JSON', actual: describeValue(response.text, '', scrub) }))
      else {
        json = parsed.value
        const validate = validators.of(documented).body
        if (validate && !validate(json)) for (const error of validate.errors ?? []) add(describeSchemaError(error, json))
      }
    }
  } else if (isJsonType(actualType)) {
    const parsed = parseJson(response.text)
    if (parsed.ok) json = parsed.value
  }

  const compiled = validators.of(documented)
  for (const header of documented.declaredHeaders) {
    if (header.name === 'set-cookie') {
      if (header.required && response.setCookies.length === 0) add({ message: 'missing required header set-cookie', expected: 'present', actual: 'absent' })
      continue
    }
    const value = response.headers[header.name]
    if (value === undefined) {
      if (header.required) add({ message: `missing required header ${header.name}`, expected: 'present', actual: 'absent' })
      continue
    }
    const validate = compiled.headers.get(header.name)
    if (validate && !validate(value)) {
      for (const error of validate.errors ?? []) {
        // The header's name is its position: a secret-named one is never described.
        add((scrub) => ({ message: `header ${header.name} ${error.message ?? error.keyword}`, schemaPath: error.schemaPath, expected: describeParams(error), actual: describeValue(value, `/${header.name}`, scrub) }))
      }
    }
  }

  for (const recipe of expectation.cookies ?? []) checkCookie(recipe, response.setCookies, add)
  return { violations, json }
}

function checkCookie(recipe: CookieRecipe, setCookies: string[], add: (v: Finding) => void): void {
  const cookie = setCookies.map(parseSetCookie).find((c) => c.name === recipe.name)
  if (!cookie) {
    add({ message: `Set-Cookie for ${recipe.name} is missing`, expected: recipe.clear ? `${recipe.name} cleared` : `${recipe.name} set`, actual: 'absent' })
    return
  }
  if (recipe.clear) {
    if (!isExpiredCookie(cookie)) add({ message: `Set-Cookie does not clear ${recipe.name}`, expected: 'Max-Age=0 or an Expires in the past', actual: describeCookieAttributes(cookie) })
    return
  }
  // The attributes the spec declares are what keep a session cookie away from scripts and plain HTTP (RFC 6265 §8.5).
  if (recipe.httpOnly && !cookie.attributes.has('httponly')) {
    add({ message: `cookie ${recipe.name} is not HttpOnly`, expected: 'HttpOnly', actual: describeCookieAttributes(cookie) })
  }
  if (recipe.secure && !cookie.attributes.has('secure')) {
    add({ message: `cookie ${recipe.name} is not Secure`, expected: 'Secure', actual: describeCookieAttributes(cookie) })
  }
}

/** The body as JSON, or why not in words that never quote it (JSON.parse's message does). */
function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text === undefined) return { ok: false, error: 'not valid JSON (the body could not be decoded)' }
  if (text.trim() === '') return { ok: false, error: 'not valid JSON (the body is empty)' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, error: describeJsonError(text) }
  }
}

/**
 * One ajv error as a violation: a missing property points at where it should
 * be; a wrong value is described by its position (a secret-named member is
 * never shown), and a string shown is the server's text, so it goes through
 * the scrub.
 */
export function describeSchemaError(error: ErrorObject, document: unknown): QuotingFinding {
  if (error.keyword === 'required') {
    const name = String((error.params as { missingProperty?: unknown }).missingProperty)
    const pointer = `${error.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`
    return () => ({ message: `missing required property "${name}"`, pointer, schemaPath: error.schemaPath, expected: 'present', actual: 'absent' })
  }
  return (scrub) => ({
    message: error.message ?? error.keyword,
    pointer: error.instancePath,
    schemaPath: error.schemaPath,
    expected: describeParams(error),
    actual: describeValue(readPointer(document, error.instancePath), error.instancePath, scrub),
  })
}

function describeParams(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'type': return String(params.type)
    case 'const': return JSON.stringify(params.allowedValue)
    case 'enum': return (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' | ')
    case 'pattern': return `a string matching ${String(params.pattern)}`
    case 'format': return `format ${String(params.format)}`
    case 'additionalProperties': return `no property "${String(params.additionalProperty)}"`
    default: return error.message ?? error.keyword
  }
}
