import { parseBody } from '../core/parse-body.js'
import type { RouteMatch } from '../core/create-router.js'
import { describeJsonError } from '../core/locate-json-error.js'
import { describeSchemaError, type Finding, type QuotingFinding } from './check-response.js'
import type { Violation } from './types.js'
import { withServerText } from './with-server-text.js'

/** A request as the proxy received it. */
export interface RequestToCheck {
  method: string
  url: URL
  headers: Record<string, string | undefined>
  /** Raw body text; undefined when there was none. */
  body?: string | undefined
}

/**
 * Checks a request against the documents, as the proxy sees it: the path and
 * method are documented, the body's content type is one the operation takes,
 * the body parses and matches its schema, and the query and path parameters
 * match theirs (with the model's request validators, compiled once at load).
 *
 * @example checkRequest(router.match('POST', '/api/v1/public/login'), { method: 'POST', url, headers, body: '{}' })
 */
export function checkRequest(match: RouteMatch, request: RequestToCheck): Violation[] {
  const path = request.url.pathname
  if (match.kind === 'no-route') {
    return [{ api: '', operationId: '', method: request.method, path, case: 'request', message: 'no documented operation has this path' }]
  }
  if (match.kind === 'method-not-allowed') {
    return [{ api: '', operationId: '', method: request.method, path, case: 'request', message: `the path is documented for ${match.allow.join(', ')}, not ${request.method}`, expected: match.allow.join(' or '), actual: request.method }]
  }
  const op = match.operation
  const violations: Violation[] = []
  const head = { api: op.api, operationId: op.operationId, method: op.method, path: op.path, case: 'request' }
  const add = (v: Finding | QuotingFinding): void => {
    violations.push(typeof v === 'function' ? withServerText((scrub) => ({ ...head, ...v(scrub) })) : { ...head, ...v })
  }
  if (op.body) {
    const parsed = parseBody(request.body, request.headers['content-type'], op.body.mediaTypes)
    if (!parsed.ok && parsed.reason === 'unsupported') {
      add({ message: 'request content type is not documented', expected: op.body.mediaTypes.join(' or '), actual: parsed.contentType })
    } else if (!parsed.ok) {
      // By position only: JSON.parse's message quotes the body, which may carry the password.
      add({ message: `request body is ${describeJsonError(request.body ?? '')}`, expected: 'JSON' })
    } else if (!op.body.validate(parsed.value)) {
      for (const error of op.body.validate.errors ?? []) {
        const finding = describeSchemaError(error, parsed.value)
        add((scrub) => {
          const described = finding(scrub)
          return { ...described, message: `request body: ${described.message}` }
        })
      }
    }
  }
  if (op.validateParams) {
    const values: Record<string, unknown> = { ...match.params }
    for (const [key, value] of request.url.searchParams) if (!(key in values)) values[key] = value
    if (!op.validateParams(values)) {
      for (const error of op.validateParams.errors ?? []) {
        const finding = describeSchemaError(error, values)
        add((scrub) => {
          const described = finding(scrub)
          return { ...described, message: `parameter ${described.message}` }
        })
      }
    }
  }
  return violations
}
