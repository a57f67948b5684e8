import { watch } from 'node:fs'
import { basename, dirname, extname } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import type { Config } from '../config/resolve-config.js'

export interface WatchConfigFileOptions {
  /** The config file's path as the running serve read it (absolute, or relative to the working directory). */
  path: string
  /** The settings the server runs with (file, environment and flags resolved). */
  running: Config
  /** The settings the file would give now, resolved with the same environment and flags; throws an AuthmockError when they do not check. */
  reread: () => Promise<Config>
  log: (line: string) => void
  /** Quiet time after the last change before reading (ms): editors save in several steps. */
  debounceMs?: number
}

export interface ConfigFileWatcher {
  close(): void
  /** Settles when no read is pending or running (tests). */
  idle(): Promise<void>
}

/**
 * `serve --watch` and its config file: a saved change is read and checked at
 * once, and one line says which settings it changed (names only, never
 * values: the file may hold the control token) and that they apply from the
 * next start. Not applied live: port, host and TLS need a new listener, and
 * a new token lifetime or seed under live tokens would leave the state
 * half old, half new; a restart is one Ctrl-C away and says what it runs
 * with. A broken edit is reported the way a start would refuse it, so the
 * user learns before the next start. A `.mjs`/`.js` config is not re-imported
 * (Node caches modules, and code may have side effects): its line says only
 * that it changed.
 *
 * @example const watcher = watchConfigFile({ path: 'authmock.config.json', running: config, reread, log: console.log })
 */
export function watchConfigFile(options: WatchConfigFileOptions): ConfigFileWatcher {
  const name = basename(options.path)
  const isJson = extname(name) === '.json'
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let closed = false
  /** What the last read said, so saving the same file twice says it once. */
  let lastLine = ''

  // The folder, not the file: editors replace a file by renaming a new one over it.
  const watcher = watch(dirname(options.path), (_event, changed) => {
    if (closed || (changed !== null && changed !== name)) return
    clearTimeout(timer)
    timer = setTimeout(() => { running = running.then(check) }, options.debounceMs ?? 100)
  })
  watcher.on('error', (error) => options.log(`authmock: watch: ${error.message}; the config file is no longer watched`))

  function say(line: string): void {
    if (line === lastLine) return
    lastLine = line
    options.log(line)
  }

  async function check(): Promise<void> {
    if (closed) return
    if (!isJson) {
      say(`authmock: ${name} changed: restart authmock to apply it (watch mode reloads specs and fixtures, not settings)`)
      return
    }
    let next: Config
    try {
      next = await options.reread()
    } catch (error) {
      const shown = error instanceof AuthmockError ? `${error.code}: ${error.message}` : String(error)
      say(`authmock: ${name} changed but would not start: ${shown.replace(/\.?$/, '.')} The running settings stay.`)
      return
    }
    const keys = changedKeys(options.running, next)
    say(keys.length === 0
      ? `authmock: ${name} saved: the settings are the ones running`
      : `authmock: ${name} changed ${keys.join(', ')}: restart authmock to apply (watch mode reloads specs and fixtures, not settings)`)
  }

  return {
    close() {
      closed = true
      clearTimeout(timer)
      watcher.close()
    },
    idle: () => running,
  }
}

/** The keys whose values differ, in the order of the running config. */
function changedKeys(a: Config, b: Config): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((key) => JSON.stringify((a as Record<string, unknown>)[key]) !== JSON.stringify((b as Record<string, unknown>)[key]))
}
