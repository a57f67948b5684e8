import type { Json } from '../core/types.js'
import type { Operation } from '../model/spec-model.js'
import { readPointer } from './describe-value.js'

const FIELD = /^\{(body|query)\.([\w-]+)\}$/

/** Body and query fields of a request the checker builds. */
export interface RequestFields {
  body?: Record<string, string> | undefined
  query: Record<string, string>
}

/**
 * Builds a request from x-authmock templates that say where a value is read:
 * `match: {email: "{body.email}"}` means the account's email goes in the
 * body's `email`; `from: "{body.refresh_token}"` that the refresh token goes in
 * `refresh_token`. Returns the template names it could not place.
 *
 * @example fillTemplates([['email', '{body.email}']], { email: 'a@b.c' }) // { ok: true, fields: { body: { email: 'a@b.c' }, query: {} } }
 */
export function fillTemplates(pairs: Array<[field: string, template: string]>, values: Record<string, string | undefined>):
  { ok: true; fields: RequestFields } | { ok: false; missing: string[] } {
  const fields: RequestFields = { query: {} }
  const missing: string[] = []
  for (const [field, template] of pairs) {
    const place = FIELD.exec(template)
    const value = values[field]
    if (!place || value === undefined) {
      missing.push(field)
      continue
    }
    if (place[1] === 'body') (fields.body ??= {})[place[2] as string] = value
    else fields.query[place[2] as string] = value
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, fields }
}

/**
 * The operation's path with its parameters filled, when a value can be found:
 * the field `data.key` matches the parameter on, read from the documented
 * success example, else from the first fixture item. Otherwise a reason to skip.
 *
 * @example fillPath(getStockLocation) // { ok: true, path: '/api/v1/stock-locations/1/' }
 */
export function fillPath(operation: Operation, options: { checkQuery?: boolean } = {}): { ok: true; path: string } | { ok: false; reason: string } {
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string)
  const values: Record<string, string> = {}
  for (const name of names) {
    const field = operation.data?.key?.find(([, template]) => template === `{params.${name}}`)?.[0]
    const value: Json | unknown = field === undefined
      ? undefined
      : readPointer(operation.respond.body, `/${field}`) ?? operation.data?.items[0]?.[field]
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { ok: false, reason: `no documented value for the path parameter {${name}} (the checker takes it from the success example's key field)` }
    }
    values[name] = String(value)
  }
  // Generated cases bring their own query (checkQuery: false); the fixed ones have none to bring.
  if (options.checkQuery !== false && operation.validateParams && !operation.validateParams({ ...values })) {
    return { ok: false, reason: 'it needs query parameters the spec gives no value for' }
  }
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] as string))
  return { ok: true, path }
}
