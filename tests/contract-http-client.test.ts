import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { createHttpClient } from '../src/contract/create-http-client.js'

// What the verify/proxy client keeps by hand over undici (its header comment
// says why), and what it relies on undici for, pinned through real sockets.

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }

/** A loopback server that records what it received; closed when the test ends. */
async function startServer(t: { teardown(fn: () => unknown): void }, handler: (request: IncomingMessage, response: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = []
  let connections = 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const one = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      seen.push(one)
      handler(request, response, one)
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections }
}

function newClient(t: { teardown(fn: () => unknown): void }, options: Parameters<typeof createHttpClient>[0] = {}) {
  const client = createHttpClient(options)
  t.teardown(() => client.close())
  return client
}

t.test('undici is loaded by the first exchange, not by importing the package', async (t) => {
  const cache = createRequire(import.meta.url).cache
  const loaded = () => Object.keys(cache).some((path) => path.includes('/node_modules/undici/'))
  await import('../src/index.js')
  t.notOk(loaded(), 'the package entry (which re-exports verify and proxy) did not load it')
  const target = await startServer(t, (_request, response) => response.writeHead(204).end())
  const client = newClient(t)
  t.match(await client.send({ method: 'GET', url: target.url }), { ok: true, response: { status: 204 } })
  t.ok(loaded())
  await client.close()
  t.match(await client.send({ method: 'GET', url: target.url }), { ok: false, failure: { code: 'ERR_TARGET_FAILED', message: /the HTTP client was closed/ } }, 'no new pool after close()')
})

t.test('manual mode hands a 302 back with its Location; follow mode follows it', async (t) => {
  const target = await startServer(t, (request, response) => {
    if (request.url === '/from') response.writeHead(302, { location: '/to' }).end()
    else response.writeHead(200, { 'content-type': 'text/plain' }).end('arrived')
  })
  const client = newClient(t)
  const manual = await client.send({ method: 'POST', url: `${target.url}/from`, redirect: 'manual' })
  t.match(manual, { ok: true, response: { status: 302, headers: { location: '/to' }, url: `${target.url}/from` } })
  t.same(target.seen.map((s) => s.url), ['/from'], 'not followed')
  const followed = await client.send({ method: 'GET', url: `${target.url}/from`, redirect: 'follow' })
  t.match(followed, { ok: true, response: { status: 200, text: 'arrived', url: `${target.url}/to` } })
})

t.test('a followed redirect: 303 becomes a bodiless GET, 307 keeps method and body, credentials never cross origins', async (t) => {
  const other = await startServer(t, (_request, response) => response.writeHead(204).end())
  const target = await startServer(t, (request, response) => {
    if (request.url === '/see-other') response.writeHead(303, { location: '/landing' }).end()
    else if (request.url === '/temporary') response.writeHead(307, { location: '/landing' }).end()
    else if (request.url === '/elsewhere') response.writeHead(302, { location: `${other.url}/outside` }).end()
    else response.writeHead(204).end()
  })
  const client = newClient(t)
  const headers = { accept: 'application/json', 'user-agent': 'authmock-verify', 'content-type': 'application/json', 'x-api-key': 'k-123', authorization: 'Bearer t-456', cookie: 'sid=s-789' }
  const send = (path: string) => client.send({ method: 'POST', url: `${target.url}${path}`, headers, body: '{"a":1}', redirect: 'follow' })

  await send('/see-other')
  t.match(target.seen.at(-1), { method: 'GET', url: '/landing', body: '' })
  t.notOk(target.seen.at(-1)?.headers['content-type'], 'no content type without a body')
  t.equal(target.seen.at(-1)?.headers['x-api-key'], 'k-123', 'same origin: credentials stay')

  await send('/temporary')
  t.match(target.seen.at(-1), { method: 'POST', url: '/landing', body: '{"a":1}', headers: { 'content-type': 'application/json' } })

  await send('/elsewhere')
  const outside = other.seen.at(-1)
  t.equal(outside?.url, '/outside')
  t.same(Object.keys(outside?.headers ?? {}).filter((name) => !['host', 'connection'].includes(name)).sort(), ['accept', 'user-agent'],
    'another origin gets only accept and user-agent: no authorization, cookie or API key in a custom header')
})

