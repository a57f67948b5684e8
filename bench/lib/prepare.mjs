// @ts-check
// The builds the bench measures: the work tree, a commit built apart (--ref,
// --compare <commit>) or another checkout built in place (--compare <dir>, e.g.
// a git worktree with a dependency main does not have). Each resolves
// { bin, distDir, root, label }: root holds the spec/ and fixtures/ served.
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { runCommand } from './proc.mjs'

/** @typedef {{ bin: string, distDir: string, root: string, label: string }} Build */

/** The last lines of a failed command's output, on one line. */
const why = (/** @type {{ stdout: string, stderr: string }} */ r) => (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')

/**
 * The work tree, built (npm run build) and its dist/ snapshotted into the cache,
 * so another build in the same checkout cannot change it mid-run.
 * @param {{ root: string, cache: string, build: boolean, log: (line: string) => void }} options
 * @returns {Promise<Build>}
 */
export async function prepareWorkTree({ root, cache, build, log }) {
  const dist = join(root, 'dist')
  if (build) {
    log('npm run build ...')
    const r = await runCommand('npm', ['run', 'build', '--silent'], { cwd: root, timeoutMs: 300_000 })
    if (r.code !== 0) {
      if (!existsSync(join(dist, 'src', 'cli', 'main.js'))) throw new Error(`npm run build failed: ${why(r)}`)
      log(`WARNING: npm run build failed (${why(r)}); measuring the existing dist/`)
    }
  }
  return snapshot(dist, join(cache, 'dist'), root, 'work tree')
}

/**
 * A commit's files (git archive) built in `into`, with the work tree's node_modules;
 * or, when `ref` is a directory, that checkout built and run where it is (with its own node_modules).
 * @param {{ root: string, ref: string, into: string, build: boolean, log: (line: string) => void }} options
 * @returns {Promise<Build>}
 */
export async function prepareRef({ root, ref, into, build, log }) {
  const dir = resolve(root, ref)
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    const head = await runCommand('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: dir, timeoutMs: 30_000 })
    const label = `${basename(dir)}@${head.stdout.trim() || '?'}`
    if (build) {
      log(`npm run build in ${dir} ...`)
      const r = await runCommand('npm', ['run', 'build', '--silent'], { cwd: dir, timeoutMs: 300_000 })
      if (r.code !== 0) throw new Error(`npm run build in ${dir} failed: ${why(r)}`)
    }
    // Run in place, not snapshotted: its dist/ must resolve packages from its own node_modules.
    return { bin: join(dir, 'dist', 'src', 'cli', 'main.js'), distDir: join(dir, 'dist'), root: dir, label }
  }
  rmSync(into, { recursive: true, force: true })
  mkdirSync(into, { recursive: true })
  log(`git archive ${ref} into ${into} and build ...`)
  const archive = await runCommand('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', ref, into], { cwd: root })
  if (archive.code !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.trim()}`)
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'), 'dir')
  const r = await runCommand('npm', ['run', 'build', '--silent'], { cwd: into, timeoutMs: 300_000 })
  if (r.code !== 0) throw new Error(`npm run build of ${ref} failed: ${why(r)}`)
  const sha = await runCommand('git', ['rev-parse', '--short=12', ref], { cwd: root, timeoutMs: 30_000 })
  const label = sha.stdout.trim() && sha.stdout.trim() !== ref && !sha.stdout.trim().startsWith(ref) ? `${ref}@${sha.stdout.trim()}` : ref
  return { bin: join(into, 'dist', 'src', 'cli', 'main.js'), distDir: join(into, 'dist'), root: into, label }
}

/**
 * @param {string} dist @param {string} to @param {string} root @param {string} label
 * @returns {Build}
 */
function snapshot(dist, to, root, label) {
  rmSync(to, { recursive: true, force: true })
  cpSync(dist, to, { recursive: true })
  return { bin: join(to, 'src', 'cli', 'main.js'), distDir: to, root, label }
}
