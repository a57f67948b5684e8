/**
 * The control page at GET /__mock/: one self-contained HTML file over the
 * JSON control API, no framework. Its sources are src/server/control-page/
 * (index.html, page.css, page.ts: linted, and type-checked against the DOM
 * and the engine's types); scripts/bundle-sources.ts bundles them at build
 * into src/generated/control-page.ts, so the package ships no asset files
 * and the server answers it from memory.
 */
export { CONTROL_PAGE } from '../generated/control-page.js'
