import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import t, { type Test } from 'tap'
import { Agent, fetch as undiciFetch } from 'undici'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { LOCAL_NAMES, tlsLocalCertificate } from '../src/server/tls-local-certificate.js'
import { childEnv } from './child-env.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const NWAPP = MOCK_ACCOUNTS.nwapp as Record<string, string>

const root = mkdtempSync(join(tmpdir(), 'authmock-proxy-https-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))

/** A folder of its own under the test's temporary root. */
function folder(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The stub server as the proxy's target: plain http on 127.0.0.1, in this process. */
async function startTarget(t: Test): Promise<string> {
  const upstream = await buildApp({ apis: ['nwapp', 'akinon-commerce'], seed: 8 })
  t.teardown(() => upstream.close())
  return listen(upstream, { port: 0 })
}

/** Starts `authmock proxy` as a child, waits (bounded) until it says it listens, and stops it in teardown. */
async function startProxy(t: Test, args: string[], env: Record<string, string>, ready: RegExp = /Ctrl-C stops/) {
  const child = spawn(process.execPath, [...CLI, 'proxy', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) })
  t.teardown(() => { child.kill('SIGKILL') })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  for (let i = 0; i < 300 && !ready.test(output) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50))
  return { url: /proxy on (https?:\/\/\S+) /.exec(output)?.[1] ?? '', caPath: /signed by the local CA in (.+)$/m.exec(output)?.[1], output }
}

/** Runs the CLI to its end (bounded), collecting its output. */
function runCli(args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, output }) })
  })
}

/** The SHA-256 fingerprint of the certificate a TLS server presents (trusting `ca`). */
function peerFingerprint(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().fingerprint256)
      socket.end()
    })
    socket.on('error', reject)
  })
}

/** An nwapp login through `base` with `dispatcher`. */
function nwappLogin(base: string, dispatcher: Agent) {
  return undiciFetch(`${base}/api/v1/public/login`, {
    dispatcher, method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: NWAPP.email, password: NWAPP.password }),
  })
}

/** A Set-Cookie header without its value: the attributes the proxy must leave as the target wrote them. */
const attributes = (header: string) => header.replace(/^([^=]+)=[^;]*/, '$1=')

t.test('authmock proxy --https: a client trusting the printed CA logs in through it; cookies pass unchanged; without the CA the handshake fails', async (t) => {
  const target = await startTarget(t)
  const xdg = folder('xdg')
  const { url, caPath, output } = await startProxy(t, ['--https', '--api', 'nwapp', '--api', 'akinon-commerce', '--target', target], { XDG_CACHE_HOME: xdg })
  t.match(url, /^https:\/\/127\.0\.0\.1:\d+$/, `the banner shows an https URL (output: ${output})`)
  t.equal(caPath, join(xdg, 'authmock', 'tls', 'ca.pem'), 'the banner names the CA file in serve\'s cache folder')
  t.match(output, /The CA is new: trust it once/)
  t.match(output, `the violations so far: ${url}/__mock/violations`)
  t.notMatch(output, /PRIVATE KEY|BEGIN/, 'no key material in the output')

  const ca = readFileSync(caPath as string, 'utf8')
  const trusted = new Agent({ connect: { ca } })
  t.teardown(() => trusted.close())
  const login = await nwappLogin(url, trusted)
  t.equal(login.status, 200, 'the login went through')
  t.equal(login.headers.get('x-authmock-violations'), '0', 'and matched the documents')
  t.match(await login.json(), { access_token: { token: String } })

  // The target is on http and sets no Secure; the proxy on https must not add it (it passes answers as they came).
  const direct = (await fetch(`${target}/csrf_token/`)).headers.getSetCookie()
  const proxied = await undiciFetch(`${url}/csrf_token/`, { dispatcher: trusted })
  const cookies = proxied.headers.getSetCookie()
  t.ok(cookies.length > 0, 'the target\'s cookies came through')
  t.same(cookies.map(attributes), direct.map(attributes), 'with the attributes the target wrote')
  t.notMatch(cookies.join('\n'), /Secure/i, 'and no Secure added')

  const untrusted = new Agent()
  t.teardown(() => untrusted.close())
  const refused = await nwappLogin(url, untrusted).then(() => undefined, (error: Error & { cause?: { code?: string } }) => error.cause?.code)
  t.match(refused, /CERT|SIGN|ISSUER|VERIFY/, `without the CA the handshake fails (${refused})`)

  // A second start, in JSON: the same CA reused, and the listening line carries the https URL.
  const json = await startProxy(t, ['--https', '--log-format', 'json', '--target', target], { XDG_CACHE_HOME: xdg }, /"msg":"listening"/)
  const listening = JSON.parse(json.output.split('\n').find((line) => line.includes('"listening"')) ?? '{}') as Record<string, unknown>
  t.match(listening, { msg: 'listening', url: /^https:\/\/127\.0\.0\.1:\d+$/, violations: /^https:\/\/127\.0\.0\.1:\d+\/__mock\/violations$/, tls: /signed by the local CA in .*ca\.pem\nTrust that CA once/ })
  t.match(String(listening.tls), caPath as string, 'the same CA file')
  t.equal(readFileSync(caPath as string, 'utf8'), ca, 'the same CA')
  const again = await nwappLogin(listening.url as string, trusted)
  t.equal(again.status, 200, 'trusted once, the CA covers the second start')
  await again.arrayBuffer()
})

