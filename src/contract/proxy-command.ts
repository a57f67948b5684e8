import type { FastifyInstance } from 'fastify'
import { optionsFromConfig } from '../config/options-from-config.js'
import type { Config } from '../config/resolve-config.js'
import { parseHttpUrl } from './parse-http-url.js'
import { checkOptionsAgainstModel } from '../config/check-options-against-model.js'
import { buildModel } from '../model/build-model.js'
import { listen } from '../server/listen.js'
import { logListening } from '../server/json-log-options.js'
import { loadTls } from '../server/load-tls.js'
import { loadSources } from '../spec/load-sources.js'
import { createProxy } from './create-proxy.js'
import type { Output } from './verify-command.js'

/** The flags of `authmock proxy`, as parsed (port, host and APIs are in the config). */
export interface ProxyFlags {
  target: string
  timeoutMs?: number | undefined
  insecure?: boolean | undefined
  retries?: number | undefined
}

/**
 * `authmock proxy`: starts the validating proxy in front of --target and
 * prints where it listens: a text banner, or with `--log-format json` a pino
 * `listening` line (then one line per exchange, create-proxy.ts). With
 * `--https` or `--cert --key` it listens on https, with the certificate serve
 * would use (loadTls: the same cache, the same CA to trust). Returns the
 * listening app (closed by the caller on a signal) and its URL.
 *
 * @example await runProxy({ target: 'https://staging.example.com' }, resolveConfig({ port: 4010 }), process.stdout)
 */
export async function runProxy(flags: ProxyFlags, config: Config, out: Output): Promise<{ app: FastifyInstance; url: string }> {
  const started = performance.now()
  const json = config.logFormat === 'json'
  const target = parseHttpUrl('--target', flags.target)
  // Read and checked, or made, before the model loads: a bad --key stops the start at once, as for serve.
  const tls = await loadTls(config)
  // The options that shape the model (APIs, folders, statuses, cookie names), as code takes them.
  const options = optionsFromConfig(config, 'proxy')
  const model = buildModel(loadSources(options), options)
  checkOptionsAgainstModel(model, options)
  const app = await createProxy({
    model,
    target: target.href,
    timeoutMs: flags.timeoutMs,
    insecure: flags.insecure,
    retries: flags.retries,
    // JSON lines need the logger even with --quiet (the listening line is one); --quiet then keeps the level above request lines.
    log: config.log || json ? (line) => out.write(`${line}\n`) : undefined,
    logFormat: json ? 'json' : 'pretty',
    remoteControl: config.remoteControl,
    controlToken: config.controlToken,
    insecureRemoteControl: config.insecureRemoteControl,
    host: config.host,
    allowedHosts: config.allowedHosts,
    ...(tls && { tls: { key: tls.key, cert: tls.cert } }),
  })
  // Fastify's own "Server listening at" line is left out: the listening line below says it, with the rest.
  if (json) app.log.level = 'warn'
  const url = await listen(app, { host: config.host, port: config.port })
  // Where it forwards, as the banner shows it: the origin carries no user:password, and the query is not forwarded.
  const forwardsTo = `${target.origin}${target.pathname.replace(/\/$/, '')}`
  if (json) {
    logListening(app, {
      url,
      target: forwardsTo,
      readyMs: Math.round(performance.now() - started),
      apis: model.apis.map((api) => ({ name: api.name, title: api.title, operations: api.operations.map((op) => op.operationId) })),
      violations: `${url}/__mock/violations`,
      ...(tls && { tls: tls.banner }),
      ...(config.controlToken && { controlNeedsToken: true }),
    }, config.log)
    return { app, url }
  }
  out.write(
    `authmock proxy on ${url} -> ${forwardsTo}, checking ${model.apis.map((a) => a.name).join(', ')}\n` +
    (tls ? `${tls.banner}\n` : '') +
    `Answers carry x-authmock-violations; the violations so far: ${url}/__mock/violations. Ctrl-C stops.\n`,
  )
  return { app, url }
}