t.test('too many redirects name the chain; the deadline spans the whole chain', async (t) => {
  let delayMs = 60
  let hops = 0
  const target = await startServer(t, (request, response) => {
    hops++
    setTimeout(() => response.writeHead(302, { location: `/${Number(request.url?.slice(1)) + 1}` }).end(), delayMs)
  })
  // Each hop answers in 60 ms: under the 150 ms deadline alone, over it together.
  const slow = await newClient(t, { maxRedirects: 5, timeoutMs: 150 }).send({ method: 'GET', url: `${target.url}/0`, redirect: 'follow' })
  t.match(slow, { ok: false, failure: { code: 'ERR_TARGET_TIMEOUT' } })
  t.ok(hops >= 2, `${hops} hops were made before the deadline`)

  delayMs = 0
  const many = await newClient(t, { maxRedirects: 2 }).send({ method: 'GET', url: `${target.url}/0`, redirect: 'follow' })
  t.match(many, { ok: false, failure: { code: 'ERR_TARGET_TOO_MANY_REDIRECTS', message: /^More than 2 redirects: http:\/\/127\.0\.0\.1:\d+\/0 -> \S+\/1 -> \S+\/2 -> \S+\/3\./ } })
})

t.test('the body is kept as it came and decoded for the checker; each Set-Cookie apart', async (t) => {
  const json = '{"token":"abc"}'
  const target = await startServer(t, (request, response) => {
    const headers: [string, string][] = [['content-type', 'application/json'], ['set-cookie', 'a=1; HttpOnly'], ['set-cookie', 'b=2, c=3'], ['vary', 'accept'], ['vary', 'origin']]
    if (request.url === '/gzip') response.writeHead(200, [...headers.flat(), 'content-encoding', 'gzip']).end(gzipSync(json))
    else if (request.url === '/broken') response.writeHead(200, ['content-encoding', 'gzip']).end('not gzip at all')
    else response.writeHead(200, ['content-encoding', 'compress']).end('x')
  })
  const client = newClient(t)
  const gzip = await client.send({ method: 'GET', url: `${target.url}/gzip` })
  if (!gzip.ok) throw new Error(gzip.failure.message)
  t.same(gzip.response.raw, gzipSync(json), 'raw: the compressed bytes, for the proxy to pass on')
  t.equal(gzip.response.text, json, 'text: decoded')
  t.same(gzip.response.setCookies, ['a=1; HttpOnly', 'b=2, c=3'], 'never folded (RFC 6265 §3)')
  t.equal(gzip.response.headers.vary, 'accept, origin', 'other repeated headers joined')
  t.notOk('set-cookie' in gzip.response.headers)
  const pairs = gzip.response.rawHeaders
  t.same([...pairs.keys()].filter((i) => i % 2 === 0 && pairs[i] === 'set-cookie').map((i) => pairs[i + 1]), ['a=1; HttpOnly', 'b=2, c=3'], 'raw headers: one pair per header sent')

  const broken = await client.send({ method: 'GET', url: `${target.url}/broken` })
  t.match(broken, { ok: true, response: { status: 200, text: undefined } }, 'a body that does not decode is no text, not a crash')
  t.equal(broken.ok && broken.response.raw.toString(), 'not gzip at all')
  t.match(await client.send({ method: 'GET', url: `${target.url}/unknown` }), { ok: true, response: { text: undefined } }, 'an unknown coding is not guessed')
})

t.test('a malformed body goes out byte for byte, with its length, to the Host of the URL, over kept-alive connections', async (t) => {
  const target = await startServer(t, (_request, response) => response.writeHead(400).end())
  const client = newClient(t)
  const body = '{"email": "a@b.c", "password": '
  for (let i = 0; i < 10; i++) await client.send({ method: 'POST', url: `${target.url}/login`, headers: { 'content-type': 'application/json' }, body })
  t.match(target.seen[0], { body, headers: { 'content-length': String(Buffer.byteLength(body)), host: target.url.slice('http://'.length) } })
  // Not exactly one: undici's pool may open a second connection while the first is being released.
  t.ok(target.connections() <= 2, `ten sequential exchanges over ${target.connections()} kept-alive connection(s)`)
})

t.test('retries: any method, and after the last attempt the last 503 is the answer', async (t) => {
  const target = await startServer(t, (_request, response) => response.writeHead(503, { 'content-type': 'application/json' }).end('{}'))
  const client = newClient(t, { retries: 2 })
  const result = await client.send({ method: 'POST', url: `${target.url}/login`, body: '{}' })
  t.match(result, { ok: true, response: { status: 503 } }, 'an answer to check, not an error')
  t.equal(target.seen.length, 3, 'POST retried: the user asked for it')
})
