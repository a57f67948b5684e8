import { readdirSync, statSync } from 'node:fs'
import { AuthmockError } from '../core/errors.js'

/**
 * The spec and fixture folders exist, are folders, and the spec folder holds
 * at least one spec: checked before anything is read, so a typo in
 * `--spec-dir` is one sentence and exit 2, never a stack trace or a server
 * "serving 0 API(s)".
 *
 * @example checkSourceDirs('spec', 'fixtures')
 */
export function checkSourceDirs(specDir: string, fixturesDir: string): void {
  for (const [flag, dir] of [['--spec-dir', specDir], ['--fixtures-dir', fixturesDir]] as const) {
    let isDir = false
    try {
      isDir = statSync(dir).isDirectory()
    } catch {
      throw new AuthmockError('ERR_SOURCE_DIR', { flag, dir, detail: 'no such folder' })
    }
    if (!isDir) throw new AuthmockError('ERR_SOURCE_DIR', { flag, dir, detail: 'it is a file, not a folder' })
  }
  let specs: string[]
  try {
    specs = readdirSync(specDir).filter((f) => /\.ya?ml$/.test(f))
  } catch (error) {
    throw new AuthmockError('ERR_SOURCE_DIR', { flag: '--spec-dir', dir: specDir, detail: (error as NodeJS.ErrnoException).code ?? 'unreadable' })
  }
  if (specs.length === 0) throw new AuthmockError('ERR_SOURCE_DIR', { flag: '--spec-dir', dir: specDir, detail: 'it holds no <api>.yaml spec' })
}
