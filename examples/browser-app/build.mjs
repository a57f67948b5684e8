// Bundles the example app with esbuild into examples/browser-app/dist, with
// MSW's worker script beside it (what `npx msw init dist` would copy).
import { build } from 'esbuild'
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')

/** Builds the app; returns the folder to serve. */
export async function buildExample() {
  const out = join(here, 'dist')
  mkdirSync(out, { recursive: true })
  await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile: join(out, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // In an app this resolves through node_modules; here the package is the repository itself.
    alias: { 'authmock/msw': join(root, 'src', 'msw', 'index.ts') },
    logLevel: 'error',
  })
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'))
  const require = createRequire(import.meta.url)
  copyFileSync(join(dirname(require.resolve('msw/package.json')), 'lib', 'mockServiceWorker.js'), join(out, 'mockServiceWorker.js'))
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built ${await buildExample()}`)
