import type { FastifyReply } from 'fastify'
import { problemResponse, type ErrorCode } from '../core/errors.js'

/**
 * Sends a catalog error as `application/problem+json` from a Fastify route
 * the engine does not answer (control API, reference page): the same body
 * and code the engine's own problems carry.
 *
 * @example return sendProblem(reply, 404, 'ERR_DOCS_NOT_FOUND', { file, available })
 */
export function sendProblem(reply: FastifyReply, status: number, code: ErrorCode, params: Record<string, unknown>, extra: Record<string, unknown> = {}): FastifyReply {
  const response = problemResponse(status, code, params, extra)
  return reply.code(status).header('content-type', response.headers['content-type']).send(response.body)
}
