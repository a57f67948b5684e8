#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import { optionsFromConfig } from '../config/options-from-config.js'
import { resolveConfig, type Config } from '../config/resolve-config.js'
import { loadConfigFile } from '../config/load-config-file.js'
import { CONFIG_SCHEMA_REF } from '../config/config-file-schema.js'
import { writeStarterConfig } from '../config/write-starter-config.js'
import { buildApp } from '../server/build-app.js'
import { logListening } from '../server/json-log-options.js'
import { listen } from '../server/listen.js'
import { loadTls } from '../server/load-tls.js'
import { loadModel } from '../spec/load-model.js'
import { createEngine, type Engine } from '../core/create-engine.js'
import { checkOptionsAgainstModel } from '../config/check-options-against-model.js'
import { OPTION_DEFAULTS } from '../core/option-table.js'
import { pickOptions } from '../core/resolve-options.js'
import { PACKAGE_ROOT } from '../spec/package-root.js'
import type { SpecModel } from '../model/spec-model.js'
import { formatUsage } from './format-usage.js'
import { parseCli, UsageError } from './parse-cli.js'
import type { WatchConfigFileOptions } from './watch-config-file.js'

function describeOperations(model: SpecModel): string {
  const lines: string[] = []
  for (const api of model.apis) {
    lines.push(`  ${api.name}: ${api.title}`)
    for (const op of api.operations) {
      lines.push(`    ${op.method.padEnd(6)} ${op.path.padEnd(34)} ${op.operationId}${op.pending ? '  (pending)' : ''}`)
    }
  }
  return lines.join('\n')
}

function describeScenarios(model: SpecModel): string {
  const lines: string[] = []
  for (const api of model.apis) {
    lines.push(`  ${api.name}:`)
    for (const s of api.scenarios) {
      const answers = [...s.operations].map(([op, recipe]) => `${op} -> ${recipe.status}${recipe.example ? ` ${recipe.example}` : ''}`).join(', ')
      lines.push(`    ${s.name.padEnd(24)} ${s.description}`, `    ${''.padEnd(24)} ${answers}`)
    }
  }
  lines.push('', 'Turn one on: curl http://127.0.0.1:4010/__mock/scenarios --json \'{"operation":"nwappLogin","scenario":"invalid-credentials","times":1}\'')
  return lines.join('\n')
}

async function serve(config: Config, configFile?: Pick<WatchConfigFileOptions, 'path' | 'reread'>): Promise<void> {
  const started = performance.now()
  const options = optionsFromConfig(config, 'buildApp')
  const json = config.logFormat === 'json'
  // --store: the engine runs on the shared store, connected before the port opens (a store that does not answer stops the start).
  const shared = config.storeUrl ? await createSharedEngine(config, options) : undefined
  // Files read and checked, or the certificate made, before anything else starts: a bad --key stops the start at once.
  const tls = await loadTls(config)
  const app = await buildApp({
    ...options,
    ...(tls && { tls: { key: tls.key, cert: tls.cert } }),
    ...(shared && { engine: shared.engine }),
    // JSON lines need the logger even with --quiet (the banner is one); --quiet then keeps the level above request lines.
    log: config.log || json ? (line) => process.stdout.write(`${line}\n`) : undefined,
    logFormat: json ? 'json' : 'pretty',
  })
  if (shared) app.addHook('onClose', () => shared.close())
  // Fastify's own "Server listening at" line is left out: the listening line below says it, with the rest of the banner.
  if (json) app.log.level = 'warn'
  const url = await listen(app, { host: config.host, port: config.port })
  const model = app.authmock.model
  if (json) {
    logListening(app, {
      url,
      readyMs: Math.round(performance.now() - started),
      apis: model.apis.map((api) => ({ name: api.name, title: api.title, operations: api.operations.map((op) => op.operationId) })),
      ...(shared && { store: shared.shown, maxNamespaces: config.maxNamespaces }),
      ...(tls && { tls: tls.banner }),
      controlPage: `${url}/__mock/`,
      health: `${url}/__mock/health`,
      docs: `${url}/__mock/docs`,
      ...(config.controlToken && { controlNeedsToken: true }),
    }, config.log)
    if (config.insecureRemoteControl) app.log.warn('--insecure-remote-control: anyone who reaches this port can reset the mock and fail every login')
    const say = (line: string): void => app.log.info(line)
    const watchers = config.watch ? await startWatching(app.authmock, options, config, configFile, say) : []
    closeOnSignal(() => { for (const w of watchers) w.close(); return app.close() }, (line) => app.log.warn(line))
    return
  }
  process.stdout.write(
    `authmock serving ${model.apis.length} API(s) on ${url} (ready in ${Math.round(performance.now() - started)} ms)\n` +
    (shared ? `State: shared in ${shared.shown} (namespaces: x-authmock-namespace; at most ${config.maxNamespaces}).\n` : '') +
    (tls ? `${tls.banner}\n` : '') +
    `${describeOperations(model)}\n` +
    `Control page: ${url}/__mock/ (scenarios, clock, requests${config.controlToken ? '; needs the control token' : ''}). Health: ${url}/__mock/health. API reference: ${url}/__mock/docs. Ctrl-C stops.\n`,
  )
  if (config.insecureRemoteControl) process.stdout.write('authmock: warning: --insecure-remote-control: anyone who reaches this port can reset the mock and fail every login.\n')
  const watchers = config.watch ? await startWatching(app.authmock, options, config, configFile) : []
  // The watchers first: their open folders would keep the process alive after the server closed.
  closeOnSignal(() => { for (const w of watchers) w.close(); return app.close() })
}

