import type { documentedResponses } from './documented-responses.js'

// The parts of a dereferenced OpenAPI 3.1 document the model reads.

/** The HTTP methods a Path Item may hold (OpenAPI 3.1, Path Item Object). */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

export interface ParameterShape { name: string; in: string; required?: boolean; schema?: object }

export interface OperationShape {
  operationId?: string
  security?: Array<Record<string, string[]>>
  parameters?: ParameterShape[]
  requestBody?: { content?: Record<string, { schema?: object }> }
  responses?: Parameters<typeof documentedResponses>[0]
  'x-authmock'?: unknown
}

export type PathItemShape = Partial<Record<(typeof METHODS)[number], OperationShape>> & { parameters?: ParameterShape[] }

export interface SecuritySchemeShape { type?: string; scheme?: string; in?: string; name?: string; 'x-authmock'?: unknown }

export interface DocumentShape {
  info?: { title?: string }
  paths?: Record<string, PathItemShape>
  security?: Array<Record<string, string[]>>
  components?: { securitySchemes?: Record<string, SecuritySchemeShape> }
  'x-authmock'?: unknown
}

/** A JSON pointer (RFC 6901) from its unescaped parts, for error messages: "#/paths/~1login/post". */
export const pointer = (...parts: string[]): string => '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
