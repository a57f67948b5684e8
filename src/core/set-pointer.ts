import type { Json } from './types.js'

// Pointers come from the specs, so there are few: each is split once and kept.
const parsed = new Map<string, string[]>()

function keysOf(pointer: string): string[] {
  let keys = parsed.get(pointer)
  if (!keys) {
    keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    parsed.set(pointer, keys)
  }
  return keys
}

/**
 * Returns a copy of `target` with `value` at a JSON Pointer (RFC 6901),
 * creating objects on the way. Only the containers along the pointer are
 * copied: the rest is shared with `target`, which may be frozen (a spec
 * example) and is never changed. The pointer "" replaces the whole document.
 *
 * `owned` lists containers already copied for this document: several pointers
 * into one answer copy each container once, not once per pointer (the copies
 * made are added to it).
 *
 * @example setPointer({ a: { b: 1 } }, '/a/b', 2) // { a: { b: 2 } }
 */
export function setPointer(target: Json, pointer: string, value: Json, owned: object[] = []): Json {
  if (pointer === '') return value
  const keys = keysOf(pointer)
  const root = ownCopy(target, owned)
  let node = root
  const last = keys.length - 1
  for (let i = 0; i < last; i++) {
    const key = keys[i] as string
    const child = ownCopy(Object.hasOwn(node, key) ? (node as Record<string, Json>)[key] as Json : null, owned)
    ;(node as Record<string, Json>)[key] = child
    node = child
  }
  ;(node as Record<string, Json>)[keys[last] as string] = value
  return root
}

/** `node` itself when this document already owns it, else a shallow copy (or a new object in place of a non-container). */
function ownCopy(node: Json, owned: object[]): Record<string, Json> | Json[] {
  if (node !== null && typeof node === 'object' && owned.includes(node)) return node
  const copy = Array.isArray(node) ? [...node] : node !== null && typeof node === 'object' ? { ...node } : {}
  owned.push(copy)
  return copy
}
