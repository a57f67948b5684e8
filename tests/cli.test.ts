import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import t from 'tap'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: childEnv() })

t.test('--help and --version', async (t) => {
  const help = run('--help')
  t.equal(help.status, 0)
  t.match(help.stdout, /authmock serve \[options\]/)
  t.match(help.stdout, /--token-ttl/)
  t.match(run('--version').stdout, /^\d+\.\d+\.\d+\n$/)
})

t.test('bad flags exit 2 with a message naming the problem', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['serve', '--port', 'abc'], /--port takes a whole number, got "abc"/],
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--api', 'nope'], /No API named "nope"\. Available: akinon-commerce, nwapp/],
    [['serve', '--token-ttl', 'soon'], /tokenTtl "soon": use <duration>/],
    [['serve', '--port', '70000'], /port "70000"/],
    [['serve', '--cors-origin', 'localhost'], /corsOrigins "localhost"/],
    [['launch'], /unknown command "launch"/],
  ]
  for (const [args, message] of cases) {
    const res = run(...args)
    t.equal(res.status, 2, args.join(' '))
    t.match(res.stderr, message, args.join(' '))
  }
})

t.test('apis lists the operations', async (t) => {
  const res = run('apis')
  t.equal(res.status, 0)
  t.match(res.stdout, /POST\s+\/authToken\s+unicommerceAuthToken/)
})

/** Starts `authmock serve`, waits for the banner, returns the URL and the process. */
async function startServe(args: string[]) {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  for (let i = 0; i < 300 && !/Ctrl-C/.test(out); i++) await new Promise((r) => setTimeout(r, 50))
  const url = /on (http:\/\/\S+)/.exec(out)?.[1]
  return { child, url, exited, output: () => out }
}

t.test('serve prints a banner, answers, logs, and stops cleanly on SIGTERM', async (t) => {
  const { child, url, exited, output } = await startServe(['--api', 'nwapp', '--seed', '3'])
  t.teardown(() => child.kill('SIGKILL'))
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.match(output(), /GET\s+\/api\/v1\/public\/profile\s+nwappProfile/)
  const res = await fetch(`${url}/api/v1/public/profile`)
  t.equal(res.status, 401)
  child.kill('SIGTERM')
  t.equal(await exited, 0)
  t.match(output(), /GET \/api\/v1\/public\/profile 401/)
  t.match(output(), /SIGTERM, closing/)
})

t.test('a port in use is a clear error', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  const res = spawnSync(process.execPath, [...CLI, 'serve', '--port', String(port)], { encoding: 'utf8', timeout: 30_000, env: childEnv() })
  t.equal(res.status, 1)
  t.match(res.stderr, /port is already in use.*--port 0/)
})
