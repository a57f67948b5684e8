// Serves the built example on 127.0.0.1 (a tiny static server; no framework).
// `node examples/browser-app/serve.mjs` then open the printed URL.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { buildExample } from './build.mjs'

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' }

/** Starts the static server; resolves with its URL and a close function. */
export async function serveExample(port = 0) {
  const dir = await buildExample()
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '')
    const file = join(dir, path === '/' ? 'index.html' : path)
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { url } = await serveExample(Number(process.env.PORT ?? 5173))
  console.log(`example app on ${url}`)
}
