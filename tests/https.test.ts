import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { chromium } from 'playwright-core'
import t, { type Test } from 'tap'
import { Agent, fetch as undiciFetch } from 'undici'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { tlsCacheDir } from '../src/server/tls-cache-dir.js'
import { tlsLoadFiles } from '../src/server/tls-load-files.js'
import { LOCAL_NAMES, tlsLocalCertificate } from '../src/server/tls-local-certificate.js'
import { CHROMIUM_PATH } from './chromium.js'
import { checkTlsMistakes, ownCertificateFiles, peerFingerprint, runCli, startCli, tempFolders } from './tls-cli.js'
import { requireTool } from './require-tool.js'

const LOGIN = { email: 'shopper@example.com', password: 'shopper-pass' }

const folder = tempFolders(t, 'authmock-https-')

/** `authmock serve` as a child (tls-cli.ts startCli). */
const startServe = (t: Test, args: string[], env: Record<string, string>) => startCli(t, 'serve', args, env)

/** An Akinon login through undici with `dispatcher`: the Set-Cookie headers of the CSRF call and the login. */
async function akinonLogin(base: string, dispatcher: Agent): Promise<string[]> {
  const csrf = await undiciFetch(`${base}/csrf_token/`, { dispatcher })
  const token = csrf.headers.getSetCookie().map((c) => /^csrftoken=([^;]+)/.exec(c)?.[1]).find(Boolean) ?? ''
  const login = await undiciFetch(`${base}/users/login/`, {
    dispatcher, method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `csrftoken=${token}`, 'x-csrftoken': token },
    body: JSON.stringify(LOGIN),
  })
  if (login.status !== 200) throw new Error(`login answered ${login.status}`)
  return [...csrf.headers.getSetCookie(), ...login.headers.getSetCookie()]
}

t.test('the cache folder is the platform\'s', async (t) => {
  t.equal(tlsCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'darwin', '/home/u'), join('/x/cache', 'authmock', 'tls'), 'XDG_CACHE_HOME wins everywhere')
  t.equal(tlsCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), join('/home/u', '.cache', 'authmock', 'tls'), 'a relative XDG_CACHE_HOME is ignored (XDG spec)')
  t.equal(tlsCacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'authmock', 'tls'))
  t.equal(tlsCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), join('C:\\Users\\u\\AppData\\Local', 'authmock', 'tls'))
  t.equal(tlsCacheDir({}, 'win32', '/h'), join('/h', 'AppData', 'Local', 'authmock', 'tls'))
})

