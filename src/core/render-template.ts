/**
 * Templates are how a spec's x-authmock says which parts of a response are live
 * (docs/spec-extensions.md). `"{path}"` alone keeps the value's type; anything
 * else interpolates strings; `{path|fallback}` covers missing or empty values.
 */

const WHOLE = /^\{([\w.-]+)(?:\|([^}]*))?\}$/
const SLOT = /\{([\w.-]+)(?:\|([^}]*))?\}/g

/** Reads a dotted path through own properties only (a body's `__proto__` key leads nowhere). */
export function readPath(context: unknown, path: string): unknown {
  let value: unknown = context
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === ''
}

/**
 * @example renderTemplate('{account.email}', { account: { email: 'a@b.c' } }) // 'a@b.c'
 * @example renderTemplate('{query.next|/}', { query: {} }) // '/'
 */
export function renderTemplate(template: string, context: unknown): unknown {
  const whole = WHOLE.exec(template)
  if (whole) {
    const value = readPath(context, whole[1] as string)
    return isEmpty(value) && whole[2] !== undefined ? whole[2] : value
  }
  if (!template.includes('{')) return template
  return template.replace(SLOT, (_, path: string, fallback: string | undefined) => {
    const value = readPath(context, path)
    if (isEmpty(value)) return fallback ?? ''
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  })
}

/** True when a template reads the context at all (so its result cannot be precomputed). */
export function isLiteral(template: string): boolean {
  return !template.includes('{')
}
