import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A digest of the spec and fixture files, so the server can tell whether the
 * data bundled at build time (src/generated/) still matches what is on disk.
 *
 * @example sourceDigest('spec', 'fixtures') // 'sha256 hex'
 */
export function sourceDigest(specDir: string, fixturesDir: string): string {
  const hash = createHash('sha256')
  for (const [dir, ending] of [[specDir, '.yaml'], [fixturesDir, '.json']] as const) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(ending)).sort()) {
      hash.update(`${file}\n`).update(readFileSync(join(dir, file))).update('\n')
    }
  }
  return hash.digest('hex')
}
