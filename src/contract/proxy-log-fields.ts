import type { ErrorCode } from '../core/errors.js'
import { redactUrl } from '../core/redact.js'
import type { RouteMatch } from '../core/create-router.js'
import type { ExchangeLogFields } from '../server/request-log-fields.js'
import type { Violation } from './types.js'

/** One violation as a JSON log line shows it: where and what, never the values (`expected` / `actual` may quote a server's text). */
export interface LoggedViolation {
  /** "request" or "response": which side of the exchange departs. */
  case: string
  message: string
  pointer?: string
  schemaPath?: string
}

/** The fields of one proxied exchange's JSON log line (`authmock proxy --log-format json`); never a secret. */
export interface ProxyLogFields extends ExchangeLogFields {
  /** The status the client got: the target's, or 502 / 504 when the target did not answer. */
  status: number
  violations: LoggedViolation[]
  /** When the target did not answer: the proxy's code and the client's failure code, not its message (that names the URL sent). */
  error?: { code: 'ERR_PROXY_UPSTREAM'; upstream: ErrorCode }
}

/**
 * The fields of a proxied exchange's log line. `violations` must already be
 * redacted (createRedactor): only their case, message, pointer and schema path
 * are taken, the words the checker wrote; `expected` and `actual` stay out,
 * since they describe values the client or the server sent.
 *
 * @example proxyLogFields({ method: 'POST', url: '/login?password=x' }, 200, 12.34, match, [])
 * // { api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: '/login?password=[redacted]', status: 200, durationMs: 12.3, violations: [] }
 */
export function proxyLogFields(
  request: { method: string; url: string },
  status: number,
  elapsedMs: number,
  match: RouteMatch,
  violations: readonly Violation[],
  upstreamFailure?: ErrorCode,
): ProxyLogFields {
  const op = match.kind === 'operation' ? match.operation : undefined
  return {
    ...(op && { api: op.api, operationId: op.operationId }),
    method: request.method,
    path: redactUrl(request.url),
    status,
    durationMs: Math.round(elapsedMs * 10) / 10,
    violations: violations.map((v) => ({
      case: v.case,
      message: v.message,
      ...(v.pointer !== undefined && { pointer: v.pointer }),
      ...(v.schemaPath !== undefined && { schemaPath: v.schemaPath }),
    })),
    ...(upstreamFailure !== undefined && { error: { code: 'ERR_PROXY_UPSTREAM', upstream: upstreamFailure } }),
  }
}
