import t from 'tap'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

// The layer rules of eslint.config.js (docs/architecture.md), run through
// ESLint on sources that exist only here, so the rules cannot silently
// disappear or stop matching their folders.
const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) })

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

t.test('core imports no adapter and no Node API', async (t) => {
  const messages = await restricted('src/core/wrong-way.ts', [
    "import { buildApp } from '../server/build-app.js'",
    "import { readFileSync } from 'node:fs'",
    'export const used = [buildApp, readFileSync]',
  ].join('\n'))
  t.equal(messages.length, 2, messages.join('\n'))
  t.match(messages[0], /'\.\.\/server\/build-app\.js'.*core \(the engine\) imports only core, model, store/)
  t.match(messages[1], /'node:fs'.*no Node API/)
})

t.test('the browser layers use no Node global', async (t) => {
  const [result] = await eslint.lintText('export const env = process.env\nexport const bytes = Buffer.from("x")\n', { filePath: 'src/store/x.ts' })
  t.same(result?.messages.map((m) => m.ruleId), ['no-restricted-globals', 'no-restricted-globals'])
})

t.test('each layer is refused the layers above it, and allowed the ones below', async (t) => {
  const cases: Array<[file: string, source: string, refused: boolean]> = [
    ['src/model/x.ts', '../core/create-engine.js', true],
    ['src/model/x.ts', '../core/errors.js', false],
    ['src/model/x.ts', '../core/route-key.js', false],
    ['src/model/x.ts', '../store/create-memory-store.js', true],
    ['src/core/errors.ts', './create-engine.js', true],
    ['src/core/route-key.ts', './trim-trailing-slashes.js', false],
    ['src/core/route-key.ts', '../model/spec-model.js', true],
    ['src/core/create-router.ts', '../model/spec-model.js', false],
    ['src/store/x.ts', '../core/create-engine.js', true],
    ['src/store/x.ts', 'crypto', true],
    ['src/msw/x.ts', '../spec/load-model.js', true],
    ['src/msw/x.ts', '../core/create-engine.js', false],
    ['src/server/x.ts', '../contract/verify-server.js', true],
    ['src/server/x.ts', 'node:http', false],
    ['src/contract/x.ts', '../server/check-host.js', false],
    ['src/contract/x.ts', '../cli/main.js', true],
  ]
  for (const [file, source, refused] of cases) {
    const messages = await restricted(file, `import * as m from '${source}'\nexport { m }\n`)
    t.equal(messages.length, refused ? 1 : 0, `${file} importing ${source}: ${refused ? 'refused' : 'allowed'}`)
  }
})