t.test('the local CA is made once; its certificate is reused while valid and re-issued from the same CA when it must be', async (t) => {
  const dir = join(folder('cache-unit'), 'tls')
  const first = await tlsLocalCertificate(dir, LOCAL_NAMES)
  t.equal(first.made, 'ca')
  const ca = new X509Certificate(readFileSync(first.caPath, 'utf8'))
  const cert = new X509Certificate(first.cert)
  t.ok(ca.ca, 'the CA is a CA')
  t.ok(cert.verify(ca.publicKey), 'the certificate is the CA\'s')
  t.notOk(cert.ca, 'the certificate is no CA')
  t.match(cert.subjectAltName, /DNS:localhost/)
  t.match(cert.subjectAltName, /IP Address:127\.0\.0\.1/)
  t.match(cert.subjectAltName, /IP Address:0:0:0:0:0:0:0:1/)
  if (process.platform !== 'win32') {
    t.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600, 'the CA key is 0600')
    t.equal(statSync(join(dir, 'key.pem')).mode & 0o777, 0o600, 'the key is 0600')
    t.equal(statSync(dir).mode & 0o777, 0o700, 'the folder is 0700')
  }

  const again = await tlsLocalCertificate(dir, LOCAL_NAMES)
  t.equal(again.made, 'nothing')
  t.equal(again.cert, first.cert, 'the same certificate')

  const named = await tlsLocalCertificate(dir, [...LOCAL_NAMES, 'mock.test'])
  t.equal(named.made, 'certificate', 'a new name: a new certificate')
  t.equal(new X509Certificate(readFileSync(named.caPath, 'utf8')).fingerprint256, ca.fingerprint256, 'from the same CA')
  t.match(new X509Certificate(named.cert).subjectAltName, /DNS:mock\.test/)

  const late = await tlsLocalCertificate(dir, LOCAL_NAMES, Date.now() + 340 * 86_400_000)
  t.equal(late.made, 'certificate', 'within a month of its end: re-issued')

  writeFileSync(join(dir, 'cert.pem'), 'not a certificate')
  t.equal((await tlsLocalCertificate(dir, LOCAL_NAMES)).made, 'certificate', 'a broken file: re-issued')
  writeFileSync(join(dir, 'ca-key.pem'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
  t.equal((await tlsLocalCertificate(dir, LOCAL_NAMES)).made, 'ca', 'a CA key that is not the CA\'s: a new CA')
})

t.test('a cache folder that cannot be made is ERR_TLS_CACHE naming it', async (t) => {
  const file = join(folder('cache-blocked'), 'a-file')
  writeFileSync(file, '')
  await t.rejects(tlsLocalCertificate(join(file, 'tls'), LOCAL_NAMES), { code: 'ERR_TLS_CACHE', message: new RegExp(`${file.replaceAll('\\', '\\\\')}.*XDG_CACHE_HOME`) })
})

t.test('--cert and --key are checked before start: named, never shown', async (t) => {
  const a = await tlsLocalCertificate(join(folder('pair-a'), 'tls'), LOCAL_NAMES)
  const b = await tlsLocalCertificate(join(folder('pair-b'), 'tls'), LOCAL_NAMES)
  const dir = folder('files')
  const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name) }
  const certA = write('a.pem', a.cert)
  const keyA = write('a-key.pem', a.key)
  const keyB = write('b-key.pem', b.key)
  const encrypted = write('encrypted-key.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret-pass' }) as string)
  const notPem = write('not-pem.json', '{"hello": "world"}')
  const broken = write('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
  const brokenKey = write('broken-key.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')
  t.same(tlsLoadFiles(certA, keyA), { cert: a.cert, key: a.key }, 'a matching pair loads')
  const cases: Array<[string, string, string, RegExp]> = [
    [join(dir, 'missing.pem'), keyA, 'ERR_TLS_FILE', /--cert .*missing\.pem: no such file/],
    [dir, keyA, 'ERR_TLS_FILE', /a folder, not a file/],
    [notPem, keyA, 'ERR_TLS_FILE', /not-pem\.json: not PEM: no "BEGIN CERTIFICATE"/],
    [certA, notPem, 'ERR_TLS_FILE', /--key .*not-pem\.json: not PEM/],
    [broken, keyA, 'ERR_TLS_FILE', /its first certificate cannot be read/],
    [certA, brokenKey, 'ERR_TLS_FILE', /its private key cannot be read/],
    [certA, encrypted, 'ERR_TLS_FILE', /the key is encrypted/],
    [certA, keyB, 'ERR_TLS_KEY_MISMATCH', /b-key\.pem is not the key of the certificate in --cert .*a\.pem/],
  ]
  for (const [cert, key, code, message] of cases) {
    t.throws(() => tlsLoadFiles(cert, key), { code, message }, `${code}: ${message}`)
  }
})

t.test('buildApp({ tls }) serves https: listen answers an https URL, and cookies carry Secure', async (t) => {
  const local = await tlsLocalCertificate(join(folder('in-process'), 'tls'), LOCAL_NAMES)
  const app = await buildApp({ apis: ['akinon-commerce'], tls: { key: local.key, cert: local.cert } })
  t.teardown(() => app.close())
  const base = await listen(app, { port: 0 })
  t.match(base, /^https:\/\/127\.0\.0\.1:\d+$/)
  const dispatcher = new Agent({ connect: { ca: readFileSync(local.caPath, 'utf8') } })
  t.teardown(() => dispatcher.close())
  const cookies = await akinonLogin(base, dispatcher)
  t.ok(cookies.some((c) => /^osessionid=\w+;.*; Secure; HttpOnly$/.test(c)), 'the session cookie is Secure')
  t.ok(cookies.filter((c) => c.startsWith('csrftoken=')).every((c) => /; Secure/.test(c)), 'the CSRF cookies are Secure')
  const har = (await (await undiciFetch(`${base}/__mock/requests.har`, { dispatcher })).json()) as { log: { entries: Array<{ request: { url: string } }> } }
  t.ok(har.log.entries.length > 0 && har.log.entries.every((e) => e.request.url.startsWith('https://')), 'the HAR\'s URLs say https')

  const plain = await buildApp({ apis: ['akinon-commerce'] })
  t.teardown(() => plain.close())
  const csrf = await plain.inject({ method: 'GET', url: '/csrf_token/' })
  t.notMatch(String(csrf.headers['set-cookie']), /Secure/, 'over http, no Secure (as before)')
})

