import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Engine } from '../core/create-engine.js'
import type { ApiSource } from '../model/assemble-model.js'
import type { SpecModel } from '../model/spec-model.js'
import type { SourceOptions } from '../spec/load-sources.js'
import { docsDocument } from './docs-document.js'
import { sendProblem } from './send-problem.js'

export interface DocsOptions extends Pick<SourceOptions, 'specDir' | 'fixturesDir'> {
  /** The specs the app was built from, when they were handed over in memory. */
  sources?: ApiSource[]
  /** Where swagger-ui-dist's files are; undefined when it is not installed. Default: resolved from authmock's own folder (tests pass a stand-in). */
  assetDir?: () => string | undefined
}

/**
 * The renderer: Swagger UI, from `swagger-ui-dist` (the Swagger UI project's
 * own prebuilt files), served by the routes below rather than through
 * @fastify/swagger-ui. That plugin needs @fastify/swagger registered with ONE
 * document (we serve several) and pulls @fastify/static, whose
 * content-disposition@3 declares Node >= 22, so npm skips it as an optional
 * dependency on Node 20. Redoc has no "try it"; Scalar loads fonts from its CDN
 * and proxies "try it" through its own host by default. swagger-ui-dist has no
 * engines field (plain browser files), serves "try it" with the page's own
 * fetch, and needs no request elsewhere once `validatorUrl` is off. It is an
 * optional dependency (12 MB unpacked, mostly source maps we never read):
 * `npm install --omit=optional` leaves it out and this page says so.
 * package.json's `scarfSettings.enabled: false` keeps its Scarf install
 * analytics quiet for whoever installs authmock.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/**
 * No request leaves the mock's origin: scripts, styles, fetches ("try it" and
 * the specs) are same-origin, no inline script (the start-up code is a file,
 * init.js). Swagger UI sets styles through the DOM (not blocked by style-src)
 * and draws icons from data: URIs in its CSS, hence img-src data:. Its top-bar
 * logo is an SVG with one inline <style> (two fill colours): allowed by its
 * hash, not by 'unsafe-inline' (a newer logo would only lose its colours, and
 * tests/docs-page.test.ts fails on any CSP violation). No framing, no plugins,
 * no <base>, forms only to self.
 */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

/**
 * The API reference for people (issue 14): GET /__mock/docs renders every
 * served spec with Swagger UI, one entry per API in its selector, and each
 * spec is at GET /__mock/docs/<api>.json with `servers` pointing at the mock
 * itself, so "Try it out" calls the mock the page came from.
 *
 * Not behind the control guard: like the API and /__mock/health (which lists
 * the same operations), the docs are readable by whoever reaches the port; they
 * change no state and hold nothing the shipped specs do not. The Host check
 * (DNS rebinding) still applies, as to every route. The specs are read on the
 * first request for them, so the docs cost the mock's start nothing.
 *
 * @example await registerDocsRoutes(app, engine, { specDir: 'spec' })
 */
export async function registerDocsRoutes(app: FastifyInstance, engine: Engine, options: DocsOptions): Promise<void> {
  /** What the page shows, made from the model served now: `serve --watch` swaps the model, and the next request sees the new specs. */
  let shown: { model: SpecModel; apis: Array<{ name: string; title: string }>; init: string; documents?: Promise<Map<string, object>> } | undefined
  const current = () => {
    if (shown?.model !== engine.model) {
      const apis = engine.model.apis.map((api) => ({ name: api.name, title: api.title }))
      shown = { model: engine.model, apis, init: initScript(apis) }
    }
    return shown
  }
  const loadDocuments = async (apis: ReadonlyArray<{ name: string }>): Promise<Map<string, object>> => {
    const wanted = new Set(apis.map((api) => api.name))
    // Read again after a reload: the files are what changed. In-memory sources never change.
    const sources = options.sources ?? (await import('../spec/load-sources.js')).loadSources({ specDir: options.specDir, fixturesDir: options.fixturesDir })
    const found = new Map<string, object>()
    for (const source of sources) {
      const name = (source.document as unknown as { 'x-authmock'?: { name?: unknown } })['x-authmock']?.name
      if (typeof name === 'string' && wanted.has(name)) found.set(name, docsDocument(source.document))
    }
    return found
  }
  const documentsList = (apis: ReadonlyArray<{ name: string }>) => apis.map((a) => `/__mock/docs/${a.name}.json`).join(', ')

  const assetDir = (options.assetDir ?? swaggerUiDir)()
  const assets = new Map<string, Promise<Buffer>>()
  const page = docsPage()

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).header('content-security-policy', DOCS_CSP).header('x-content-type-options', 'nosniff').type('text/html; charset=utf-8').send(body)

  app.get('/__mock/docs', async (_request, reply) => {
    if (assetDir === undefined) return sendProblem(reply, 501, 'ERR_DOCS_UNAVAILABLE', { documents: documentsList(current().apis) })
    return html(reply, page)
  })
  // The address typed with a slash; relative Location, so no Host is echoed.
  app.get('/__mock/docs/', async (_request, reply) => reply.redirect('/__mock/docs', 302))
  app.get('/__mock/docs/init.js', async (_request, reply) =>
    reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(current().init))

  app.get('/__mock/docs/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    const api = file.endsWith('.json') ? file.slice(0, -'.json'.length) : undefined
    const now = current()
    if (api !== undefined) {
      now.documents ??= loadDocuments(now.apis)
      const document = (await now.documents).get(api)
      if (document !== undefined) return reply.header('cache-control', 'no-cache').send(document)
    }
    const type = ASSETS[file]
    // Only the four files named above are ever read: the parameter never reaches a path otherwise.
    if (type === undefined || assetDir === undefined) return sendProblem(reply, 404, 'ERR_DOCS_NOT_FOUND', { file, documents: documentsList(now.apis) })
    let body = assets.get(file)
    if (body === undefined) {
      body = readFile(join(assetDir, file))
      assets.set(file, body)
    }
    return reply.header('x-content-type-options', 'nosniff').header('cache-control', 'max-age=3600').type(type).send(await body)
  })
}

/** swagger-ui-dist's folder, or undefined when the optional dependency is not installed. */
function swaggerUiDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  } catch {
    return undefined
  }
}

/** Relative URLs: the page works on whatever host and port (or path prefix) reached the mock. */
function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>authmock API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-ui-standalone-preset.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`
}

/**
 * Swagger UI's start-up, as a file (the CSP allows no inline script). `urls`
 * fills the top bar's definition selector, one entry per API. validatorUrl
 * null: Swagger UI otherwise sends each spec to validator.swagger.io for a
 * badge. queryConfigEnabled false (its default, said aloud): a link with
 * ?url= or ?configUrl= cannot make this same-origin page load someone else's
 * spec or config.
 */
function initScript(apis: ReadonlyArray<{ name: string; title: string }>): string {
  const urls = apis.map((api) => ({ url: `docs/${encodeURIComponent(api.name)}.json`, name: `${api.title} (${api.name})` }))
  // JSON with "<" escaped is a JavaScript literal that cannot end the script early.
  const literal = JSON.stringify(urls).replace(/</g, '\\u003c')
  return `window.ui = SwaggerUIBundle({
  urls: ${literal},
  dom_id: '#swagger-ui',
  deepLinking: true,
  displayOperationId: true,
  validatorUrl: null,
  queryConfigEnabled: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
  layout: 'StandaloneLayout',
})
`
}
