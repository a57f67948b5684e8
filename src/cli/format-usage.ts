import { argOf, helpOf } from '../config/option-help.js'
import { flagOf, type OptionSpec, specOf } from '../core/option-table.js'
import { optionsOf } from '../core/resolve-options.js'
import type { OptionCommand } from './parse-cli.js'


/** Where an option's help starts (column), and where lines wrap. */
const HELP_COLUMN = 31
const WIDTH = 94

const HEADER = `authmock: mock and contract-test documented authentication APIs

Usage:
  authmock serve [options]     Serve the stub APIs (default command)
  authmock apis                List the APIs and their operations
  authmock scenarios           List the QA scenarios (POST /__mock/scenarios, the control page)
  authmock verify --base-url <url> [options]
                               Check a real server against the specs (exit 0: all passed)
  authmock proxy --target <url> [options]
                               Validating proxy in front of a real server
  authmock init [--force]      Write a starter authmock.config.json here (--force: replace one)
  authmock --help | --version
`

const EXAMPLES = `Examples:
  authmock serve
  authmock serve --api nwapp --token-ttl nwapp.access=30s --port 8080
  authmock verify --api nwapp --base-url https://staging.example.com --email ci@example.com --reporter junit --output verify.xml
  authmock proxy --api akinon-commerce --target https://staging.example.com --port 4010
`

const TITLES: Record<OptionCommand, string> = { serve: 'Serve options:', verify: 'Verify options:', proxy: 'Proxy options:' }
/** What a section adds about the options it shares with the sections above. */
const NOTES: Partial<Record<OptionCommand, string>> = { proxy: '(the control rules guard /__mock/violations)' }

/** `-p, --port <n>` / `    --host <addr>`: the flag column of an option. */
export function formatFlag(name: string): string {
  const spec = specOf(name) as OptionSpec
  const arg = argOf(name)
  return `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${flagOf(name)}${arg === undefined ? '' : ` ${arg}`}`
}

/** Words filled into lines of `width` columns, each line after the first indented by `indent`. */
function wrap(text: string, first: string, indent: number, width = WIDTH): string[] {
  const lines: string[] = []
  let line = first
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width && line.length > indent) {
      lines.push(line)
      line = ' '.repeat(indent) + word
    } else line += (line.length > 0 && !line.endsWith(' ') ? ' ' : '') + word
  }
  lines.push(line)
  return lines
}

/** One option: its flag, then its help (with the default filled in), wrapped under the help column. */
function formatOption(name: string): string[] {
  const flag = `  ${formatFlag(name)}`
  const help = helpOf(name)
  if (flag.length < HELP_COLUMN) return wrap(help, flag.padEnd(HELP_COLUMN), HELP_COLUMN)
  return [flag, ...wrap(help, ' '.repeat(HELP_COLUMN), HELP_COLUMN)]
}

/**
 * A command's section of the usage: every option it takes that no section
 * above described, in full; the ones it shares with them on one line.
 */
export function formatOptionLines(command: OptionCommand): string[] {
  const earlier = (['serve', 'verify', 'proxy'] as const).slice(0, ['serve', 'verify', 'proxy'].indexOf(command))
  const described = new Set(earlier.flatMap((c) => optionsOf(c)))
  const own = optionsOf(command).filter((name) => !described.has(name))
  const shared = optionsOf(command).filter((name) => described.has(name))
  const lines = own.flatMap(formatOption)
  if (shared.length > 0) {
    const list = shared.map((name) => `--${flagOf(name)}`).join(', ')
    const listed = wrap(list, '      ', 6)
    const as = `As ${earlier.length === 1 ? 'for serve' : 'above'}`
    const last = listed.pop() as string
    listed.push(...(last.length + 3 + as.length <= WIDTH ? [`${last}   ${as}`] : [last, ' '.repeat(HELP_COLUMN) + as]))
    lines.push(...listed)
  }
  const note = NOTES[command]
  if (note !== undefined) lines.push(' '.repeat(HELP_COLUMN) + note)
  return lines
}

/**
 * `authmock --help`: the commands, then each command's options as the option
 * table (src/core/option-table.ts) and their help (src/config/option-help.ts)
 * describe them, defaults included.
 *
 * @example process.stdout.write(formatUsage())
 */
export function formatUsage(): string {
  const sections = (['serve', 'verify', 'proxy'] as const).map((command) => [TITLES[command], ...formatOptionLines(command)].join('\n'))
  return `${HEADER}\n${sections.join('\n\n')}\n\n${EXAMPLES}`
}
