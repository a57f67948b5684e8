import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

// The repository must stand alone: nothing it documents or ships points outside it
// (issue 10, item 14: the README linked ../shared/...).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SKIP = new Set(['node_modules', 'dist', 'generated', '.git', '.tap', '.cache', 'artifacts'])

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : filesUnder(path)
    return [path]
  })
}

const markdown = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...filesUnder('docs').filter((f) => f.endsWith('.md'))]

t.test('every relative link in the README, CONTRIBUTING, SECURITY and docs/ names a file inside the repository', async (t) => {
  let links = 0
  for (const file of markdown) {
    const text = readFileSync(join(root, file), 'utf8')
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^([a-z]+:|#)/i.test(target)) continue
      links++
      const path = resolve(root, dirname(file), decodeURIComponent(target.replace(/#.*$/, '')))
      const inside = !relative(root, path).startsWith('..')
      t.ok(inside && existsSync(path), `${file}: ${target}`)
    }
  }
  t.ok(links > 5, 'links were found')
})

t.test('no source, spec, doc or example names a path outside the repository', async (t) => {
  const files = [...markdown, 'package.json', ...['src', 'spec', 'docs', 'examples', 'scripts', 'fixtures'].flatMap(filesUnder)]
  const outside = files.filter((f) => /\.\.\/shared\b|shared\/api-docs/.test(readFileSync(join(root, f), 'utf8')))
  t.same(outside, [])
  t.ok(files.length > 20, 'files were read')
})
