import type { Recipe } from '../model/spec-model.js'
import { encodeCookieValue, encodeHeaderValue } from './encode-header-value.js'
import { renderTemplate } from './render-template.js'
import { setPointer } from './set-pointer.js'
import type { Json, SetCookie, StubResponse } from './types.js'

/**
 * Makes a response from a recipe: a copy of the documented example with `fill`
 * and `set` applied, plus headers and cookies (docs/spec-extensions.md).
 * Bodies with nothing live were serialised at load and are sent as is; live
 * ones are written by the recipe's compiled writer when it has one, which
 * gives the same JSON as the general path here. Header and cookie values can
 * carry request input, so they are encoded (core/encode-header-value.ts): an
 * answer never fails to serialise, whatever the request held.
 *
 * @example renderRecipe(op.respond, { credentials: { token: { value: 'abc' } } }, 'login')
 */
export function renderRecipe(recipe: Recipe, context: object, operationId?: string): StubResponse {
  const headers: Record<string, string> = {}
  if (recipe.contentType) headers['content-type'] = recipe.contentType
  for (const [name, template] of recipe.headers) headers[name] = encodeHeaderValue(name, String(renderTemplate(template, context) ?? ''))
  return {
    status: recipe.status,
    headers,
    cookies: recipe.cookies.map((c) => renderCookie(c, context)),
    body: recipe.fixedBody ?? (recipe.body === undefined ? undefined : recipe.writeBody?.(context) ?? JSON.stringify(buildBody(recipe, context))),
    operationId,
  }
}

/** The example with `fill` and `set` applied; the example itself (frozen) is shared, never copied whole. */
function buildBody(recipe: Recipe, context: object): Json {
  let body = recipe.body as Json
  if (recipe.fill !== undefined && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const source = renderTemplate(recipe.fill, context)
    if (source !== null && typeof source === 'object') {
      const filled: Record<string, Json> = { ...body }
      for (const key of Object.keys(filled)) {
        if (Object.hasOwn(source, key)) filled[key] = (source as Record<string, Json>)[key] as Json
      }
      body = filled
    }
  }
  for (const [pointer, template] of recipe.set) {
    const value = renderTemplate(template, context)
    body = setPointer(body, pointer, value === undefined ? null : (value as Json))
  }
  return body
}

function renderCookie(cookie: Recipe['cookies'][number], context: object): SetCookie {
  const out: SetCookie = { name: cookie.name, value: '' }
  if (cookie.clear) out.maxAge = 0
  else {
    out.value = encodeCookieValue(String(renderTemplate(cookie.value ?? '', context) ?? ''))
    const maxAge = typeof cookie.maxAge === 'string' ? Number(renderTemplate(cookie.maxAge, context)) : cookie.maxAge
    if (maxAge !== undefined && Number.isFinite(maxAge)) out.maxAge = Math.floor(maxAge)
  }
  if (cookie.path) out.path = cookie.path
  if (cookie.httpOnly) out.httpOnly = true
  if (cookie.secure) out.secure = true
  if (cookie.sameSite) out.sameSite = cookie.sameSite
  return out
}
