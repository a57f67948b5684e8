import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { formatOptionLines, formatUsage } from '../src/cli/format-usage.js'
import { flagsOf, parseCli, type OptionCommand } from '../src/cli/parse-cli.js'
import { configKeyOf, configOptions } from '../src/config/config-schema.js'
import { OPTION_HELP, type OptionHelp } from '../src/config/option-help.js'
import { DEFAULTS, resolveConfig } from '../src/config/resolve-config.js'
import { flagOf, OPTION_DEFAULTS, OPTION_TABLE, type OptionSpec, type Surface } from '../src/core/option-table.js'
import { optionsOf, pickOptions, resolveOptions } from '../src/core/resolve-options.js'
import { createHandlers } from '../src/msw/create-handlers.js'
import { createEngine } from '../src/core/create-engine.js'
import { buildModel } from '../src/model/build-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { childEnv } from './child-env.js'

const TABLE: Record<string, OptionSpec> = OPTION_TABLE
const HELP: Record<string, OptionHelp> = OPTION_HELP
const COMMANDS: OptionCommand[] = ['serve', 'verify', 'proxy']
const FUNCTIONS: Surface[] = ['buildApp', 'listen', 'createHandlers', 'createEngine']
const README = readFileSync('README.md', 'utf8')

/** The README between a heading and the next heading of the same or a higher level (a `#` line in a code block is no heading). */
function section(heading: string): string {
  const lines = README.split('\n')
  const start = lines.indexOf(heading)
  if (start < 0) return ''
  const level = heading.indexOf(' ')
  let fenced = false
  let end = start + 1
  for (; end < lines.length; end++) {
    const line = lines[end] as string
    if (line.startsWith('```')) fenced = !fenced
    const depth = /^#+ /.exec(line)?.[0].length
    if (!fenced && depth !== undefined && depth - 1 <= level) break
  }
  return lines.slice(start + 1, end).join('\n')
}

