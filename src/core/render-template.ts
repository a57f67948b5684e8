/**
 * Templates are how a spec's x-authmock says which parts of a response are live
 * (docs/spec-extensions.md). `"{path}"` alone keeps the value's type; anything
 * else interpolates strings; `{path|fallback}` covers missing or empty values.
 */

const WHOLE = /^\{([\w.-]+)(?:\|([^}]*))?\}$/
const SLOT = /\{([\w.-]+)(?:\|([^}]*))?\}/g

/** Reads a dotted path through own properties only (a body's `__proto__` key leads nowhere). */
export function readPath(context: unknown, path: string): unknown {
  return readKeys(context, path.split('.'))
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === ''
}

type Compiled = (context: unknown) => unknown

// Templates come from the specs, so there are few of them: each is parsed once and kept.
const compiled = new Map<string, Compiled>()

function compile(template: string): Compiled {
  const whole = WHOLE.exec(template)
  if (whole) {
    const path = (whole[1] as string).split('.')
    const fallback = whole[2]
    return (context) => {
      const value = readKeys(context, path)
      return isEmpty(value) && fallback !== undefined ? fallback : value
    }
  }
  if (!template.includes('{')) return () => template
  return (context) => template.replace(SLOT, (_, path: string, fallback: string | undefined) => {
    const value = readPath(context, path)
    if (isEmpty(value)) return fallback ?? ''
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  })
}

function readKeys(context: unknown, keys: string[]): unknown {
  let value: unknown = context
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/**
 * @example renderTemplate('{account.email}', { account: { email: 'a@b.c' } }) // 'a@b.c'
 * @example renderTemplate('{query.next|/}', { query: {} }) // '/'
 */
export function renderTemplate(template: string, context: unknown): unknown {
  let fn = compiled.get(template)
  if (!fn) {
    fn = compile(template)
    compiled.set(template, fn)
  }
  return fn(context)
}
