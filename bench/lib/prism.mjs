// @ts-check
// Stoplight Prism, installed on demand into bench/.cache/prism (gitignored; not
// a project dependency). 5.14 is the last line that runs on Node 20.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from './proc.mjs'

export const PRISM_SPEC = '@stoplight/prism-cli@5.14'

/**
 * Resolves { bin, version } when Prism is (or gets) installed, else { na: reason }.
 * Never throws: the bench reports "n/a: <reason>" and carries on.
 * @param {string} cacheDir
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ bin: string, version: string, installMs: number, na?: undefined } | { na: string, bin?: undefined, version?: undefined, installMs?: undefined }>}
 */
export async function ensurePrism(cacheDir, { install = true, log = () => {} } = {}) {
  const prefix = join(cacheDir, 'prism')
  const pkgFile = join(prefix, 'node_modules', '@stoplight', 'prism-cli', 'package.json')
  const bin = join(prefix, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js')
  const installed = () => {
    if (!existsSync(pkgFile) || !existsSync(bin)) return undefined
    const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'))
    return version.startsWith('5.14.') ? version : undefined
  }
  let version = installed()
  if (version) return { bin, version, installMs: 0 }
  if (!install) return { na: 'not installed (--no-prism-install)' }
  log(`installing ${PRISM_SPEC} into ${prefix} ...`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = await runCommand(npm, ['install', '--prefix', prefix, PRISM_SPEC, '--no-audit', '--no-fund', '--loglevel=error'], { timeoutMs: 300_000 })
  version = installed()
  if (result.code !== 0 || !version) {
    const why = (result.stderr || result.stdout).trim().split('\n').filter(Boolean).slice(-1)[0] ?? `npm exited ${result.code}`
    return { na: `install failed: ${why.slice(0, 120)}` }
  }
  log(`installed Prism ${version} in ${(result.ms / 1000).toFixed(1)} s`)
  return { bin, version, installMs: result.ms }
}
