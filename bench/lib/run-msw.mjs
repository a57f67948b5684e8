// @ts-check
// The MSW adapter in Node: bench/lib/msw-bench.mjs in a process of its own,
// against the built dist/, its one JSON line read back.
import { join } from 'node:path'
import { runCommand } from './proc.mjs'

/**
 * Runs the section: msw-bench.mjs's result, or { na } when it printed none.
 * @param {{ root: string, node: string, distDir: string, routesFile: string, msw: { duration: number, rounds: number }, log(line: string): void }} bench
 */
export async function runMsw({ root, node, distDir, routesFile, msw, log }) {
  log('MSW in Node: setupServer + fetch ...')
  const r = await runCommand(node, [join(root, 'bench', 'lib', 'msw-bench.mjs'), JSON.stringify({ distDir, routes: routesFile, ...msw, concurrency: 10 })], { cwd: root, timeoutMs: 300_000 })
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '')
  } catch {
    return { na: `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? r.code}` }
  }
}
