import { existsSync, readFileSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { AuthmockError } from '../core/errors.js'
import { describeJsonError } from '../core/locate-json-error.js'
import { checkConfigFile } from './check-config-file.js'
import type { Config } from './resolve-config.js'

/** The names looked for in the working directory, JSON first (the one `authmock init` writes). */
export const CONFIG_FILE_NAMES = ['authmock.config.json', 'authmock.config.mjs', 'authmock.config.js'] as const

/** Extensions loaded as code (an ES module, or CommonJS for a .js under "type": "commonjs"); anything else is read as JSON. */
const CODE = new Set(['.mjs', '.js', '.cjs'])

export interface ConfigFile {
  /** As the messages name it: as given to --config, or its name in the working directory. */
  file: string
  settings: Partial<Config>
}

/**
 * The config file of a run: the one `--config` names, else the one of
 * CONFIG_FILE_NAMES in the working directory, else none. A `.mjs`/`.js` file
 * is imported (its default export is the settings), so a config that is code
 * runs code: it is loaded only when named or found in the working directory,
 * as Vite and ESLint load theirs, never looked for in parent folders or in
 * node_modules. Two candidates in one folder are refused rather than picked
 * by an order nobody remembers.
 *
 * @example const found = await loadConfigFile(undefined, process.cwd()) // { file: 'authmock.config.json', settings: { port: 4010 } } or undefined
 */
export async function loadConfigFile(named: string | undefined, cwd: string): Promise<ConfigFile | undefined> {
  let path: string
  let file: string
  if (named !== undefined) {
    path = resolve(cwd, named)
    file = named
    if (!existsSync(path)) throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: `there is no such file (looked for ${path})` })
  } else {
    const found = CONFIG_FILE_NAMES.filter((name) => existsSync(join(cwd, name)))
    if (found.length === 0) return undefined
    if (found.length > 1) {
      throw new AuthmockError('ERR_CONFIG_FILE', { file: found.join(' and '), detail: 'more than one is in the working directory, so which one applies would be a guess; keep one, or pick one with --config <file>' })
    }
    file = found[0] as string
    path = join(cwd, file)
  }
  const data = CODE.has(extname(path)) ? await importSettings(path, file) : readJson(path, file)
  return { file, settings: checkConfigFile(file, data) }
}

function readJson(path: string, file: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: code === 'EISDIR' ? 'it is a folder' : `it cannot be read (${code ?? 'unknown error'})` })
  }
  // A byte-order mark, as some Windows editors write, is no syntax error.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text) as unknown
  } catch {
    // By position only: JSON.parse's message quotes the text around the error, which may be a secret.
    throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: `${describeJsonError(text)}; JSON has no comments and no trailing commas` })
  }
}

async function importSettings(path: string, file: string): Promise<unknown> {
  let loaded: { default?: unknown }
  try {
    // An absolute file URL: import() of a bare path is a package name, and of a Windows path a URL scheme.
    loaded = await import(pathToFileURL(path).href) as { default?: unknown }
  } catch (error) {
    // The error's name and code only: a SyntaxError's message quotes the offending token, which may be a secret.
    const { name, code } = error as { name?: string; code?: string }
    throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: `it failed to load (${[name ?? 'error', code].filter(Boolean).join(' ')}); run "node ${file}" to see where` })
  }
  if (loaded.default === undefined) throw new AuthmockError('ERR_CONFIG_FILE', { file, detail: 'it has no default export: end it with export default { port: 4010 } (or module.exports = ... in CommonJS)' })
  return loaded.default
}
