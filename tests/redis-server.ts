import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { findTool, requireTool } from './require-tool.js'

/** A redis-server of the test's own, on 127.0.0.1 and a free port, without persistence. */
export interface TestRedis {
  port: number
  url: string
  /** Stops it (SIGKILL: what a crash looks like to the mock). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** True once something answers PING with +PONG on the port. */
async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean) => { socket.destroy(); resolve(ok) }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

/**
 * Starts redis-server (Debian's `redis-server`, which .ci/run installs) for one
 * test file and stops it at teardown. Returns undefined when it is missing
 * outside CI (the test is then skipped with a message); in CI a missing
 * redis-server fails the test.
 */
export async function startTestRedis(t: Test): Promise<TestRedis | undefined> {
  if (!requireTool(t, 'redis', 'redis-server', 'redis-server')) return undefined
  const binary = findTool('redis-server')
  const port = await freePort()
  let child: ChildProcess | undefined
  async function start(): Promise<void> {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' })
    // Bounded: 100 tries of 50 ms.
    for (let i = 0; i < 100; i++) {
      if (await answersPing(port)) return
      await sleep(50)
    }
    throw new Error(`redis-server did not answer on port ${port} within 5 s`)
  }
  async function stop(): Promise<void> {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  t.teardown(stop)
  return { port, url: `redis://127.0.0.1:${port}`, stop, start }
}
