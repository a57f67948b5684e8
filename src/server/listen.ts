import type { FastifyInstance } from 'fastify'

export interface ListenOptions {
  /** Default 127.0.0.1: a mock should not be reachable from the network unless asked. */
  host?: string
  /** Default 4010 (Prism's, so clients switching over keep their URL); 0 picks a free port. */
  port?: number
}

/**
 * Starts a built app and returns its base URL.
 *
 * @example const url = await listen(await buildApp(), { port: 0 }) // 'http://127.0.0.1:39517'
 */
export async function listen(app: FastifyInstance, options: ListenOptions = {}): Promise<string> {
  const host = options.host ?? '127.0.0.1'
  await app.listen({ host, port: options.port ?? 4010 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const shown = host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}`
}
