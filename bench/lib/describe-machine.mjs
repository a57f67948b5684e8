// @ts-check
// The machine and the commit a run measured, for the report's header and results.json.
import { existsSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { runCommand } from './proc.mjs'

/**
 * Cores, Node, CPU model, date, load average and the commit measured.
 * @param {{ root: string, ref?: string }} options ref: the --ref commit, else the work tree's HEAD
 */
export async function describeMachine({ root, ref }) {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model
  const git = async (...args) => {
    const r = await runCommand('git', args, { cwd: root, timeoutMs: 30_000 })
    return r.code === 0 ? r.stdout.trim() : ''
  }
  const commit = (await git('rev-parse', '--short=12', ref ?? 'HEAD')) || 'unknown'
  // What was measured: a commit, or the work tree (with uncommitted changes to the served code, if any).
  const dirty = ref ? '' : await git('status', '--porcelain', '--', 'src', 'spec', 'fixtures', 'scripts', 'package.json')
  return {
    nproc: cpus().length, node: process.version, cpu: cpuModel, date: new Date().toISOString(),
    commit: dirty ? `${commit} + uncommitted changes` : commit,
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
  }
}
