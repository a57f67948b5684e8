// @ts-check
// `npm run bench`'s options (bench/run.mjs's header lists them): the flags as
// given, the quick or full settings they select, and the sections to run.
import { parseArgs } from 'node:util'

/**
 * The flags, the --compare refs, the settings and the sections of one run.
 * @param {string[]} [args] the command line after the script (default: process.argv's)
 */
export function parseBenchArgs(args = process.argv.slice(2)) {
  const { values: flags } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-prism': { type: 'boolean', default: false },
      'profile-only': { type: 'boolean', default: false },
      only: { type: 'string' },
      ref: { type: 'string' },
      compare: { type: 'string', multiple: true },
      rounds: { type: 'string' },
    },
  })
  const compare = flags.compare ?? []

  const settings = flags.quick
    ? {
        mode: 'quick', rounds: 1, duration: 1, warmup: 0, connections: 10, startupRuns: 1, fillPipelining: 8,
        sustainedLogins: 20_000, tokenLevels: [1_000, 10_000], tokenMeasure: 1,
        msw: { duration: 0.5, rounds: 1 }, verifyRuns: 1, profileSeconds: 0,
      }
    : {
        mode: 'full', rounds: 5, duration: 2, warmup: 1, connections: 10, startupRuns: 5, fillPipelining: 8,
        sustainedLogins: 1_000_000, tokenLevels: [1_000, 100_000, 1_000_000], tokenMeasure: 3,
        msw: { duration: 2, rounds: 3 }, verifyRuns: 3, profileSeconds: 10,
      }
  // More rounds steady the medians on a busy machine (a load average of 10 on 2 cores moved single rounds by 2x).
  if (flags.rounds) settings.rounds = Math.max(1, Number(flags.rounds))
  // Side by side, every build leads a round once. In one round the measured build is always first, and the first one
  // measured in a scenario runs colder (its server and the load generator): --quick --compare HEAD, the same code under two
  // labels, read the work tree 1.0-1.8x slower on every scenario; with a round each, the ratios ran both ways (noise, not order).
  else if (compare.length) settings.rounds = Math.max(settings.rounds, compare.length + 1)
  const allSections = compare.length ? ['matrix', 'rss', 'tokens'] : ['matrix', 'startup', 'rss', 'tokens', 'redis', 'msw', 'verify', ...(settings.profileSeconds ? ['profile'] : [])]
  const sections = new Set(flags['profile-only'] ? ['profile'] : flags.only ? flags.only.split(',') : allSections)
  if (flags['profile-only'] && !settings.profileSeconds) settings.profileSeconds = 10
  return { flags, compare, settings, sections }
}

/** @typedef {ReturnType<typeof parseBenchArgs>['settings']} Settings */
