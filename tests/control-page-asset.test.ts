import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { bundleControlPage } from '../scripts/bundle-control-page.js'
import { buildTestApp } from './helpers.js'

const SOURCES = join('src', 'server', 'control-page')

t.test('GET /__mock/ answers the page bundled from src/server/control-page/, from memory', async (t) => {
  const { call } = await buildTestApp(t)
  const res = await call({ method: 'GET', url: '/__mock/' })
  t.equal(res.status, 200)
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(res.body, bundleControlPage(SOURCES), 'the served page is the bundle of today\'s sources (src/generated is not stale)')
})

t.test('the page is one self-contained file with no inline handler or style attribute', async (t) => {
  const page = bundleControlPage(SOURCES)
  t.equal(page.match(/<style>/g)?.length, 1, 'page.css inline, once')
  t.equal(page.match(/<script>/g)?.length, 1, 'the bundled script inline, once')
  const markup = page.replace(/<style>[^]*?<\/style>/, '').replace(/<script>[^]*?<\/script>/, '')
  const tags = markup.match(/<[a-z][^>]*>/gi) ?? []
  t.ok(tags.length > 20, 'the markup was read')
  t.same(tags.filter((tag) => /\s(?:src|href)=/i.test(tag)), [], 'nothing to fetch: no asset routes needed')
  t.same(tags.filter((tag) => /\son\w+=/i.test(tag)), [], 'no inline event handler (a CSP would block it)')
  t.same(tags.filter((tag) => /\sstyle=/i.test(tag)), [], 'no style attribute (a CSP would block it)')
  t.notMatch(page, /<!--/, 'the source\'s notes stay in the source')
  const script = /<script>([^]*?)<\/script>/.exec(page)?.[1] ?? ''
  t.notMatch(script, /^\s*(?:import|export)\s/m, 'a classic script: its imports are bundled, not left for the browser')
  t.match(script, /This authmock needs its control token/, 'the token prompt is in')
})

t.test('bundling fails, rather than ship a page without its script or style, when a marker is missing or doubled', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-page-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(SOURCES, dir, { recursive: true })
  // The copy imports the engine's types by a relative path that no longer resolves: types only, so esbuild drops them.
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  t.match(bundleControlPage(dir), /<script>/, 'the copy bundles as it is')
  writeFileSync(join(dir, 'index.html'), html.replace('<script src="page.ts"></script>', '<script src="main.ts"></script>'))
  t.throws(() => bundleControlPage(dir), /index\.html must hold <script src="page\.ts"><\/script> exactly once/)
  writeFileSync(join(dir, 'index.html'), html.replace('</head>', '<link rel="stylesheet" href="page.css">\n</head>'))
  t.throws(() => bundleControlPage(dir), /exactly once/)
})

t.test('text that would close the inline script or style early is escaped by the bundler', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-page-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(SOURCES, dir, { recursive: true })
  writeFileSync(join(dir, 'page.ts'), `${readFileSync(join(dir, 'page.ts'), 'utf8')}\ndocument.title = '</script><b>x</b>'\n`)
  writeFileSync(join(dir, 'page.css'), `${readFileSync(join(dir, 'page.css'), 'utf8')}\nh1::after { content: "</style><b>" }\n`)
  const page = bundleControlPage(dir)
  t.equal(page.match(/<\/script/gi)?.length, 1, 'one </script: the element\'s own end')
  t.equal(page.match(/<\/style/gi)?.length, 1, 'one </style: the element\'s own end')
  t.match(page, /<\\\/script><b>x<\/b>/, 'the string survives, escaped')
})
