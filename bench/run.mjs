// @ts-check
// `npm run bench`: authmock against a plain-Fastify reference and Stoplight Prism,
// interleaved rounds, medians. Every server runs in its own process and the load
// (autocannon) in another. Progress goes to stderr, the report to stdout and to
// bench/results/latest.json (--quick: bench/results/latest-quick.json).
//
//   npm run bench                  full run (about 10 minutes)
//   npm run bench -- --quick       short run (about a minute), proves the harness works
//   options: --no-build (use dist/ as it is; a commit is always built)  --ref <commit|dir> (measure a commit, built apart,
//              or another checkout, not the work tree)  --rounds N (interleaved rounds per cell; full: 5)
//            --compare <commit|dir> (repeatable: other builds measured in the same rounds, ratios to the measured one;
//              matrix, rss and tokens only, without the reference and Prism; at least one round per build, so each leads once)
//            --no-prism  --profile-only  --only=matrix,startup,rss,tokens,redis,msw,verify,profile
//
// This file sets the run up and runs the sections in order; each section is a
// bench/lib/run-<section>.mjs (redis: bench/lib/redis.mjs), the options are read
// by bench/lib/parse-bench-args.mjs and the report printed by bench/lib/print-report.mjs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createLoadWorker } from './lib/create-load-worker.mjs'
import { createServers } from './lib/create-servers.mjs'
import { describeMachine } from './lib/describe-machine.mjs'
import { parseBenchArgs } from './lib/parse-bench-args.mjs'
import { prepareRef, prepareWorkTree } from './lib/prepare.mjs'
import { printReport } from './lib/print-report.mjs'
import { ensurePrism } from './lib/prism.mjs'
import { stopServer } from './lib/proc.mjs'
import { runRedis } from './lib/redis.mjs'
import { refreshReference } from './lib/refresh-reference.mjs'
import { runMatrix } from './lib/run-matrix.mjs'
import { runMsw } from './lib/run-msw.mjs'
import { runProfile } from './lib/run-profile.mjs'
import { runStartup } from './lib/run-startup.mjs'
import { runSustained } from './lib/run-sustained.mjs'
import { runTokens } from './lib/run-tokens.mjs'
import { runVerify } from './lib/run-verify.mjs'
import { SCENARIOS } from './lib/scenarios.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CACHE = join(ROOT, 'bench', '.cache')
const NODE = process.execPath

const { flags, compare: COMPARE, settings: SETTINGS, sections } = parseBenchArgs()

const t0 = performance.now()
const log = (line) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`)
const { load, stop: stopWorker } = createLoadWorker({ root: ROOT, connections: SETTINGS.connections })

/**
 * What is measured: the work tree (built, dist/ snapshotted), or --ref <commit>
 * built in the bench cache; and the --compare builds (bench/lib/prepare.mjs).
 */
async function prepareAuthmock() {
  const build = !flags['no-build']
  if (flags.ref) return prepareRef({ root: ROOT, ref: flags.ref, into: join(CACHE, 'ref'), build, log })
  return prepareWorkTree({ root: ROOT, cache: CACHE, build, log })
}

async function main() {
  const results = { settings: SETTINGS, machine: await describeMachine({ root: ROOT, ref: flags.ref }), sections: [...sections] }
  log(`mode ${SETTINGS.mode}; sections ${[...sections].join(', ')}; ${results.machine.nproc} cores, load ${results.machine.loadavg}`)
  const authmock = await prepareAuthmock()
  /** @type {Array<import('./lib/prepare.mjs').Build & { name: string }>} */
  const compared = []
  for (const [i, ref] of COMPARE.entries()) {
    const build = await prepareRef({ root: ROOT, ref, into: join(CACHE, `compare-${i + 1}`), build: !flags['no-build'], log })
    compared.push({ ...build, name: `compare ${i + 1}` })
  }
  if (compared.length) {
    results.compare = { base: authmock.label, builds: compared.map(({ name, label }) => ({ name, label })) }
    log(`comparing ${authmock.label} with ${compared.map((b) => `${b.name} = ${b.label}`).join(', ')}`)
  }
  const routesFile = refreshReference({ root: ROOT, cache: CACHE, ref: flags.ref, specRoot: authmock.root, log })
  /** @type {Awaited<ReturnType<typeof ensurePrism>>} */
  let prism = { na: 'skipped (--no-prism)' }
  if (!flags['no-prism'] && (sections.has('matrix') || sections.has('startup'))) {
    prism = await ensurePrism(CACHE, { log })
    if (prism.na) log(`Prism: n/a: ${prism.na}`)
  }
  results.prism = prism.na ? { na: prism.na } : { version: prism.version, installMs: prism.installMs }
  const { servers, start } = createServers({ root: ROOT, node: NODE, authmock, compared, routesFile, prism })

  if (sections.has('matrix')) results.matrix = await runMatrix({ servers, start, load, compared, prism, settings: SETTINGS, log })
  if (sections.has('startup')) results.startup = await runStartup({ start, prism, startupRuns: SETTINGS.startupRuns, log })
  if (sections.has('rss')) results.sustained = await runSustained({ start, load, settings: SETTINGS, log })
  if (sections.has('tokens')) results.tokens = await runTokens({ start, load, settings: SETTINGS, log })
  if (results.compare) {
    // The memory sections measure one process each; run one after another, a process apart.
    results.compare.matrix = results.matrix
    if (results.sustained) results.compare.sustained = { [authmock.label]: results.sustained }
    if (results.tokens) results.compare.tokens = { [authmock.label]: results.tokens }
    for (const build of compared) {
      if (results.sustained) results.compare.sustained[build.label] = await runSustained({ start, load, settings: SETTINGS, log }, build.name)
      if (results.tokens) results.compare.tokens[build.label] = await runTokens({ start, load, settings: SETTINGS, log }, build.name)
    }
  }
  if (sections.has('redis')) {
    results.redis = await runRedis({
      start, stop: stopServer, load, rounds: SETTINGS.rounds, duration: SETTINGS.duration, warmup: SETTINGS.warmup,
      perFlow: (id) => SCENARIOS[id].perFlow ?? 1, log,
    })
  }
  if (sections.has('msw')) results.msw = await runMsw({ root: ROOT, node: NODE, distDir: authmock.distDir, routesFile, msw: SETTINGS.msw, log })
  if (sections.has('verify')) results.verify = await runVerify({ root: ROOT, cache: CACHE, node: NODE, bin: authmock.bin, routesFile, start, verifyRuns: SETTINGS.verifyRuns, log })
  if (sections.has('profile')) results.profile = await runProfile({ root: ROOT, cache: CACHE, servers, load, profileSeconds: SETTINGS.profileSeconds, log })
  results.wallSeconds = Number(((performance.now() - t0) / 1000).toFixed(1))

  results.targets = printReport(results)
  const outDir = join(ROOT, 'bench', 'results')
  mkdirSync(outDir, { recursive: true })
  const outFile = join(outDir, flags.quick ? 'latest-quick.json' : flags.only || flags['profile-only'] || COMPARE.length ? 'latest-partial.json' : 'latest.json')
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote ${outFile.slice(ROOT.length + 1)}; ${results.wallSeconds} s in all`)
}

main().then(stopWorker, (error) => {
  stopWorker()
  process.stderr.write(`bench: ${error.stack ?? error}\n`)
  process.exit(1)
})
