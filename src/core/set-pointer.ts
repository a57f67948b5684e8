import type { Json } from './types.js'

/**
 * Returns a copy of `target` with `value` at a JSON Pointer (RFC 6901),
 * creating objects on the way. Only the containers along the pointer are
 * copied: the rest is shared with `target`, which may be frozen (a spec
 * example) and is never changed. The pointer "" replaces the whole document.
 *
 * @example setPointer({ a: { b: 1 } }, '/a/b', 2) // { a: { b: 2 } }
 */
export function setPointer(target: Json, pointer: string, value: Json): Json {
  if (pointer === '') return value
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  return setKeys(target, keys, 0, value)
}

function setKeys(node: Json, keys: string[], index: number, value: Json): Json {
  const key = keys[index] as string
  const copy: Record<string, Json> | Json[] = Array.isArray(node) ? [...node] : node !== null && typeof node === 'object' ? { ...node } : {}
  const child = Object.hasOwn(copy, key) ? (copy as Record<string, Json>)[key] as Json : null
  ;(copy as Record<string, Json>)[key] = index === keys.length - 1 ? value : setKeys(child, keys, index + 1, value)
  return copy
}