/**
 * serve --watch: reloads the specs and fixtures from their folders on a
 * change (those --apis names, or every spec there, so a spec added is served),
 * and says what a saved config file would change at the next start; the
 * caller closes the watchers on shutdown, so Ctrl-C exits.
 */
async function startWatching(
  engine: Engine,
  options: ReturnType<typeof optionsFromConfig>,
  config: Config,
  configFile: Pick<WatchConfigFileOptions, 'path' | 'reread'> | undefined,
  say: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<Array<{ close(): void }>> {
  const [{ watchSpecs }, { watchConfigFile }] = await Promise.all([import('./watch-specs.js'), import('./watch-config-file.js')])
  const specDir = options.specDir ?? join(PACKAGE_ROOT, 'spec')
  const fixturesDir = options.fixturesDir ?? join(PACKAGE_ROOT, 'fixtures')
  const watchers = [watchSpecs(engine, {
    specDir,
    fixturesDir,
    load: async () => {
      const model = await loadModel({ ...options, specDir, fixturesDir })
      // What the start checked (a --token-ttl naming a credential kind the specs still declare), checked again.
      checkOptionsAgainstModel(model, options)
      return model
    },
    log: say,
  })]
  if (configFile) watchers.push(watchConfigFile({ ...configFile, running: config, log: say }))
  const which = options.apis ? options.apis.join(', ') : 'every spec there'
  say(`Watching ${specDir} and ${fixturesDir}: a change reloads ${which}; tokens, sessions, switches and the journal stay.${configFile ? ` A change to ${basename(configFile.path)} is checked, and applies at the next start.` : ''}`)
  return watchers
}

/** The engine of `serve --store`: the model, then the Redis state, then the engine on it. */
async function createSharedEngine(config: Config, options: ReturnType<typeof optionsFromConfig>) {
  if (config.seed !== undefined) {
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: '--seed with --store: replicas sharing a store would issue the same tokens; leave --seed out' })
  }
  const [{ createRedisState }, { describeStoreUrl }] = await Promise.all([import('../redis/create-redis-state.js'), import('../redis/connect-redis.js')])
  const model = await loadModel(options)
  const url = config.storeUrl as string
  const state = await createRedisState(model, {
    url,
    timeoutMs: config.storeTimeoutMs,
    maxNamespaces: config.maxNamespaces,
    maxCredentials: config.maxCredentials,
    maxAccounts: config.maxAccounts,
    journalSize: OPTION_DEFAULTS.journalSize,
  })
  const engine = createEngine(model, { ...pickOptions('createEngine', options), state })
  return { engine, shown: describeStoreUrl(url), close: () => state.close() }
}

