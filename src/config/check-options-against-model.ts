import { AuthmockError } from '../core/errors.js'
import type { Recipe, SpecModel } from '../model/spec-model.js'

export interface ModelBoundOptions {
  /** "api.kind", "api" or "*" -> lifetime (the engine's table). */
  tokenTtlMs?: Record<string, number | null> | undefined
  /** "api:example" -> status. */
  statusOverrides?: Record<string, number> | undefined
  /** documented cookie name -> deployed name. */
  cookieNames?: Record<string, string> | undefined
}

/**
 * Options that name things in the specs (an API, a credential kind, an
 * example, a cookie) are checked against the loaded model, so a typo such as
 * `--token-ttl nwap=1m` stops the start with what exists instead of being
 * silently ignored. The model is built with the renames and overrides
 * applied, which is why a rename is checked by looking for its deployed name.
 *
 * @example checkOptionsAgainstModel(model, { tokenTtlMs: { 'nwapp.access': 60_000 } })
 */
export function checkOptionsAgainstModel(model: SpecModel, options: ModelBoundOptions): void {
  const problems: string[] = []
  const apis = new Map(model.apis.map((api) => [api.name, api]))
  const apiList = [...apis.keys()].join(', ')

  for (const key of Object.keys(options.tokenTtlMs ?? {})) {
    if (key === '*') continue
    const [name = '', kind] = key.split('.')
    const api = apis.get(name)
    if (!api) problems.push(`--token-ttl ${key}: no API "${name}" is served (served: ${apiList})`)
    else if (kind !== undefined && !Object.hasOwn(api.credentials, kind)) {
      problems.push(`--token-ttl ${key}: ${name} issues no credential kind "${kind}" (kinds: ${Object.keys(api.credentials).join(', ')})`)
    }
  }

  for (const key of Object.keys(options.statusOverrides ?? {})) {
    const [name = '', example = ''] = key.split(':')
    const api = apis.get(name)
    if (!api) {
      problems.push(`--status ${key}: no API "${name}" is served (served: ${apiList})`)
      continue
    }
    const examples = new Set(api.operations.flatMap((op) => op.responses.flatMap((r) => [...r.examples.keys()])))
    if (!examples.has(example)) problems.push(`--status ${key}: ${name} documents no example "${example}" (examples: ${[...examples].sort().join(', ')})`)
  }

  const renames = Object.entries(options.cookieNames ?? {})
  if (renames.length > 0) {
    // The model holds the deployed names: a rename of a cookie no spec documents leaves its new name absent.
    const present = cookieNamesOf(model)
    const renamedTo = new Map(renames.map(([documented, deployed]) => [deployed, documented]))
    const documented = [...new Set([...present].map((name) => renamedTo.get(name) ?? name))].sort()
    for (const [from, to] of renames) {
      if (!present.has(to)) problems.push(`--cookie-name ${from}=${to}: no served API documents a cookie "${from}" (cookies: ${documented.join(', ')})`)
    }
  }

  if (problems.length > 0) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: problems.join('; ') })
}

/** Every cookie name the model reads (security schemes) or sets (recipes). */
function cookieNamesOf(model: SpecModel): Set<string> {
  const names = new Set<string>()
  const fromRecipe = (recipe: Recipe | undefined): void => {
    for (const cookie of recipe?.cookies ?? []) names.add(cookie.name)
  }
  for (const api of model.apis) {
    for (const scenario of api.scenarios) for (const recipe of scenario.operations.values()) fromRecipe(recipe)
    for (const op of api.operations) {
      for (const recipe of [op.respond, op.rejected, op.notFound, op.validationError, op.parseError]) fromRecipe(recipe)
      for (const requirement of op.security) {
        for (const use of requirement) {
          if (use.scheme.in === 'cookie') names.add(use.scheme.param)
          if (use.scheme.csrfCookie) names.add(use.scheme.csrfCookie)
          for (const recipe of Object.values(use.failures)) fromRecipe(recipe)
        }
      }
    }
  }
  return names
}
