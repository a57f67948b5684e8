// @ts-check
// `authmock verify` against a local authmock serving all four APIs: wall time
// of the whole command, Node's start included, with the fixture accounts as
// its credentials.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand, stopServer } from './proc.mjs'
import { median } from './stats.mjs'

/**
 * Runs the section: { command, ms (median), exitCode, runs }, or { na } when the build has no verify.
 * @param {{
 *   root: string, cache: string, node: string, bin: string, routesFile: string,
 *   start: import('./create-servers.mjs').Start, verifyRuns: number, log(line: string): void,
 * }} bench bin: the measured build's authmock
 */
export async function runVerify({ root, cache, node, bin, routesFile, start, verifyRuns, log }) {
  const help = await runCommand(node, [bin, 'verify', '--help'], { cwd: root, timeoutMs: 30_000 })
  const text = `${help.stdout}\n${help.stderr}`
  if (help.code !== 0 || !/\bverify\b/.test(text)) return { na: 'not built yet (authmock verify --help)' }
  // The target is a flag or a positional, whichever the usage shows.
  const flag = ['--base-url', '--url', '--target', '--server'].find((f) => text.includes(f))
  const args = flag ? [bin, 'verify', flag] : [bin, 'verify']
  if (text.includes('--credentials')) {
    // One fixture account per API, keyed by API name, in the login's own field names.
    const accounts = {}
    for (const route of JSON.parse(readFileSync(routesFile, 'utf8'))) {
      if (!route.login || accounts[route.api]) continue
      const values = JSON.parse(route.login.accounts[0])
      accounts[route.api] = Object.fromEntries(route.login.bodyFields.map((field, i) => [field, values[i]]))
    }
    const file = join(cache, 'verify-credentials.json')
    writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`)
    args.push('--credentials', file)
  }
  const server = await start('authmock')
  args.splice(flag ? 3 : 2, 0, server.url)
  const runs = []
  for (let i = 0; i < verifyRuns; i++) {
    const r = await runCommand(node, args, { cwd: root, timeoutMs: 120_000 })
    runs.push({ ms: r.ms, code: r.code, last: (r.stdout || r.stderr).trim().split('\n').slice(-1)[0]?.slice(0, 160) })
  }
  await stopServer(server)
  const out = { command: `authmock verify ${flag ? `${flag} ` : ''}<url>${args.includes('--credentials') ? ' --credentials <fixtures>' : ''}`, ms: median(runs.map((r) => r.ms)) ?? NaN, exitCode: runs[0]?.code, runs }
  log(`verify: ${out.ms.toFixed(0)} ms, exit ${out.exitCode}: ${runs[0]?.last}`)
  return out
}