t.test('authmock serve --https: a real TLS client trusts the printed CA, and refuses without it', async (t) => {
  const xdg = folder('xdg')
  const { url, caPath, output } = await startServe(t, ['--https', '--api', 'akinon-commerce'], { XDG_CACHE_HOME: xdg })
  t.match(url, /^https:\/\/127\.0\.0\.1:\d+$/, 'the banner shows an https URL')
  t.equal(caPath, join(xdg, 'authmock', 'tls', 'ca.pem'), 'the banner names the CA file in the cache folder')
  t.match(output, /The CA is new: trust it once/)
  t.notMatch(output, /PRIVATE KEY|BEGIN/, 'no key material in the output')

  const ca = readFileSync(caPath as string, 'utf8')
  const trusted = new Agent({ connect: { ca } })
  t.teardown(() => trusted.close())
  const cookies = await akinonLogin(url, trusted)
  t.ok(cookies.some((c) => /^osessionid=\w+;.*; Secure; HttpOnly$/.test(c)), 'the session cookie carries Secure over https')
  const viaName = await undiciFetch(url.replace('127.0.0.1', 'localhost') + '/__mock/health', { dispatcher: trusted })
  t.equal(viaName.status, 200, 'https://localhost is covered too')

  const untrusted = new Agent()
  t.teardown(() => untrusted.close())
  const refused = await undiciFetch(`${url}/__mock/health`, { dispatcher: untrusted }).then(() => undefined, (error: Error & { cause?: { code?: string } }) => error.cause?.code)
  t.match(refused, /CERT|SIGN|ISSUER|VERIFY/, `without the CA the handshake fails (${refused})`)

  // A second start reuses the CA: a user trusts it once.
  const second = await startServe(t, ['--https', '--api', 'akinon-commerce'], { XDG_CACHE_HOME: xdg })
  t.equal(second.caPath, caPath)
  t.match(second.output, /Trust that CA once/)
  t.equal(readFileSync(caPath as string, 'utf8'), ca, 'the same CA')
  t.equal(await peerFingerprint(second.url, ca), new X509Certificate(readFileSync(join(dirname(caPath as string), 'cert.pem'))).fingerprint256, 'the kept certificate')
})

t.test('authmock serve --cert --key serves that certificate; mistakes exit 2 naming the file, never its text', async (t) => {
  const { own, cert, key, wrongKey, missing: nope, pemLines } = await ownCertificateFiles(folder)
  const env = { XDG_CACHE_HOME: folder('own-xdg') }

  const [served, missing, mismatched, half] = await Promise.all([
    startServe(t, ['--cert', cert, '--key', key, '--api', 'nwapp'], env),
    runCli(['serve', '--port', '0', '--cert', nope, '--key', key], env),
    runCli(['serve', '--port', '0', '--https', '--cert', cert, '--key', wrongKey], env),
    runCli(['serve', '--port', '0', '--https', '--cert', cert], env),
  ])
  t.match(served.url, /^https:/, '--cert and --key alone serve https')
  t.match(served.output, `TLS: the certificate in ${cert}`)
  t.equal(await peerFingerprint(served.url, readFileSync(own.caPath, 'utf8')), new X509Certificate(own.cert).fingerprint256, 'the peer certificate is the one given')

  checkTlsMistakes(t, { missing, mismatched, half }, pemLines)
})

// Chromium trusts the certificate by its public key (--ignore-certificate-errors-spki-list, the pin Chromium's own
// tests use) rather than by ignoreHTTPSErrors: a pin accepts this key only, so the page loading proves the mock
// served the certificate made for it, where ignoreHTTPSErrors would accept any. withChromium takes no flags: the
// launch is the same one with the pin added.
if (requireTool(t, 'Chromium opens the control page over https', 'chromium', 'chromium')) {
  t.test('Chromium opens the control page over https and keeps the Secure session cookie', async (t) => {
    const xdg = folder('chromium-xdg')
    const { url, caPath } = await startServe(t, ['--https'], { XDG_CACHE_HOME: xdg })
    const leaf = new X509Certificate(readFileSync(join(dirname(caPath as string), 'cert.pem')))
    const spki = createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--ignore-certificate-errors-spki-list=${spki}`],
    })
    t.teardown(() => browser.close())
    const context = await browser.newContext()
    const page = await context.newPage()
    const response = await page.goto(`${url}/__mock/`)
    t.equal(response?.status(), 200)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })
    t.equal(await page.evaluate(() => window.isSecureContext), true, 'a secure context')
    const status = await page.evaluate(async (body) => {
      await fetch('/csrf_token/')
      const token = /csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? ''
      const login = await fetch('/users/login/', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrftoken': token }, body })
      return login.status
    }, JSON.stringify(LOGIN))
    t.equal(status, 200, 'a login from the page')
    const session = (await context.cookies()).find((c) => c.name === 'osessionid')
    t.ok(session?.secure, 'the browser keeps osessionid as a Secure cookie')
    t.ok(session?.httpOnly, 'and HttpOnly')
  })
}
