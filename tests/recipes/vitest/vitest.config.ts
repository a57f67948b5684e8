import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// In your project this file needs no alias: `authmock/msw` resolves from
// node_modules. Here, inside authmock's own checkout, it points at the source
// (npm test does not build dist/ first), and the root is this folder so only
// the recipe's *.spec.ts files run (tap runs tests/**/*.test.ts).
const here = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: here,
  resolve: {
    alias: { 'authmock/msw': fileURLToPath(new URL('../../../src/msw/index.ts', import.meta.url)) },
  },
  test: {
    include: ['*.spec.ts'],
    environment: 'node',
  },
})
