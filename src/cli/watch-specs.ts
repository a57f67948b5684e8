import { watch, type FSWatcher } from 'node:fs'
import { basename } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import type { Engine } from '../core/create-engine.js'
import type { SpecModel } from '../model/spec-model.js'

export interface WatchSpecsOptions {
  specDir: string
  fixturesDir: string
  /** Builds the model from the folders as they are now; throws (an AuthmockError) on a broken file. */
  load: () => Promise<SpecModel>
  /** A line for the person at the terminal: what reloaded, or why not. */
  log: (line: string) => void
  /** Quiet time after the last change before rebuilding (ms): editors save in several steps (write a temp file, rename it). */
  debounceMs?: number
}

export interface SpecWatcher {
  /** Stops watching; a rebuild already running finishes, and is not followed by another. */
  close(): void
  /** Settles when no rebuild is pending or running (tests). */
  idle(): Promise<void>
}

const SPEC_FILE = /^[^.~#][^/]*\.ya?ml$/
const FIXTURE_FILE = /^[^.~#][^/]*\.json$/

/**
 * `serve --watch`: watches the spec and fixture folders and, on a change,
 * builds a new model and swaps it into the engine (`engine.reload`); the
 * state (tokens, sessions, registered accounts, switches, clock, journal)
 * stays in the engine's backend. A file that does not build keeps the last
 * good model serving and logs the error (code, file, pointer): a typo in an
 * editor must not take down the mock a front end is using.
 *
 * A spec file added to the folder is served from the reload on (unless
 * `--apis` names the APIs to serve), and one removed stops being served.
 * Fixture accounts reload too: live credentials name their account by id
 * (`fixtureIds`: its e-mail or username), so a token keeps working while its
 * account is in the file, wherever it moved, and answers 401 once the
 * account is renamed or removed.
 *
 * The folders are watched, not the files: editors replace a file by renaming
 * a new one over it, which a watch on the old file's inode would miss. Not
 * recursive: the folders are flat.
 *
 * @example
 * const watcher = watchSpecs(engine, { specDir, fixturesDir, load: () => loadModel({ specDir, fixturesDir }), log: console.log })
 * app.addHook('onClose', async () => watcher.close())
 */
export function watchSpecs(engine: Engine, options: WatchSpecsOptions): SpecWatcher {
  const debounceMs = options.debounceMs ?? 100
  /** Files changed since the last model that built: a failure names them. */
  const changed = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let closed = false

  const watchers: FSWatcher[] = [
    watch(options.specDir, (_event, name) => noticed(name, SPEC_FILE)),
    watch(options.fixturesDir, (_event, name) => noticed(name, FIXTURE_FILE)),
  ]
  // A folder removed or unreadable under a running server: say so once, keep serving.
  for (const watcher of watchers) watcher.on('error', (error) => options.log(`authmock: watch: ${error.message}; still serving the last good specs`))

  function noticed(name: string | null, pattern: RegExp): void {
    if (closed) return
    // Editors' swap, backup and lock files (.x.swp, x~, #x#, 4913) are not specs.
    if (name !== null && !pattern.test(name)) return
    if (name !== null) changed.add(name)
    clearTimeout(timer)
    timer = setTimeout(() => {
      // One rebuild at a time: a change during one is picked up by the next.
      running = running.then(rebuild)
    }, debounceMs)
  }

  async function rebuild(): Promise<void> {
    if (closed) return
    const files = [...changed].sort()
    const before = engine.model
    let model: SpecModel
    try {
      model = await options.load()
    } catch (error) {
      options.log(`authmock: reload failed, still serving the last good specs: ${describeFailure(error, files)}`)
      return
    }
    if (closed) return
    engine.reload(model)
    changed.clear()
    options.log(`authmock: reloaded ${describeReload(model, files)}`)
    const names = (m: SpecModel) => m.apis.map((api) => api.name)
    const added = names(model).filter((name) => !names(before).includes(name))
    const removed = names(before).filter((name) => !names(model).includes(name))
    if (added.length > 0) options.log(`authmock: now also serving ${added.join(', ')}`)
    if (removed.length > 0) options.log(`authmock: no longer serving ${removed.join(', ')} (its spec is gone); its routes answer 404`)
  }

  return {
    close() {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
    },
    idle: () => running,
  }
}

const stem = (file: string): string => basename(file).replace(/\.(ya?ml|json)$/, '')

/** "specs: nwapp.yaml (12 operations); fixtures: nwapp.json (2 accounts)": the changed files and what they now serve. */
function describeReload(model: SpecModel, files: string[]): string {
  const count = (file: string, what: (api: SpecModel['apis'][number]) => string): string => {
    const api = model.apis.find((a) => a.name === stem(file))
    return api ? ` (${what(api)})` : ' (not served)'
  }
  const specs = files.filter((f) => SPEC_FILE.test(f)).map((f) => `${f}${count(f, (api) => `${api.operations.length} operations`)}`)
  const fixtures = files.filter((f) => FIXTURE_FILE.test(f)).map((f) => `${f}${count(f, (api) => `${api.accounts.length} accounts`)}`)
  const parts = [specs.length > 0 && `specs: ${specs.join(', ')}`, fixtures.length > 0 && `fixtures: ${fixtures.join(', ')}`].filter(Boolean)
  return parts.length > 0 ? parts.join('; ') : `specs and fixtures (${model.apis.reduce((n, api) => n + api.operations.length, 0)} operations)`
}

/**
 * The code and message, and where: YAML and JSON errors name their file in
 * the message; model errors carry a JSON pointer (`at`) into a document, so
 * the files changed since the last good model are named with it.
 */
function describeFailure(error: unknown, files: string[]): string {
  if (!(error instanceof AuthmockError)) return String((error as Error).stack ?? error)
  const at = typeof error.params.at === 'string' ? ` (pointer: ${error.params.at})` : ''
  const where = files.length > 0 ? ` [changed: ${files.join(', ')}]` : ''
  return `${error.code}: ${error.message}${at}${where}`
}
