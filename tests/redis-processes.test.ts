import { spawn, spawnSync } from 'node:child_process'
import { createServer, request as httpRequest, type Server } from 'node:http'
import t, { type Test } from 'tap'
import { verifyServer } from '../src/contract/verify-server.js'
import { loadModel } from '../src/spec/load-model.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'
import { freePort, startTestRedis } from './redis-server.js'
import { childEnv } from './child-env.js'

const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const redis = await startTestRedis(t)

/** `authmock serve --store <url>` as its own process; resolves once its banner is out. */
async function serve(t: Test, store: string): Promise<string> {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--quiet', '--store', store], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  // Bounded: 30 s of 50 ms waits.
  for (let i = 0; i < 600 && !/Ctrl-C/.test(out); i++) await new Promise((r) => setTimeout(r, 50))
  const url = /on (http:\/\/\S+)/.exec(out)?.[1]
  if (!url) throw new Error(`serve did not start: ${out}`)
  t.match(out, /State: shared in redis:\/\/127\.0\.0\.1/, 'the banner says where state lives')
  return url
}

/** A load balancer of the plainest kind: each request to the next replica in turn, whatever connection it came on. */
async function roundRobin(t: Test, upstreams: string[]): Promise<string> {
  let next = 0
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstreams[next++ % upstreams.length])
    const forward = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    forward.on('error', () => { res.writeHead(502).end() })
    req.pipe(forward)
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return `http://127.0.0.1:${port}`
}

if (redis) {
  t.test('two serve processes on one Redis, requests alternating between them, pass verify for every API', async (t) => {
    const [a, b] = await Promise.all([serve(t, redis.url), serve(t, redis.url)])
    const front = await roundRobin(t, [a, b])
    const model = await loadModel()
    const result = await verifyServer({ model, baseUrl: front, accounts: MOCK_ACCOUNTS })
    const failed = result.cases.filter((c) => c.outcome === 'failed')
    t.same(failed.map((c) => [c.api, c.operationId, c.case, c.violations]), [], 'no failed case: the replicas behave as one server')
    t.same([...new Set(result.cases.map((c) => c.api))].sort(), model.apis.map((api) => api.name).sort(), 'every API ran')
    t.ok(result.cases.filter((c) => c.outcome === 'passed').length >= 30, `${result.cases.length} cases`)
  })

  t.test('a store that does not answer at start: exit 1, the URL named, its password never shown', async (t) => {
    const port = await freePort()
    const run = spawnSync(process.execPath, [...CLI, 'serve', '--port', '0', '--store', `redis://:hunter2-secret@127.0.0.1:${port}/2`, '--store-timeout', '300'], { encoding: 'utf8', timeout: 30_000, env: childEnv() })
    t.equal(run.status, 1)
    t.match(run.stderr, new RegExp(`ERR_STORE_UNAVAILABLE: The state store redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/2 does not answer`))
    t.notMatch(run.stdout + run.stderr, /hunter2/, 'the password is nowhere')
    const env = spawnSync(process.execPath, [...CLI, 'serve', '--port', '0', '--store-timeout', '300'], { encoding: 'utf8', timeout: 30_000, env: childEnv({ AUTHMOCK_STORE: `redis://:hunter2-secret@127.0.0.1:${port}` }) })
    t.equal(env.status, 1, 'AUTHMOCK_STORE is read too')
    t.notMatch(env.stdout + env.stderr, /hunter2/)
    const seeded = spawnSync(process.execPath, [...CLI, 'serve', '--store', `redis://127.0.0.1:${port}`, '--seed', '1'], { encoding: 'utf8', timeout: 30_000, env: childEnv() })
    t.equal(seeded.status, 2, '--seed with --store is refused: replicas would issue the same tokens')
    t.match(seeded.stderr, /--seed with --store/)
    const bad = spawnSync(process.execPath, [...CLI, 'serve', '--store', 'http://:pw-secret@x'], { encoding: 'utf8', timeout: 30_000, env: childEnv() })
    t.equal(bad.status, 2, 'not a redis URL: a usage error')
    t.notMatch(bad.stdout + bad.stderr, /pw-secret/)
  })
}
