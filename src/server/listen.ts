import { AuthmockError } from '../core/errors.js'
import { resolveOptions } from '../core/resolve-options.js'
import type { FastifyInstance } from 'fastify'
import { Server as TlsServer } from 'node:tls'

export interface ListenOptions {
  /** Default 127.0.0.1 (the option table's): a mock should not be reachable from the network unless asked. */
  host?: string
  /** Default 4010 (the option table's; Prism's, so clients switching over keep their URL); 0 picks a free port. */
  port?: number
}

/**
 * Starts a built app and returns its base URL.
 *
 * @example const url = await listen(await buildApp(), { port: 0 }) // 'http://127.0.0.1:39517' ('https://...' for an app built with tls)
 */
export async function listen(app: FastifyInstance, given: ListenOptions = {}): Promise<string> {
  const { host, port } = resolveOptions('listen', given)
  try {
    await app.listen({ host, port })
  } catch (error) {
    // A name that does not resolve, or an address this machine does not have: a sentence, not a stack.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EAI_NONAME') {
      throw new AuthmockError('ERR_HOST_UNRESOLVED', { host: JSON.stringify(host), detail: code })
    }
    throw error
  }
  const address = app.server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  const shown = host.includes(':') ? `[${host}]` : host
  // An app built with `tls` serves https (https.Server is a tls.Server).
  return `${app.server instanceof TlsServer ? 'https' : 'http'}://${shown}:${bound}`
}
