// @ts-check
// Prints what `authmock/msw` adds to a browser app: bundled with esbuild
// exactly as an app's bundler would (browser platform, minified, msw left out
// since the app has it anyway), then gzipped. `--json` prints the numbers only.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = await build({
  entryPoints: [join(root, 'src/msw/index.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  external: ['msw'],
  write: false,
  metafile: true,
  logLevel: 'error',
})
// write: false and metafile: true, so both are there, with one output.
const output = /** @type {import('esbuild').OutputFile} */ (result.outputFiles[0])
const meta = /** @type {import('esbuild').Metafile} */ (result.metafile).outputs[/** @type {string} */ (Object.keys(result.metafile.outputs)[0])]
const code = output.contents
const gzip = gzipSync(code, { level: 9 }).length
const inputs = Object.entries(/** @type {import('esbuild').Metafile['outputs'][string]} */ (meta).inputs)
  .map(([file, { bytesInOutput }]) => /** @type {[string, number]} */ ([file.replace(/^node_modules\//, '').replace(/\/.*$/, '').replace(/^src$/, 'src'), bytesInOutput]))
const byPackage = new Map()
for (const [file, bytes] of inputs) {
  const key = file.startsWith('@') ? file : file.split('/')[0]
  byPackage.set(key, (byPackage.get(key) ?? 0) + bytes)
}
const nodeImports = /** @type {import('esbuild').Metafile['outputs'][string]} */ (meta).imports.filter((i) => i.path.startsWith('node:'))
if (nodeImports.length) throw new Error(`the browser bundle imports ${nodeImports.map((i) => i.path).join(', ')}`)
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ minifiedBytes: code.length, gzipBytes: gzip }))
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`
  console.log(`authmock/msw in a browser bundle (msw excluded): ${kb(code.length)} minified, ${kb(gzip)} gzipped`)
  for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(24)} ${kb(bytes)} minified`)
}
