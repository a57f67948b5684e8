import { appendFileSync, writeFileSync } from 'node:fs'
import { optionsFromConfig } from '../config/options-from-config.js'
import type { Config } from '../config/resolve-config.js'
import { AuthmockError } from '../core/errors.js'
import { parseHttpUrl } from './parse-http-url.js'
import { buildModel } from '../model/build-model.js'
import { loadSources } from '../spec/load-sources.js'
import { formatCaseLine, formatPretty, formatPrettySummary } from './format-pretty.js'
import { formatJunit } from './format-junit.js'
import { formatTap } from './format-tap.js'
import { formatJson } from './format-json.js'
import { formatGithub } from './format-github.js'
import { formatHtml } from './format-html.js'
import { resolveAccounts, type CredentialFlags } from './resolve-accounts.js'
import type { VerifyResult } from './types.js'
import { verifyServer } from './verify-server.js'
import { checkOptionsAgainstModel } from '../config/check-options-against-model.js'

export type Reporter = 'pretty' | 'tap' | 'junit' | 'json' | 'github' | 'html'

/** The flags of `authmock verify`, as parsed. */
export interface VerifyFlags extends CredentialFlags {
  baseUrl: string
  reporter?: Reporter | undefined
  output?: string | undefined
  timeoutMs?: number | undefined
  insecure?: boolean | undefined
  retries?: number | undefined
  only?: string[] | undefined
  generate?: number | undefined
  rate?: number | undefined
  maxRequests?: number | undefined
  minCoverage?: number | undefined
}

/** Where the command writes; a terminal gets the pretty report by default. */
export interface Output {
  write(text: string): void
  isTTY?: boolean | undefined
}

/**
 * `authmock verify`: loads the specs, checks the flags (usage problems throw
 * ERR_VERIFY_* errors, exit 2), runs the cases against the server with live
 * progress for `pretty`, and writes the report to stdout or --output. Returns
 * the exit code: 0 only when every case passed.
 *
 * @example const code = await runVerify({ baseUrl: 'http://127.0.0.1:4010', email: 'bart@mikasoftware.com', password: '123password' }, resolveConfig({ apis: ['nwapp'] }), process.stdout)
 */
export async function runVerify(flags: VerifyFlags, config: Config, out: Output, env: Record<string, string | undefined> = {}): Promise<number> {
  const base = parseHttpUrl('--base-url', flags.baseUrl)
  // The options that shape the model (APIs, folders, statuses, cookie names), as code takes them.
  const options = optionsFromConfig(config, 'verify')
  const model = buildModel(loadSources(options), options)
  checkOptionsAgainstModel(model, options)
  const accounts = resolveAccounts(model.apis, flags, env)
  const seed = (config as { seed?: number }).seed
  const operations = new Set(model.apis.flatMap((api) => api.operations.map((op) => op.operationId)))
  for (const operation of flags.only ?? []) {
    if (!operations.has(operation)) throw new AuthmockError('ERR_VERIFY_ONLY_UNKNOWN', { operation, apis: model.apis.map((a) => a.name).join(', ') })
  }

  const reporter = flags.reporter ?? (out.isTTY ? 'pretty' : 'tap')
  const color = out.isTTY === true && env.NO_COLOR === undefined && flags.output === undefined
  const title = `authmock verify ${model.apis.map((a) => a.name).join(', ')} against ${base.origin}${base.pathname.replace(/\/$/, '')}`
  const live = reporter === 'pretty' && flags.output === undefined
  let api: string | undefined
  if (live) out.write(`${title}\n`)
  const result: VerifyResult = await verifyServer({
    model,
    baseUrl: base.href,
    accounts,
    only: flags.only,
    timeoutMs: flags.timeoutMs,
    insecure: flags.insecure,
    retries: flags.retries,
    generate: flags.generate,
    seed,
    rate: flags.rate,
    maxRequests: flags.maxRequests,
    minCoverage: flags.minCoverage,
    onCase: live
      ? (c) => {
          if (c.api !== api) out.write(`${c.api}\n`)
          api = c.api
          out.write(`${formatCaseLine(c, { color })}\n`)
        }
      : undefined,
  })

  const github = reporter === 'github' ? formatGithub(result) : undefined
  // The job summary goes where GitHub Actions says ($GITHUB_STEP_SUMMARY), beside the log's ::error lines.
  if (github && env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, github.summary)
    } catch (error) {
      throw new AuthmockError('ERR_VERIFY_OUTPUT', { file: env.GITHUB_STEP_SUMMARY, detail: (error as Error).message })
    }
  }
  const report = live ? formatPrettySummary(result)
    : github ? github.log
      : reporter === 'pretty' ? formatPretty(result, { title })
        : reporter === 'tap' ? formatTap(result)
          : reporter === 'json' ? formatJson(result)
            : reporter === 'html' ? formatHtml(result) : formatJunit(result)
  if (flags.output === undefined) out.write(report)
  else {
    try {
      writeFileSync(flags.output, report)
    } catch (error) {
      throw new AuthmockError('ERR_VERIFY_OUTPUT', { file: flags.output, detail: (error as Error).message })
    }
    const count = (outcome: string): number => result.cases.filter((c) => c.outcome === outcome).length
    out.write(`authmock verify: ${reporter} report written to ${flags.output}\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`)
  }
  return result.ok ? 0 : 1
}
