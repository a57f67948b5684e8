import { LogController } from 'fastify'

/**
 * Fastify's logger options for `--log-format json` (serve and proxy): pino
 * lines handed to `log` one by one, without their newline. Fastify's own
 * per-request lines stay off: they would show the URL with its secret query
 * values; the caller writes one line per request itself, redacted. Without
 * `log`, or in pretty mode, no logger at all.
 *
 * @example Fastify({ ...jsonLogOptions(json ? (line) => process.stdout.write(`${line}\n`) : undefined) })
 */
export function jsonLogOptions(log: ((line: string) => void) | undefined) {
  if (log === undefined) return { logger: false } as const
  return {
    logger: { level: 'info', base: undefined, stream: { write: (line: string) => log(line.endsWith('\n') ? line.slice(0, -1) : line) } },
    logController: new LogController({ disableRequestLogging: true }),
  }
}

/**
 * The `listening` line of a JSON log, after `listen` (the caller set the
 * level to warn before it, so Fastify's own "Server listening at" line stays
 * out). Then the level is back to info for the request lines, or stays at
 * warn with --quiet (`requests` false): the listening line and warnings only.
 *
 * @example logListening(app, { url, apis }, config.log)
 */
export function logListening(app: { log: { level: string; info(fields: object, msg: string): void } }, fields: object, requests: boolean): void {
  app.log.level = 'info'
  app.log.info(fields, 'listening')
  if (!requests) app.log.level = 'warn'
}
