import { redactUrl } from '../core/redact.js'
import { DEFAULT_NAMESPACE, NAMESPACE_HEADER, NAMESPACE_PATTERN } from '../core/namespace-state.js'
import { operationsOf } from '../core/operations-of.js'
import type { StubResponse } from '../core/types.js'
import type { SpecModel } from '../model/spec-model.js'

/** What every JSON log line of an exchange carries, serve's and the proxy's alike; never a secret. */
export interface ExchangeLogFields {
  api?: string
  operationId?: string
  method: string
  /** Path and query, secret query values (password, token...) redacted as the journal redacts them. */
  path: string
  status: number
  durationMs: number
}

/** The fields of one request's JSON log line (`--log-format json`): what was asked, who answered, how; never a secret. */
export interface RequestLogFields extends ExchangeLogFields {
  /** A fault or delay the answer carried (a scenario, a switch or Prefer armed it). */
  fault?: string
  delayMs?: number
  /** The scenario, switch or Prefer that chose the answer, as the journal shows it. */
  shapedBy?: string
  namespace: string
}

/** The request as the log sees it: no headers, no body, no cookies (the secrets are there). */
export interface LoggedRequest {
  method: string
  url: string
  headers: Readonly<Record<string, string | string[] | undefined>>
}

/**
 * The fields of a request's log line. `answered` is the engine's answer when
 * an API route answered (undefined for the control API, health, docs). The
 * namespace is the header's when it is a valid name (the engine refuses any
 * other with 400), else the default's.
 *
 * @example requestLogFields(model, { method: 'POST', url: '/login?password=x', headers: {} }, 200, 1.27, answer)
 * // { api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: '/login?password=[redacted]', status: 200, durationMs: 1.3, namespace: 'default' }
 */
export function requestLogFields(model: SpecModel, request: LoggedRequest, status: number, elapsedMs: number, answered: StubResponse | undefined): RequestLogFields {
  const operationId = answered?.operationId
  const api = operationId === undefined ? undefined : operationsOf(model).get(operationId)?.api.name
  const given = request.headers[NAMESPACE_HEADER]
  return {
    ...(api !== undefined && { api }),
    ...(operationId !== undefined && { operationId }),
    method: request.method,
    path: redactUrl(request.url),
    status,
    durationMs: Math.round(elapsedMs * 10) / 10,
    ...(answered?.fault !== undefined && { fault: answered.fault }),
    ...(answered?.delayMs !== undefined && { delayMs: answered.delayMs }),
    ...(answered?.shapedBy !== undefined && { shapedBy: answered.shapedBy }),
    namespace: typeof given === 'string' && NAMESPACE_PATTERN.test(given) ? given : DEFAULT_NAMESPACE,
  }
}
