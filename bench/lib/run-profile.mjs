// @ts-check
// CPU profiles: where a request's time goes, in authmock and in the reference,
// summarised by bench/lib/cpuprofile.mjs.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { summarizeProfile } from './cpuprofile.mjs'
import { freePort, startServer, stopServer } from './proc.mjs'

/**
 * authmock and the reference under node --cpu-prof, login valid; self time per function and area.
 * @param {{
 *   root: string, cache: string, servers: import('./create-servers.mjs').Servers, load: import('./create-load-worker.mjs').Load,
 *   profileSeconds: number, log(line: string): void,
 * }} bench
 */
export async function runProfile({ root, cache, servers, load, profileSeconds, log }) {
  const out = {}
  for (const name of ['authmock', 'reference']) {
    const dir = join(cache, 'profile', name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const port = await freePort()
    const { command, args } = servers[name].spawn(port)
    const server = await startServer({ command, args: ['--cpu-prof', '--cpu-prof-dir', dir, ...args], port, cwd: root })
    log(`profile: ${name}, login valid for ${profileSeconds} s under node --cpu-prof ...`)
    const r = await load({ url: server.url, kind: servers[name].kind, scenario: 'login-valid', duration: profileSeconds, latency: false })
    await stopServer(server)
    const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    if (!file) { out[name] = { na: 'no .cpuprofile written' }; continue }
    const profile = JSON.parse(readFileSync(file, 'utf8'))
    out[name] = { file: file.slice(root.length + 1), rps: r.rps, requests: r.requests, ...summarizeProfile(profile, 25) }
    if (name === 'authmock') out['authmock start-up'] = { file: out[name].file, ...summarizeProfile(profile, 25, { phase: 'startup' }) }
  }
  return out
}
