import type { Json } from './types.js'

/**
 * Sets `value` at a JSON Pointer (RFC 6901) inside `target`, creating objects on
 * the way. The pointer "" replaces the whole document, so the new root is returned.
 *
 * @example setPointer({ a: { b: 1 } }, '/a/b', 2) // { a: { b: 2 } }
 */
export function setPointer(target: Json, pointer: string, value: Json): Json {
  if (pointer === '') return value
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  const root: Json = target !== null && typeof target === 'object' ? target : {}
  let node = root as Record<string, Json>
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string
    const child = Object.hasOwn(node, key) ? node[key] : undefined
    if (child === null || typeof child !== 'object') node[key] = {}
    node = node[key] as Record<string, Json>
  }
  node[keys[keys.length - 1] as string] = value
  return root
}
