import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { ERRORS, problemResponse } from '../src/core/errors.js'

/** docs/errors.md's table: code -> [answered as, message]. */
function documented(): Map<string, { answer: string; message: string }> {
  const rows = new Map<string, { answer: string; message: string }>()
  for (const line of readFileSync('docs/errors.md', 'utf8').split('\n')) {
    const m = /^\| `(ERR_\w+)` \| (.+?) \| (.+) \|$/.exec(line)
    if (m) rows.set(m[1] as string, { answer: m[2] as string, message: (m[3] as string).replaceAll('\\|', '|') })
  }
  return rows
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? (name === 'generated' ? [] : sources(path)) : path.endsWith('.ts') ? [path] : []
  })
}

t.test('docs/errors.md lists every catalog code once, with the catalog\'s message', async (t) => {
  const doc = documented()
  t.same([...doc.keys()].sort(), Object.keys(ERRORS).sort(), 'the same codes on both sides')
  for (const [code, message] of Object.entries(ERRORS)) t.equal(doc.get(code)?.message, message, code)
})

t.test('the HTTP status and exit code the page gives are the ones the code uses', async (t) => {
  const doc = documented()
  // Every place that answers a code with a literal status: problemResponse(403, 'ERR_X'), problem(reply, 400, 'ERR_X'), { status: 401, code: 'ERR_X' }.
  const uses = /(?:problemResponse\(|problem\(reply, )(\d{3}), '(ERR_\w+)'|status: (\d{3}), code: '(ERR_\w+)'/g
  let checked = 0
  for (const file of sources('src')) {
    for (const m of readFileSync(file, 'utf8').matchAll(uses)) {
      const status = m[1] ?? m[3]
      const code = (m[2] ?? m[4]) as string
      t.match(doc.get(code)?.answer ?? '', new RegExp(`HTTP ${status}\\b`), `${code} answered ${status} in ${file}`)
      checked++
    }
  }
  t.ok(checked >= 15, `${checked} literal uses checked`)
  // Exit 2 is for exactly the codes the CLI treats as usage mistakes.
  const main = readFileSync('src/cli/main.ts', 'utf8')
  const usage = new Set([.../const USAGE_CODES = new Set<string>\(\[([^\]]+)\]/.exec(main)?.[1]?.matchAll(/'(ERR_\w+)'/g) ?? []].map((m) => m[1]))
  t.ok(usage.size >= 5, 'USAGE_CODES found in src/cli/main.ts')
  for (const [code, { answer }] of doc) {
    if (answer.startsWith('exit')) t.equal(answer.startsWith('exit 2'), usage.has(code), `${code}: ${answer}`)
  }
  for (const code of usage) t.match(doc.get(code ?? '')?.answer ?? '', /^exit 2/, `${code ?? ''} exits 2`)
})

t.test('problem bodies point at no domain we do not own', async (t) => {
  const body = JSON.parse(problemResponse(404, 'ERR_NO_ROUTE', { method: 'GET', path: '/x' }).body as string) as Record<string, unknown>
  t.equal(body.type, 'about:blank')
  t.equal(body.code, 'ERR_NO_ROUTE')
  t.equal(body.title, 'Not Found')
})