t.test('authmock proxy --cert --key listens with that certificate; mistakes exit 2 naming the file, never its text', async (t) => {
  const target = await startTarget(t)
  const own = await tlsLocalCertificate(join(folder('own'), 'tls'), LOCAL_NAMES)
  const other = await tlsLocalCertificate(join(folder('other'), 'tls'), LOCAL_NAMES)
  const dir = folder('own-files')
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  const wrongKey = join(dir, 'wrong-key.pem')
  writeFileSync(cert, own.cert)
  writeFileSync(key, own.key)
  writeFileSync(wrongKey, other.key)
  const env = { XDG_CACHE_HOME: folder('own-xdg') }

  const [served, half, mismatched, missing] = await Promise.all([
    startProxy(t, ['--cert', cert, '--key', key, '--api', 'nwapp', '--target', target], env),
    runCli(['proxy', '--port', '0', '--cert', cert, '--target', target], env),
    runCli(['proxy', '--port', '0', '--cert', cert, '--key', wrongKey, '--target', target], env),
    runCli(['proxy', '--port', '0', '--https', '--cert', join(dir, 'nope.pem'), '--key', key, '--target', target], env),
  ])
  t.match(served.url, /^https:/, '--cert and --key alone listen on https')
  t.match(served.output, `TLS: the certificate in ${cert}`)
  t.equal(await peerFingerprint(served.url, readFileSync(own.caPath, 'utf8')), new X509Certificate(own.cert).fingerprint256, 'the peer certificate is the one given')

  t.equal(half.status, 2, '--cert without --key exits 2')
  t.match(half.output, /ERR_CONFIG_INVALID: .*--cert without --key: give both/)
  t.equal(mismatched.status, 2)
  t.match(mismatched.output, /ERR_TLS_KEY_MISMATCH: The key in --key .*wrong-key\.pem/)
  t.equal(missing.status, 2)
  t.match(missing.output, /ERR_TLS_FILE: Cannot use --cert .*nope\.pem: no such file/)
  const pemLines = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('-----'))
  for (const { output } of [half, mismatched, missing]) {
    t.notMatch(output, /BEGIN|PRIVATE KEY/, 'no PEM in the output')
    t.same([...pemLines(own.key), ...pemLines(other.key), ...pemLines(own.cert)].filter((line) => output.includes(line)), [], 'no line of a PEM file')
  }
})
