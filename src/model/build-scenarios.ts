import { AuthmockError } from '../core/errors.js'
import type { SetCookie } from '../core/types.js'
import { compileRecipe } from './compile-recipe.js'
import { pointer } from './document-shape.js'
import type { BuildOptions } from './assemble-model.js'
import type { CookieRecipe, Operation, Recipe, Scenario } from './spec-model.js'
import type { RootDeclaration } from './x-authmock-schema.js'

/**
 * The QA switches (x-authmock.scenarios), each recipe resolved against the
 * operation it names. Scenarios answer like the documented response they name,
 * headers included (a throttled 429 keeps its Retry-After), unless the recipe
 * sets a header itself.
 *
 * @example buildScenarios({ throttled: { operations: { akinonLogin: { example: 'throttled' } } } }, operations, {})
 */
export function buildScenarios(declared: NonNullable<RootDeclaration['scenarios']>, operations: Operation[], options: BuildOptions): Scenario[] {
  return Object.entries(declared).map(([name, scenario]) => {
    const recipes = new Map<string, Recipe>()
    for (const [operationId, declaration] of Object.entries(scenario.operations)) {
      const at = pointer('x-authmock', 'scenarios', name, 'operations', operationId)
      const op = operations.find((o) => o.operationId === operationId)
      if (!op) throw new AuthmockError('ERR_SPEC_EXTENSION', { at, detail: `no operation "${operationId}" in this spec` })
      const recipe = compileRecipe(declaration, { operationId, at, responses: op.responses, cookieNames: options.cookieNames })
      const documented = op.responses.find((r) => r.status === recipe.status)
      const own = new Set(recipe.headers.map(([header]) => header))
      const ownCookies = new Set(recipe.cookies.map((c) => c.name))
      recipes.set(operationId, {
        ...recipe,
        headers: [...(documented?.headers ?? []).filter(([header]) => !own.has(header)), ...recipe.headers],
        // Documented Set-Cookie examples too, as literal cookies (the recipe's own of the same name win).
        cookies: [...(documented?.cookies ?? []).filter((c) => !ownCookies.has(c.name)).map(literalCookie), ...recipe.cookies],
      })
    }
    return { name, description: scenario.description ?? '', operations: recipes }
  })
}

/** A documented cookie as a recipe cookie; a cookie deleted by Max-Age=0 is a `clear`. */
function literalCookie(cookie: SetCookie): CookieRecipe {
  const { maxAge, ...rest } = cookie
  return maxAge === 0 ? { ...rest, clear: true } : { ...rest, ...(maxAge !== undefined && { maxAge }) }
}
