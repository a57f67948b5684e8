// @peculiar/x509 2 resolves its algorithms through tsyringe, which needs the Reflect metadata API before it loads
// (the library's README: "Reflect Polyfill Required"). This file is loaded only by --https (serve, proxy).
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import type { TlsMaterial } from './tls-load-files.js'

/** What `--https` serves (serve and proxy alike), and where the CA to trust is. */
export interface LocalCertificate extends TlsMaterial {
  /** The CA certificate (PEM): trust it once, and every later start's certificate is trusted too. */
  caPath: string
  /** What this start did: made a CA (and a certificate), made a certificate from the kept CA, or reused both. */
  made: 'ca' | 'certificate' | 'nothing'
}

/** The names every localhost certificate covers: what a browser on this machine may call the mock. */
export const LOCAL_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1']

const DAY_MS = 86_400_000
/** The CA lasts ten years: trusting it is the one manual step, so it should rarely come back. */
const CA_DAYS = 3650
/** A certificate lasts a year, under the 825 days macOS accepts from a CA a user added; re-issued from the same CA when due. */
const CERTIFICATE_DAYS = 365
/** Re-issued this long before it ends, so a server started today does not stop being trusted tomorrow. */
const RENEW_BEFORE_DAYS = 30
// ECDSA P-256: every TLS client takes it, and making a key costs milliseconds where RSA-2048 costs up to a second.
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'cert.pem', key: 'key.pem' }

/**
 * A certificate for `names` (localhost, 127.0.0.1, ::1 and --host), signed by
 * a local CA, both kept in `dir`: the CA is made once, the certificate reused
 * while it is valid for a month more, chains to the kept CA, holds its key and
 * covers every name; otherwise a new one is issued from the same CA, so a
 * user who trusted the CA never has to again. Keys are written 0600 in a 0700
 * folder and never printed. The X.509 encoding is @peculiar/x509's (Node has
 * no certificate builder); the checks are Node's own X509Certificate.
 *
 * @example const { key, cert, caPath } = await tlsLocalCertificate(tlsCacheDir(), LOCAL_NAMES)
 */
export async function tlsLocalCertificate(dir: string, names: readonly string[], now = Date.now()): Promise<LocalCertificate> {
  const caPath = join(dir, FILES.ca)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw cacheError(dir, error)
  }
  const kept = readKept(dir)
  const ca = kept.ca && kept.caKey && usableCa(kept.ca, kept.caKey, now) ? { cert: kept.ca, key: kept.caKey } : undefined
  if (ca && kept.cert && kept.key && usableCertificate(kept.cert, kept.key, ca.cert, names, now)) {
    return { key: kept.key, cert: kept.cert, caPath, made: 'nothing' }
  }
  x509.cryptoProvider.set(webcrypto as unknown as Crypto)
  const authority = ca ?? await makeCa(now)
  const issued = await issueCertificate(authority, names, now)
  try {
    if (!ca) {
      // The CA's key first: a CA file without its key would be re-made next start, and trusted in vain.
      writeKept(join(dir, FILES.caKey), authority.key, 0o600)
      writeKept(caPath, authority.cert, 0o644)
    }
    writeKept(join(dir, FILES.key), issued.key, 0o600)
    writeKept(join(dir, FILES.cert), issued.cert, 0o644)
  } catch (error) {
    throw cacheError(dir, error)
  }
  return { ...issued, caPath, made: ca ? 'certificate' : 'ca' }
}

/** The kept files' text; a file missing or unreadable is undefined (made again). */
function readKept(dir: string): Partial<Record<keyof typeof FILES, string>> {
  const kept: Partial<Record<keyof typeof FILES, string>> = {}
  for (const [name, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    try {
      kept[name] = readFileSync(join(dir, file), 'utf8')
    } catch {
      // Absent on the first start.
    }
  }
  return kept
}

function usableCa(certPem: string, keyPem: string, now: number): boolean {
  try {
    const ca = new X509Certificate(certPem)
    return ca.ca && ca.checkPrivateKey(createPrivateKey(keyPem)) && Date.parse(ca.validTo) - now > CERTIFICATE_DAYS * DAY_MS
  } catch {
    return false
  }
}

function usableCertificate(certPem: string, keyPem: string, caPem: string, names: readonly string[], now: number): boolean {
  try {
    const cert = new X509Certificate(certPem)
    return cert.verify(new X509Certificate(caPem).publicKey) && cert.checkPrivateKey(createPrivateKey(keyPem)) &&
      Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) - now > RENEW_BEFORE_DAYS * DAY_MS &&
      names.every((name) => (isIp(name) ? cert.checkIP(name) : cert.checkHost(name, { wildcards: false })) !== undefined)
  } catch {
    return false
  }
}

async function makeCa(now: number): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    // The host name tells two machines' CAs apart in a trust store.
    name: `CN=authmock local CA (${hostname().replace(/[,+"\\<>;=]/g, '-')}), O=authmock`,
    // An hour back: a client whose clock is a little behind still accepts it.
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + CA_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // pathLen 0: the CA signs server certificates only, never another CA (RFC 5280 §4.2.1.9).
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey) }
}

async function issueCertificate(ca: { cert: string; key: string }, names: readonly string[], now: number): Promise<TlsMaterial> {
  const authority = new x509.X509Certificate(ca.cert)
  const der = createPrivateKey(ca.key).export({ type: 'pkcs8', format: 'der' })
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign'])
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost, O=authmock',
    issuer: authority.subject,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + CERTIFICATE_DAYS * DAY_MS),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // serverAuth: macOS and Chromium refuse a TLS server certificate without it.
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      // Clients match the SAN only, never the CN (RFC 6125 §6.4.4; Chromium since 58).
      new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIp(name) ? 'ip' as const : 'dns' as const, value: name }))),
      await x509.AuthorityKeyIdentifierExtension.create(authority.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey) }
}

async function pemKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY')
}

/** 16 random bytes, the first bit clear: a positive serial, unique enough that no client confuses two (RFC 5280 §4.1.2.2). */
function serial(): string {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] as number) & 0x7f
  return bytes.toString('hex')
}

function isIp(name: string): boolean {
  return name.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(name)
}

/**
 * Written beside the file and renamed over it: a start that dies half-way, or
 * two starts at once, never leave half a PEM. Mode set again after: a file
 * that already existed keeps its old mode through writeFileSync.
 */
function writeKept(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, text, { mode })
  chmodSync(temporary, mode)
  renameSync(temporary, path)
}

function cacheError(dir: string, error: unknown): AuthmockError {
  const { code, message } = error as NodeJS.ErrnoException
  return new AuthmockError('ERR_TLS_CACHE', { dir, detail: code ?? message })
}
