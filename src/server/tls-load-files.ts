import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { AuthmockError } from '../core/errors.js'

/** A key and certificate chain in PEM, as `buildApp({ tls })` takes them. */
export interface TlsMaterial {
  key: string
  cert: string
}

/**
 * Reads `--cert` and `--key` and checks them before the port opens: both PEM,
 * the key unencrypted (nobody is there to type a passphrase), and the key the
 * certificate's own. Node would otherwise fail inside the TLS handshake or
 * with an OpenSSL error code. Errors name the file and never show its text
 * (the key is a secret; a certificate's is useless in a message).
 *
 * @example const tls = tlsLoadFiles('certs/localhost.pem', 'certs/localhost-key.pem')
 */
export function tlsLoadFiles(certPath: string, keyPath: string): TlsMaterial {
  const cert = readPem('--cert', certPath, /-----BEGIN CERTIFICATE-----/, 'no "BEGIN CERTIFICATE" block (is it DER? convert it with "openssl x509 -in FILE -out FILE.pem")')
  const key = readPem('--key', keyPath, /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'no "BEGIN PRIVATE KEY" block')
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(cert)
  } catch {
    throw new AuthmockError('ERR_TLS_FILE', { flag: '--cert', file: certPath, detail: 'its first certificate cannot be read' })
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(key)
  } catch (error) {
    // Node says which: a passphrase is wanted, or the block is not a key it can read (its OpenSSL reason, never the text).
    const encrypted = (error as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE' || /ENCRYPTED/.test(key)
    throw new AuthmockError('ERR_TLS_FILE', {
      flag: '--key', file: keyPath,
      detail: encrypted ? 'the key is encrypted (remove the passphrase: "openssl pkey -in KEY -out KEY.plain.pem")' : 'its private key cannot be read',
    })
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new AuthmockError('ERR_TLS_KEY_MISMATCH', { key: keyPath, cert: certPath })
  return { key, cert }
}

function readPem(flag: string, file: string, block: RegExp, missing: string): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const detail = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : code === 'EISDIR' ? 'a folder, not a file' : `cannot be read (${code ?? 'unknown error'})`
    throw new AuthmockError('ERR_TLS_FILE', { flag, file, detail })
  }
  if (!block.test(text)) throw new AuthmockError('ERR_TLS_FILE', { flag, file, detail: `not PEM: ${missing}` })
  return text
}
