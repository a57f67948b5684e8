// The control page (GET /__mock/) from its sources in src/server/control-page/:
// index.html with page.css and page.ts (and what it imports) put inline, so the
// server answers one self-contained file from memory and the package ships no
// asset files. Run by scripts/bundle-sources.ts, which writes the result to
// src/generated/control-page.ts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync, transformSync } from 'esbuild'

/** Chromium and Firefox of the last years: the page is for a person at a desktop browser. */
const TARGET = 'es2022'

/** Replaces exactly one occurrence of `marker`, so a renamed or duplicated tag fails the build instead of shipping a page without its script. */
function replaceOnce(html: string, marker: string, replacement: string): string {
  const at = html.indexOf(marker)
  if (at === -1 || html.indexOf(marker, at + 1) !== -1) throw new Error(`bundle-control-page: index.html must hold ${marker} exactly once`)
  return html.slice(0, at) + replacement + html.slice(at + marker.length)
}

/**
 * The control page as one HTML string.
 *
 * @example writeFileSync('page.html', bundleControlPage('src/server/control-page'))
 */
export function bundleControlPage(dir: string): string {
  const script = buildSync({
    entryPoints: [join(dir, 'page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: TARGET,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  }).outputFiles[0]?.text
  if (script === undefined) throw new Error('bundle-control-page: esbuild wrote no script')
  const style = transformSync(readFileSync(join(dir, 'page.css'), 'utf8'), { loader: 'css', target: TARGET, minify: true, logLevel: 'silent' }).code
  // Safe to put inline as they are: esbuild writes "</script" and "</style" in
  // strings as "<\/script", "<\/style" (tests/control-page-asset.test.ts pins it).
  // The comments that explain the source's markers are not for the browser (dropped before anything is inlined).
  let html = readFileSync(join(dir, 'index.html'), 'utf8').replace(/^<!--[^]*?-->\n/gm, '')
  html = replaceOnce(html, '<link rel="stylesheet" href="page.css">', `<style>\n${style}</style>`)
  html = replaceOnce(html, '<script src="page.ts"></script>', `<script>\n${script}</script>`)
  return html
}
