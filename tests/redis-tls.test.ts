import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { findTool, requireTool } from './require-tool.js'
import { freePort } from './redis-server.js'
import { childEnv } from './child-env.js'

const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const PASSWORD = 'tls-test-secret-pw'

t.test('serve --store rediss:// with a password: TLS to Redis, the password never printed', async (t) => {
  if (!requireTool(t, 'redis', 'redis-server', 'redis-server') || !requireTool(t, 'openssl', 'openssl', 'openssl')) return
  const dir = mkdtempSync(join(tmpdir(), 'authmock-tls-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' })
  t.equal(made.status, 0, 'a self-signed certificate for 127.0.0.1')
  const port = await freePort()
  const redis = spawn(findTool('redis-server'), ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1',
    '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-ca-cert-file', join(dir, 'cert.pem'),
    '--tls-auth-clients', 'no', '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  t.teardown(() => { redis.kill('SIGKILL') })
  await sleep(300)

  // The CA as Node takes one for every TLS client: NODE_EXTRA_CA_CERTS (README, "Running several replicas").
  const serve = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ AUTHMOCK_STORE: `rediss://:${PASSWORD}@127.0.0.1:${port}`, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }),
  })
  t.teardown(() => { serve.kill('SIGKILL') })
  let out = ''
  serve.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  serve.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  // Bounded: 30 s of 50 ms waits.
  for (let i = 0; i < 600 && !/Ctrl-C|ERR_/.test(out); i++) await sleep(50)
  const url = /on (http:\/\/\S+)/.exec(out)?.[1]
  t.ok(url, `serve started on the TLS store: ${out.split('\n')[0]}`)
  t.match(out, new RegExp(`State: shared in rediss://:\\*\\*\\*@127\\.0\\.0\\.1:${port}`))
  const login = await fetch(`${url}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' }) })
  t.equal(login.status, 200, 'a login through the TLS store')
  t.notMatch(out, new RegExp(PASSWORD), 'the password is nowhere in the output')

  const wrong = spawnSync(process.execPath, [...CLI, 'serve', '--port', '0', '--store-timeout', '500', '--store', `rediss://:not-the-${PASSWORD}@127.0.0.1:${port}`], {
    encoding: 'utf8', timeout: 30_000, env: childEnv({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }),
  })
  t.equal(wrong.status, 1, 'a wrong password stops the start')
  t.match(wrong.stderr, /ERR_STORE_UNAVAILABLE/)
  t.notMatch(wrong.stdout + wrong.stderr, /not-the-/, 'and is not printed either')
})
