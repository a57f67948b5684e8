import { compileBodyWriter } from './compile-body-writer.js'
import { AuthmockError } from '../core/errors.js'
import type { Json } from '../core/types.js'
import type { DocumentedResponse, Recipe } from './spec-model.js'
import type { RecipeDeclaration } from './x-authmock-schema.js'

export interface RecipeContext {
  operationId: string
  /** JSON pointer of the declaration, for error messages. */
  at: string
  responses: DocumentedResponse[]
  /** "api:example" -> status, from configuration (e.g. Unicommerce INVALID_CREDENTIALS as 401). */
  statusOverride?: number | undefined
  /** Documented cookie name -> deployed name. */
  cookieNames?: Record<string, string> | undefined
}

/**
 * Resolves a declared recipe against the operation's documented responses, once
 * at load: finds the example (and so the status), freezes its body, and
 * serialises it when nothing in it is live.
 *
 * @example compileRecipe({ example: 'success' }, { operationId: 'login', at: '#/x', responses })
 */
export function compileRecipe(declaration: RecipeDeclaration, context: RecipeContext): Recipe {
  const { example = '', fill } = declaration
  const status = context.statusOverride ?? declaration.status
  const response = context.responses.find((r) =>
    (status === undefined || r.status === status) && (example === '' ? r.examples.size === 0 : r.examples.has(example)))
  if (!response) {
    throw new AuthmockError('ERR_SPEC_NO_EXAMPLE', {
      operationId: context.operationId,
      example: example || '(bodiless)',
      status: status === undefined ? '' : ` under status ${status}`,
      at: context.at,
    })
  }
  const body = example === '' ? undefined : deepFreeze(response.examples.get(example) as Json)
  const set = Object.entries(declaration.set ?? {})
  return {
    example,
    status: response.status,
    contentType: body === undefined ? undefined : response.contentType,
    body,
    fixedBody: body !== undefined && fill === undefined && set.length === 0 ? JSON.stringify(body) : undefined,
    writeBody: body !== undefined && (fill !== undefined || set.length > 0) ? compileBodyWriter(body, fill, set) : undefined,
    fill,
    set,
    headers: Object.entries(declaration.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    cookies: Object.entries(declaration.cookies ?? {}).map(([name, cookie]) => ({ name: context.cookieNames?.[name] ?? name, ...cookie })),
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
