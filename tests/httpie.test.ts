import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { extractReadmeBlock } from '../scripts/extract-readme-block.mjs'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { requireTool } from './require-tool.js'

// The README's nwapp walkthrough (the document's own HTTPie calls), run as the
// README shows it: the block is read from README.md, so the two cannot drift.
const README_HOST = '127.0.0.1:4010'
const name = 'the README\'s nwapp HTTPie walkthrough works as written'

if (requireTool(t, name, 'http', 'httpie')) {
  t.test(name, async (t) => {
    const { code } = extractReadmeBlock(readFileSync(new URL('../README.md', import.meta.url), 'utf8'), '**nwapp**')
    t.ok(code.includes(`http post ${README_HOST}/api/v1/public/login`), 'the block logs in with HTTPie on the port `npm start` serves')

    const app = await buildApp({ apis: ['nwapp'] })
    t.teardown(() => app.close())
    const host = (await listen(app, { port: 0 })).replace('http://', '')

    // Pasted in a terminal, HTTPie's stdin is the terminal; here it is a pipe, which
    // HTTPie would read as the request body. --ignore-stdin, from a config of our
    // own, keeps the commands exactly as written.
    const dir = mkdtempSync(join(tmpdir(), 'authmock-httpie-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ default_options: ['--ignore-stdin'] }))

    const script = code.replaceAll(README_HOST, host)
    const res = await promisify(execFile)('bash', ['-e', '-c', script], {
      cwd: dir, encoding: 'utf8', timeout: 40_000, env: { ...process.env, HTTPIE_CONFIG_DIR: dir },
    })
    t.match(res.stdout, /"first_name":\s*"Bart"/, 'the login answer is shown')

    const journal = await app.inject({ method: 'GET', url: '/__mock/requests' })
    const requests = (journal.json() as { requests: Array<{ id: number; method: string; path: string; status: number }> }).requests
    const calls = [...requests].sort((a, b) => a.id - b.id).map((r) => `${r.method} ${r.path} ${r.status}`)
    t.same(calls, [
      'POST /api/v1/public/login 200',
      'GET /api/v1/public/profile 200',
      'POST /api/v1/public/refresh-token 200',
      'GET /api/v1/public/profile 200',
      'POST /api/v1/public/logout 200',
      'GET /api/v1/public/profile 401',
    ], 'every call answers as the README says, the new token after the refresh included')
  })
}