async function main(argv: string[]): Promise<void> {
  const cli = parseCli(argv)
  if (cli.command === 'help') {
    process.stdout.write(formatUsage())
    return
  }
  if (cli.command === 'version') {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
    process.stdout.write(`${pkg.version}\n`)
    return
  }
  if (cli.command === 'init') {
    const path = writeStarterConfig(process.cwd(), cli.force)
    process.stdout.write(`authmock: wrote ${path}: a few settings at their defaults; every key, with its help, is in ${CONFIG_SCHEMA_REF} (editors complete and explain them). authmock serve, verify and proxy read it from this folder; flags override it.\n`)
    return
  }
  // Every command but init reads the config file: serve, apis and scenarios all its settings, verify and proxy the ones
  // they take (a key only serve takes, such as port for verify, is checked and then unused).
  const file = await loadConfigFile(cli.configFile, process.cwd())
  // Precedence: flags > environment > file > defaults. The control token and the store URL may come from the environment,
  // so they never show in a process list; the environment wins over the file because a committed file holds the project's
  // settings and the environment this machine's or this CI job's (a secret injected by CI replaces the file's unedited).
  const settle = (fileSettings: Partial<Config>): Config => {
    const token = cli.config.controlToken ?? (process.env.AUTHMOCK_CONTROL_TOKEN || undefined) ?? fileSettings.controlToken
    const store = cli.config.storeUrl ?? (process.env.AUTHMOCK_STORE || undefined) ?? fileSettings.storeUrl
    // A list given on the command line replaces the file's (--api unicommerce serves unicommerce alone), as any flag replaces a value.
    return resolveConfig({ ...fileSettings, ...cli.config, controlToken: token, storeUrl: store })
  }
  const config = settle(file?.settings ?? {})
  if (cli.command === 'verify') {
    // Loaded only when asked for: serve starts without the checker's modules.
    const { runVerify } = await import('../contract/verify-command.js')
    process.exitCode = await runVerify(cli.verify, config, process.stdout, process.env)
    return
  }
  if (cli.command === 'proxy') {
    const { runProxy } = await import('../contract/proxy-command.js')
    const { app } = await runProxy(cli.proxy, config, process.stdout)
    // In JSON mode the stop line is a log line too: every line of stdout parses.
    closeOnSignal(() => app.close(), config.logFormat === 'json' ? (line) => app.log.warn(line) : undefined)
    return
  }
  if (cli.command === 'apis' || cli.command === 'scenarios') {
    // The options that shape the model are the ones verify takes too: APIs, folders, statuses, cookie names.
    const model = await loadModel(optionsFromConfig(config, 'verify'))
    process.stdout.write(`${cli.command === 'apis' ? describeOperations(model) : describeScenarios(model)}\n`)
    return
  }
  // serve --watch reads the file again on a change, resolved as above (the file looked for again unless --config named it).
  await serve(config, file && { path: resolve(file.file), reread: async () => settle((await loadConfigFile(cli.configFile, process.cwd()))?.settings ?? {}) })
}

/** Errors that mean "the command line was wrong": exit 2, like a UsageError. */
const USAGE_CODES = new Set<string>([
  'ERR_CONFIG_INVALID', 'ERR_CONFIG_FILE', 'ERR_CONFIG_EXISTS', 'ERR_UNKNOWN_API', 'ERR_SOURCE_DIR', 'ERR_HOST_UNRESOLVED',
  'ERR_TLS_FILE', 'ERR_TLS_KEY_MISMATCH', 'ERR_VERIFY_NO_CREDENTIALS', 'ERR_VERIFY_CREDENTIALS_FILE', 'ERR_VERIFY_BASE_URL', 'ERR_VERIFY_ONLY_UNKNOWN', 'ERR_VERIFY_OUTPUT',
])

/** Longest a stop waits for close() before exiting anyway (ms): Ctrl-C must feel instant. */
const STOP_GRACE_MS = 800

/**
 * SIGINT / SIGTERM close a long-running command (serve, proxy) and exit
 * within a second: close() drops every connection (held faults, delayed
 * answers, stalled requests), and a timer exits even if something still hangs.
 */
function closeOnSignal(close: () => Promise<unknown>, say: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): void {
  let closing = false
  const stop = (signal: string): void => {
    if (closing) return
    closing = true
    say(`authmock: ${signal}, closing`)
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref()
    close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`authmock: ${error.message}\nRun "authmock --help" for usage.\n`)
    process.exit(2)
  }
  if (error instanceof AuthmockError) {
    process.stderr.write(`authmock: ${error.code}: ${error.message}\n`)
    process.exit(USAGE_CODES.has(error.code) ? 2 : 1)
  }
  const { code, message } = error as { code?: string; message?: string }
  if (code === 'EADDRINUSE') {
    process.stderr.write(`authmock: the port is already in use (${message}); pick another with --port, or --port 0 for a free one.\n`)
    process.exit(1)
  }
  process.stderr.write(`authmock: ${String((error as Error).stack ?? error)}\n`)
  process.exit(1)
})
