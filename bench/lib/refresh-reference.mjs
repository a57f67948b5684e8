// @ts-check
// The plain-Fastify reference serves routes generated from the specs of the
// build measured (bench/reference/generate-routes.mjs): the same routes and
// documented JSON as the authmock it is compared with.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateRoutes } from '../reference/generate-routes.mjs'

/**
 * The reference's routes from the specs measured: bench/reference/routes.json (rewritten when it drifted), or the cache's for --ref.
 * @param {{ root: string, cache: string, ref?: string, specRoot: string, log: (line: string) => void }} options
 *   specRoot: the measured build's root (holds its spec/)
 * @returns {string} the routes file
 */
export function refreshReference({ root, cache, ref, specRoot, log }) {
  const file = ref ? join(cache, 'ref-routes.json') : join(root, 'bench', 'reference', 'routes.json')
  const text = `${JSON.stringify(generateRoutes(specRoot), null, 2)}\n`
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    writeFileSync(file, text)
    if (!ref) log('bench/reference/routes.json regenerated from spec/ (it had drifted)')
  }
  return file
}
