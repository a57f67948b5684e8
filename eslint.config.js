// Lint: eslint's and typescript-eslint's recommended rules, without type
// information (tsc --noEmit already typechecks; this stays fast).
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Layering (docs/architecture.md): which folder of src/ may import which,
// lowest layer first. A wrong-way import fails `npm run lint`;
// tests/layering.test.ts keeps these rules from silently disappearing.
// The kernel is the part of core/ that model/ shares with the engine: plain
// types, the error catalog and small pure helpers. It imports nothing outside
// itself, so model -> kernel -> nothing, and the engine sits above both.
const KERNEL = ['errors', 'types', 'parse-duration', 'trim-trailing-slashes', 'render-template', 'route-key', 'option-table', 'resolve-options', 'is-secret-name']
const kernelFiles = KERNEL.map((name) => `src/core/${name}.ts`)
const notKernel = `(?!(?:${KERNEL.join('|')})\\.js$)`
const ABOVE_ENGINE = ['msw', 'redis', 'spec', 'config', 'server', 'contract', 'cli', 'index']
// A relative import reaching folder `name` of src/ from a file one folder down.
const toFolder = (...names) => `^\\.\\./(?:${names.join('|')})(?:/|\\.js$|$)`
const browserSafe = 'runs in the browser (the MSW build): no Node API; use Web APIs (globalThis.crypto, TextEncoder, URL)'
const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate']
/** One `no-restricted-imports` entry per layer: `rules` is [regex, message] pairs. */
const layer = (files, rules, { browser = false, ignores } = {}) => ({
  files,
  ...(ignores && { ignores }),
  rules: {
    ...(browser && { 'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: `this layer ${browserSafe}.` }))] }),
    'no-restricted-imports': ['error', {
      ...(browser && { paths: builtinModules.map((name) => ({ name, message: `this layer ${browserSafe}.` })) }),
      patterns: [
        ...(browser ? [{ regex: '^node:', message: `this layer ${browserSafe}.` }] : []),
        ...rules.map(([regex, message]) => ({ regex, message })),
      ],
    }],
  },
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tap/', 'coverage/', 'examples/**/dist/', 'bench/.cache/', 'src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  layer(kernelFiles, [
    [`^\\./${notKernel}`, 'core kernel (errors, types, small helpers) imports only the kernel: the model and the engine both build on it.'],
    ['^\\.\\./', 'core kernel imports nothing outside src/core\'s kernel files: every other folder builds on it.'],
  ], { browser: true }),
  layer(['src/store/**/*.ts'], [
    [`^\\.\\./core/${notKernel}`, 'store may import only the core kernel (types, errors): the engine (core/) imports the store, not the other way.'],
    [toFolder('model', 'generated', ...ABOVE_ENGINE), 'store imports only the core kernel: model, engine, adapters, loading and cli all sit above it.'],
  ], { browser: true }),
  layer(['src/model/**/*.ts'], [
    [`^\\.\\./core/${notKernel}`, 'model may import only the core kernel (errors, types, parse-duration, trim-trailing-slashes, render-template, route-key, is-secret-name): the engine imports the model, not the other way. Move a shared piece into the kernel, or use it where it is used.'],
    [toFolder('store', ...ABOVE_ENGINE), 'model imports only the core kernel and generated/: store, engine, msw, spec, config, server, contract and cli sit above it.'],
  ], { browser: true }),
  layer(['src/core/**/*.ts'], [
    [toFolder(...ABOVE_ENGINE), 'core (the engine) imports only core, model, store: it is framework-free and the adapters (server, msw, contract), loading (spec, config) and cli import it, not the other way.'],
  ], { browser: true, ignores: kernelFiles }),
  layer(['src/redis/**/*.ts'], [
    [toFolder('msw', 'spec', 'config', 'server', 'contract', 'cli', 'index'), 'redis (the shared state, Node-side) implements the engine\'s state interface: it imports only core, model, store; the cli imports it.'],
  ]),
  layer(['src/msw/**/*.ts'], [
    [toFolder('redis', 'spec', 'config', 'server', 'contract', 'cli', 'index'), 'msw (the browser adapter) imports only core, model, store and generated/: spec and config load files with Node, server/contract/cli are Node-side.'],
  ], { browser: true }),
  layer(['src/spec/**/*.ts', 'src/config/**/*.ts'], [
    [toFolder('msw', 'redis', 'server', 'contract', 'cli', 'index'), 'spec and config (Node-side loading) import only core, model, store and generated/: the server, contract and cli import them.'],
    ['^\\.\\./(?:spec|config)/', 'spec and config are siblings: neither imports the other.'],
  ]),
  layer(['src/server/**/*.ts'], [
    [toFolder('msw', 'contract', 'cli', 'index'), 'server (the Fastify adapter) imports core, model, store, spec, config: contract and cli import it, not the other way; msw is the other adapter.'],
  ]),
  layer(['src/contract/**/*.ts'], [
    [toFolder('msw', 'cli', 'index'), 'contract imports everything but msw and cli: only cli and index.ts import it.'],
  ]),
  // The control page's script runs in the browser, bundled by esbuild into the page
  // (scripts/bundle-control-page.ts): no Node module or global, and only its sibling
  // files or the engine's types (erased at bundling) to import.
  {
    files: ['src/server/control-page/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: 'the control page runs in the browser: use Web APIs.' }))],
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(?!\\./|\\.\\./\\.\\./core/)', message: 'the control page imports only its sibling files (bundled into the page) and, as types, the engine\'s (src/core/).' },
      ] }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { regex: '^\\.\\./\\.\\./core/', allowTypeImports: true, message: 'the control page takes only types from the engine: its code would be bundled into the page.' },
      ] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
