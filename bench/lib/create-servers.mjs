// @ts-check
// The servers the bench measures, by name: how to spawn each on a port, and its
// kind (the scenarios build their requests, and notes, per kind of server).
import { join } from 'node:path'
import { freePort, startServer } from './proc.mjs'

/**
 * The server table and `start(name, extra)`, which spawns one on a free port and waits for its first 200.
 * @param {{
 *   root: string, node: string,
 *   authmock: import('./prepare.mjs').Build, compared: Array<import('./prepare.mjs').Build & { name: string }>,
 *   routesFile: string, prism: { bin?: string },
 * }} options
 */
export function createServers({ root, node, authmock, compared, routesFile, prism }) {
  const servers = {
    authmock: { kind: 'authmock', spawn: (port, extra = []) => ({ command: node, args: [authmock.bin, 'serve', '--quiet', '--port', String(port), ...extra] }) },
    'authmock --api nwapp': { kind: 'authmock', spawn: (port) => servers.authmock.spawn(port, ['--api', 'nwapp']) },
    // --compare builds are added as `compare N` below.
    reference: { kind: 'reference', spawn: (port) => ({ command: node, args: [join(root, 'bench', 'reference', 'server.mjs'), '--port', String(port), '--routes', routesFile] }) },
    // The floor of any Node server here: node:http answering {} to everything.
    'node:http': {
      kind: 'reference',
      spawn: (port) => ({ command: node, args: ['-e', `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{}')) }).listen(${port}, '127.0.0.1')`] }),
    },
    // -v fatal: Prism logs every request otherwise; authmock runs with --quiet.
    prism: { kind: 'prism', spawn: (port) => ({ command: node, args: [prism.bin, 'mock', join(authmock.root, 'spec', 'nwapp.yaml'), '-p', String(port), '-h', '127.0.0.1', '-v', 'fatal'] }) },
  }
  for (const build of compared) {
    servers[build.name] = { kind: 'authmock', spawn: (port, extra = []) => ({ command: node, args: [build.bin, 'serve', '--quiet', '--port', String(port), ...extra] }) }
  }

  async function start(name, extra) {
    const port = await freePort()
    const { command, args } = servers[name].spawn(port, extra)
    return startServer({ command, args, port, cwd: root })
  }

  return { servers, start }
}

/** @typedef {ReturnType<typeof createServers>['servers']} Servers */
/** @typedef {ReturnType<typeof createServers>['start']} Start */
