import { AuthmockError } from '../core/errors.js'

/**
 * Replaces every local `$ref` ("#/components/...") with the object it points
 * to, so the model and ajv see plain schemas. Shared targets stay shared (no
 * copies). A recursive $ref is refused: ajv cannot compile a cyclic plain
 * object, and none of the documented auth payloads is recursive.
 *
 * @example dereference({ a: { $ref: '#/b' }, b: { type: 'string' } }).a // { type: 'string' }
 */
export function dereference<T>(document: T): T {
  const root = document as unknown
  const done = new Map<unknown, unknown>()

  function lookup(ref: string, at: string): unknown {
    if (!ref.startsWith('#/')) throw new AuthmockError('ERR_SPEC_REF', { ref, at })
    let node: unknown = root
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
        throw new AuthmockError('ERR_SPEC_REF', { ref, at })
      }
      node = (node as Record<string, unknown>)[key]
    }
    return node
  }

  function walk(node: unknown, at: string, seen: Set<string>): unknown {
    if (node === null || typeof node !== 'object') return node
    if (done.has(node)) return done.get(node)
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string') {
      if (seen.has(ref)) throw new AuthmockError('ERR_SPEC_REF', { ref: `${ref} (cycle)`, at })
      const target = walk(lookup(ref, at), ref, new Set(seen).add(ref))
      done.set(node, target)
      return target
    }
    const out: Record<string, unknown> | unknown[] = Array.isArray(node) ? [] : {}
    done.set(node, out)
    for (const [key, value] of Object.entries(node)) {
      ;(out as Record<string, unknown>)[key] = walk(value, `${at}/${key}`, seen)
    }
    return out
  }

  return walk(root, '#', new Set()) as T
}
