import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, as tests/cli.test.ts runs it.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']

function open(port: number, head: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => { socket.write(head); resolve(socket) })
    socket.on('error', reject)
  })
}

const closed = (socket: Socket): Promise<void> => new Promise((resolve) => {
  if (socket.destroyed) resolve()
  else socket.once('close', () => resolve())
})

t.test('SIGTERM exits within a second while a timeout fault, a delayed answer, incomplete headers and a trickling body are pending', async (t) => {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (chunk) => { out += chunk })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000)
    child.stdout.on('data', () => {
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) { clearTimeout(timer); resolve(Number(m[1])) }
    })
  })
  const pending = [
    await open(port, 'GET /api/v1/public/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nPrefer: fault=timeout\r\n\r\n'),
    await open(port, 'GET /api/v1/public/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nPrefer: delay=100000\r\n\r\n'),
    await open(port, 'GET /api/v1/public/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
    await open(port, 'POST /authToken HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user'),
  ]
  for (const socket of pending) socket.on('error', () => {})
  // Let the server take them all in (the fault and the delay are inside the handler by now).
  await new Promise((resolve) => setTimeout(resolve, 300))
  const started = performance.now()
  child.kill('SIGTERM')
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const took = performance.now() - started
  t.equal(code, 0)
  t.ok(took < 2000, `exited in ${Math.round(took)} ms (the old server waited for the held connection: 5 minutes)`)
  t.match(out, /SIGTERM, closing/)
  await Promise.all(pending.map(closed))
  t.pass('every pending connection was dropped')
})

t.test('a client that never completes its request is dropped after the request timeout', async (t) => {
  const app = await buildApp({ seed: 1, requestTimeoutMs: 400 })
  t.teardown(() => app.close())
  const port = Number(new URL(await listen(app, { port: 0 })).port)
  const stalledHeaders = await open(port, 'GET /__mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
  const trickling = await open(port, 'POST /authToken HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{')
  let answers = ''
  for (const socket of [stalledHeaders, trickling]) {
    socket.on('data', (chunk) => { answers += chunk })
    socket.on('error', () => {})
  }
  // Bounded: both must be closed by the server within a few checking intervals.
  const guard = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000))
  const result = await Promise.race([Promise.all([closed(stalledHeaders), closed(trickling)]).then(() => 'closed' as const), guard])
  for (const socket of [stalledHeaders, trickling]) socket.destroy()
  t.equal(result, 'closed')
  t.match(answers, /408/, 'Node answers 408 Request Timeout before closing')
  t.equal((await app.inject({ method: 'GET', url: '/__mock/health' })).statusCode, 200, 'the server keeps serving')
})