t.test('a misspelt option is refused, naming it and the nearest name', async (t) => {
  await t.rejects(buildApp({ tokenTtll: { '*': 1000 } } as never), { code: 'ERR_CONFIG_INVALID', message: /unknown option 'tokenTtll' of buildApp \(did you mean 'tokenTtlMs'\?\)/ })
  t.throws(() => createHandlers({ sead: 1 } as never), { code: 'ERR_CONFIG_INVALID', message: /unknown option 'sead' of createHandlers \(did you mean 'seed'\?\)/ })
  t.throws(() => createHandlers({ BaseURL: 'http://api.test' } as never), { message: /did you mean 'baseUrl'\?/ }, 'another case is a typo too')
  t.throws(() => resolveOptions('createEngine', { zzz: 1 }), { message: /unknown option 'zzz' of createEngine \(options: tokenTtlMs, seed, maxCredentials, .*clock, store\)/ }, 'nothing near: the options are listed')
  t.throws(() => resolveOptions('createEngine', { host: '0.0.0.0' }), { message: /option 'host' is not one of createEngine's \(it is taken by serve, proxy, listen, buildApp\)/ })
  const app = await buildApp({ apis: ['nwapp'] })
  t.teardown(() => app.close())
  await t.rejects(listen(app, { prot: 0 } as never), { code: 'ERR_CONFIG_INVALID', message: /unknown option 'prot' of listen \(did you mean 'port'\?\)/ })
})

t.test('a value of the wrong kind is refused, naming the option and what it takes', async (t) => {
  const cases: Array<[Surface, Record<string, unknown>, RegExp]> = [
    ['buildApp', { maxCredentials: 0 }, /option 'maxCredentials' of buildApp: 0 is not a whole number of at least 1/],
    ['buildApp', { seed: 'one' }, /option 'seed' of buildApp: "one" is not a whole number from 0 to 4294967295/],
    ['buildApp', { corsOrigins: ['localhost'] }, /option 'corsOrigins' of buildApp: \["localhost"\] is not a list of strings \(use an origin such as/],
    ['buildApp', { log: true }, /option 'log' of buildApp: true is not a function/],
    ['buildApp', { requestTimeoutMs: 1.5 }, /option 'requestTimeoutMs' of buildApp: 1.5 is not a whole number/],
    ['listen', { port: 70000 }, /option 'port' of listen: 70000 is not a whole number from 0 to 65535/],
    ['createHandlers', { tokenTtlMs: { nwapp: -5 } }, /option 'tokenTtlMs' of createHandlers: \{"nwapp":-5\} is not an object of lifetimes in ms/],
    ['createHandlers', { statusOverrides: { 'nwapp:x': 700 } }, /is not an object of statuses \(100 to 599\)/],
    ['createHandlers', { baseUrl: 42 }, /option 'baseUrl' of createHandlers: 42 is not a base URL, or an object of them by API name/],
    ['createHandlers', { cookieJar: 'yes' }, /option 'cookieJar' of createHandlers: "yes" is not true or false/],
    ['createEngine', { journalSize: 0, maxAccounts: -1 }, /option 'journalSize' of createEngine: 0 .*; option 'maxAccounts' of createEngine: -1 /],
  ]
  for (const [surface, given, message] of cases) t.throws(() => resolveOptions(surface, given), { code: 'ERR_CONFIG_INVALID', message }, `${surface} ${JSON.stringify(given)}`)
  await t.rejects(buildApp({ maxBodyBytes: -1 }), { code: 'ERR_CONFIG_INVALID', message: /maxBodyBytes/ }, 'buildApp checks')
  t.throws(() => createHandlers({ journalSize: 0 }), { code: 'ERR_CONFIG_INVALID', message: /journalSize/ }, 'createHandlers checks')
  // A secret is named, never shown.
  const refused = await buildApp({ controlToken: 'hunter2' }).then(() => undefined, (error: Error) => error.message)
  t.match(refused, /option 'controlToken' of buildApp: the value given is not a string of at least 16 characters/)
  t.notMatch(refused, /hunter2/)
})

t.test('what is not given comes from the table; what is given is kept', async (t) => {
  t.same(resolveOptions('createEngine', {}), { maxCredentials: 100_000, maxAccounts: 10_000, maxBodyBytes: 1024 * 1024, journalSize: 500, maxNamespaces: 100 })
  t.same(resolveOptions('listen', { port: 0 }), { port: 0, host: '127.0.0.1' })
  t.same(resolveOptions('createHandlers', { seed: 3, cookieJar: false }), { seed: 3, cookieJar: false, baseUrl: '', maxCredentials: 100_000, maxAccounts: 10_000, maxBodyBytes: 1024 * 1024, journalSize: 500, maxNamespaces: 100, namespace: 'default' })
  t.same(pickOptions('createEngine', { seed: 1, host: '0.0.0.0', log: () => {}, journalSize: undefined, maxAccounts: 3 }), { seed: 1, maxAccounts: 3 }, 'an adapter hands its engine only the engine\'s options')
  // The CLI's defaults are the table's, in the command line's form.
  for (const name of optionsOf('serve')) {
    const spec = TABLE[name] as OptionSpec
    const expected = spec.negated ? true : spec.repeatable ? [] : spec.default
    t.same((DEFAULTS as Record<string, unknown>)[configKeyOf(name)], expected, `serve's default for ${name}`)
  }
  t.equal(OPTION_DEFAULTS.timeoutMs, 10_000)
  t.same(Object.keys(DEFAULTS).sort(), configOptions().map(configKeyOf).sort(), 'the config has exactly serve\'s options')
  t.same(optionsOf('serve').filter((name) => !configOptions().includes(name)), ['config'], 'all but --config, which names the file')
  t.throws(() => resolveConfig({ maxBodyBytes: 1 } as never), { code: 'ERR_CONFIG_INVALID' }, 'serve has no --max-body-bytes, so its config has no such key')
})

/** A value the flag accepts, as typed on the command line. */
function sample(name: string, spec: OptionSpec): string[] {
  if (HELP[name]?.arg === undefined) return []
  if (spec.choices) return [spec.choices[0] as string]
  if (spec.kind === 'integer') return [String(Math.max(spec.min ?? 0, 1))]
  return ['x']
}

t.test('every option of a command has exactly one flag, and the flag sets that option', async (t) => {
  for (const command of COMMANDS) {
    const names = optionsOf(command)
    const flags = names.map(flagOf)
    t.equal(new Set(flags).size, flags.length, `${command}: no two options share a flag`)
    t.same(Object.keys(flagsOf(command)).sort(), [...flags, 'help', ...(command === 'serve' ? ['version'] : [])].sort(), `${command}: parseArgs knows these flags and no others`)
    for (const name of names) {
      const spec = TABLE[name] as OptionSpec
      if (HELP[name]?.arg !== undefined || spec.negated) t.equal(flagOf(name), spec.flag ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), `${name}: kebab-case unless the table names the flag`)
      const required = names.filter((other) => other !== name && TABLE[other]?.required?.surfaces.includes(command)).flatMap((other) => [`--${flagOf(other)}`, 'http://x'])
      const argv = [...(command === 'serve' ? [] : [command]), ...required, `--${flagOf(name)}`, ...sample(name, spec)]
      const cli = parseCli(argv) as { config: Record<string, unknown>; verify?: Record<string, unknown>; proxy?: Record<string, unknown>; configFile?: string }
      const value = spec.commandLineOnly ? cli.configFile : spec.surfaces.includes('serve') ? cli.config[configKeyOf(name)] : (cli.verify ?? cli.proxy)?.[name]
      t.not(value, undefined, `${argv.join(' ')} sets ${name}`)
    }
  }
})

t.test('the usage lists every option of every command, with its default, from the table', async (t) => {
  const usage = formatUsage()
  for (const command of COMMANDS) {
    const lines = formatOptionLines(command).join('\n')
    t.ok(usage.includes(lines), `the ${command} section is in the usage`)
    for (const name of optionsOf(command)) {
      t.match(lines, new RegExp(`--${flagOf(name)}\\b`), `${command}: --${flagOf(name)}`)
    }
  }
  for (const name of optionsOf('serve')) {
    const spec = TABLE[name] as OptionSpec
    if (HELP[name]?.help.includes('{default}') && spec.default !== undefined) t.match(formatOptionLines('serve').join(' '), `default ${spec.default}`, `${name}: its default`)
  }
  const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--help'], { encoding: 'utf8', timeout: 30_000, env: childEnv() })
  t.equal(help.status, 0)
  t.equal(help.stdout, usage, 'authmock serve --help prints it')
})

t.test('the README documents every option from the table', async (t) => {
  const serve = section('## `authmock serve` options')
  const block = /```\n([\s\S]*?)\n```/.exec(serve)?.[1]
  t.equal(block, formatOptionLines('serve').map((line) => line.slice(2)).join('\n'), 'the serve block is the usage\'s serve section (paste it from `authmock --help`)')

  const verify = section('### `authmock verify`').split('\n').filter((line) => line.startsWith('| `--'))
  for (const name of optionsOf('verify')) {
    const row = verify.find((line) => line.includes(`\`--${flagOf(name)}`))
    t.ok(row, `verify's flag table has --${flagOf(name)}`)
    const spec = TABLE[name] as OptionSpec
    if (row && spec.default !== undefined && spec.kind === 'integer') t.match(row, `default ${spec.default}`, `--${flagOf(name)}: its default`)
  }
  const proxy = section('### `authmock proxy`')
  for (const name of optionsOf('proxy')) t.match(proxy, `\`--${flagOf(name)}\``, `the proxy section lists --${flagOf(name)}`)

  // The functions' table: option, default and the functions taking it, as the table says.
  const rows = new Map([...section('### In a test, without a port').matchAll(/^\| `(\w+)` \| (.*?) \| (.*?) \|/gm)].map((m) => [m[1] as string, [m[2], m[3]]]))
  for (const [name, spec] of Object.entries(TABLE)) {
    const takers = spec.surfaces.filter((s) => FUNCTIONS.includes(s))
    if (takers.length === 0) continue
    const unit = spec.unit === 'ms' || spec.unit === 'bytes' ? ` ${spec.unit}` : ''
    const shown = HELP[name]?.defaultText ?? (spec.default === undefined ? 'none' : `\`${String(spec.default)}\`${unit}`)
    t.same(rows.get(name), [shown, takers.join(', ')], `README row for ${name}`)
  }
})

t.test('createEngine refuses a misspelt option, naming the nearest', async (t) => {
  const model = buildModel(loadSources({ apis: ['nwapp'] }))
  t.throws(() => createEngine(model, { jurnalSize: 5 } as never), { code: 'ERR_CONFIG_INVALID', message: /did you mean 'journalSize'/ })
  t.throws(() => createEngine(model, { journalSize: -1 }), { code: 'ERR_CONFIG_INVALID' })
  t.ok(createEngine(model, { journalSize: 5 }), 'a good one passes')
})
