import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { Agent, fetch as undiciFetch } from 'undici'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { checkTlsMistakes, ownCertificateFiles, peerFingerprint, runCli, startCli, tempFolders } from './tls-cli.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

// The CLI from source through tsx, so the test never runs a stale build.
const NWAPP = MOCK_ACCOUNTS.nwapp as Record<string, string>

const folder = tempFolders(t, 'authmock-proxy-https-')

/** The stub server as the proxy's target: plain http on 127.0.0.1, in this process. */
async function startTarget(t: Test): Promise<string> {
  const upstream = await buildApp({ apis: ['nwapp', 'akinon-commerce'], seed: 8 })
  t.teardown(() => upstream.close())
  return listen(upstream, { port: 0 })
}

/** `authmock proxy` as a child (tls-cli.ts startCli). */
const startProxy = (t: Test, args: string[], env: Record<string, string>, ready?: RegExp) => startCli(t, 'proxy', args, env, ready)

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
  const { own, cert, key, wrongKey, missing: nope, pemLines } = await ownCertificateFiles(folder)
  const env = { XDG_CACHE_HOME: folder('own-xdg') }

  const [served, half, mismatched, missing] = await Promise.all([
    startProxy(t, ['--cert', cert, '--key', key, '--api', 'nwapp', '--target', target], env),
    runCli(['proxy', '--port', '0', '--cert', cert, '--target', target], env),
    runCli(['proxy', '--port', '0', '--cert', cert, '--key', wrongKey, '--target', target], env),
    runCli(['proxy', '--port', '0', '--https', '--cert', nope, '--key', key, '--target', target], env),
  ])
  t.match(served.url, /^https:/, '--cert and --key alone listen on https')
  t.match(served.output, `TLS: the certificate in ${cert}`)
  t.equal(await peerFingerprint(served.url, readFileSync(own.caPath, 'utf8')), new X509Certificate(own.cert).fingerprint256, 'the peer certificate is the one given')

  checkTlsMistakes(t, { missing, mismatched, half }, pemLines)
})
