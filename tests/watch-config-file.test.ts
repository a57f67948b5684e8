import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { watchConfigFile } from '../src/cli/watch-config-file.js'
import { resolveConfig } from '../src/config/resolve-config.js'

/** Polls until `lines` has `count` entries, for at most 5 s. */
async function lineCount(lines: string[], count: number): Promise<void> {
  for (let i = 0; i < 100 && lines.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 50))
}

t.test('a code config (.mjs) is not re-imported: the line says only that it changed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-config-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'authmock.config.mjs')
  writeFileSync(path, 'export default { port: 4010 }\n')
  const lines: string[] = []
  let rereads = 0
  const watcher = watchConfigFile({ path, running: resolveConfig(), reread: async () => { rereads++; return resolveConfig() }, log: (line) => lines.push(line), debounceMs: 20 })
  t.teardown(() => watcher.close())
  writeFileSync(join(dir, 'other.json'), '{}')
  writeFileSync(path, 'export default { port: 4011 }\n')
  await lineCount(lines, 1)
  await watcher.idle()
  t.same(lines, ['authmock: authmock.config.mjs changed: restart authmock to apply it (watch mode reloads specs and fixtures, not settings)'])
  t.equal(rereads, 0, 'never re-imported')
})

t.test('a JSON config: the same outcome twice is said once; an unexpected error is reported, not thrown', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-config-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'authmock.config.json')
  writeFileSync(path, '{}')
  const lines: string[] = []
  let next: () => ReturnType<typeof resolveConfig> = () => resolveConfig({ port: 5000 })
  const watcher = watchConfigFile({ path, running: resolveConfig(), reread: async () => next(), log: (line) => lines.push(line), debounceMs: 20 })
  t.teardown(() => watcher.close())
  writeFileSync(path, '{"port": 5000}')
  await lineCount(lines, 1)
  await new Promise((resolve) => setTimeout(resolve, 100))
  writeFileSync(path, '{"port": 5000} ')
  await new Promise((resolve) => setTimeout(resolve, 200))
  await watcher.idle()
  t.same(lines, ['authmock: authmock.config.json changed port: restart authmock to apply (watch mode reloads specs and fixtures, not settings)'], 'said once')
  next = () => { throw new Error('disk on fire') }
  writeFileSync(path, '{"port": 5001}')
  await lineCount(lines, 2)
  await watcher.idle()
  t.match(lines[1], /^authmock: authmock\.config\.json changed but would not start: Error: disk on fire\. The running settings stay\.$/)
  watcher.close()
  writeFileSync(path, '{}')
  await new Promise((resolve) => setTimeout(resolve, 150))
  t.equal(lines.length, 2, 'closed: no more lines')
})
