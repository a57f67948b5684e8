import { isSecretName } from '../core/is-secret-name.js'
import type { Scrub } from './with-server-text.js'

/**
 * A short, safe rendering of a value for a report: strings quoted and cut,
 * objects and arrays summarised (their members may be secrets), and the value
 * of a field whose name looks secret (password, token, key...) never shown,
 * whatever its type. `pointer` is where the value is (a JSON Pointer, or
 * "/<header name>"); a string shown goes through `scrub` first, as it is the
 * server's free text (with-server-text.ts).
 *
 * @example describeValue('1573875899', '/access_token/expires') // '"1573875899" (string)'
 * @example describeValue('abc', '/access_token/token') // '[redacted] (string)'
 */
export function describeValue(value: unknown, pointer = '', scrub: Scrub = (text) => text): string {
  if (value === undefined) return 'absent'
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  const last = (pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~')
  if (isSecretName(last) && value !== null) return `[redacted] (${type})`
  if (type === 'array') return `an array of ${(value as unknown[]).length}`
  if (type === 'object') {
    const keys = Object.keys(value as object)
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}`
  }
  if (type === 'string') {
    // Scrubbed before it is cut, so a cut cannot leave half a secret the scrub would not recognise.
    const text = scrub(value as string)
    return `${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} (string)`
  }
  return `${String(value)} (${type})`
}

/** The value at a JSON Pointer (RFC 6901), or undefined. */
export function readPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document
  let node = document
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
