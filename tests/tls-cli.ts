import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import type { Test } from 'tap'
import { LOCAL_NAMES, tlsLocalCertificate } from '../src/server/tls-local-certificate.js'
import { childEnv } from './child-env.js'

/**
 * What the https tests of `serve` and `proxy` share (tests/https.test.ts,
 * tests/proxy-https.test.ts): the CLI from source as a child, its banner
 * read back, the certificate a server presents, and a user's own
 * certificate files with a wrong key beside them.
 */

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']

/** A function giving a folder of its own per name under one temporary root, removed when `t` ends. */
export function tempFolders(t: Test, prefix: string): (name: string) => string {
  const root = mkdtempSync(join(tmpdir(), prefix))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  return (name) => {
    const dir = join(root, name)
    mkdirSync(dir, { recursive: true })
    return dir
  }
}

/** Runs the CLI to its end (bounded: 20 s), collecting its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, output }) })
  })
}

/**
 * Starts `authmock <command> --port 0 --quiet ...args` as a child, waits
 * (bounded: 15 s) until its output matches `ready`, and stops it in teardown.
 * The URL is the one the banner says it listens on; the CA path is the
 * generated certificate's, when there is one.
 */
export async function startCli(t: Test, command: 'serve' | 'proxy', args: string[], env: Record<string, string>, ready: RegExp = /Ctrl-C stops/) {
  const child = spawn(process.execPath, [...CLI, command, '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) })
  t.teardown(() => { child.kill('SIGKILL') })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  for (let i = 0; i < 300 && !ready.test(output) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50))
  return { url: / on (https?:\/\/\S+) /.exec(output)?.[1] ?? '', caPath: /signed by the local CA in (.+)$/m.exec(output)?.[1], output }
}

/** The SHA-256 fingerprint of the certificate a TLS server presents (trusting `ca`). */
export function peerFingerprint(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().fingerprint256)
      socket.end()
    })
    socket.on('error', reject)
  })
}

/**
 * A user's own certificate and key as files in `dir`, and a key of another
 * certificate (`wrongKey`); `pemLines` are the lines of every PEM written,
 * none of which an error message may show.
 */
export async function ownCertificateFiles(folder: (name: string) => string) {
  const own = await tlsLocalCertificate(join(folder('own'), 'tls'), LOCAL_NAMES)
  const other = await tlsLocalCertificate(join(folder('other'), 'tls'), LOCAL_NAMES)
  const dir = folder('own-files')
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), wrongKey: join(dir, 'wrong-key.pem'), missing: join(dir, 'nope.pem') }
  writeFileSync(files.cert, own.cert)
  writeFileSync(files.key, own.key)
  writeFileSync(files.wrongKey, other.key)
  const body = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('-----'))
  return { own, ...files, pemLines: [...body(own.key), ...body(other.key), ...body(own.cert)] }
}

/** The three mistakes with --cert / --key exit 2 with their codes, naming the file and showing no PEM. */
export function checkTlsMistakes(t: Test, results: Record<'missing' | 'mismatched' | 'half', { status: number | null; output: string }>, pemLines: string[]): void {
  const { missing, mismatched, half } = results
  t.equal(missing.status, 2)
  t.match(missing.output, /ERR_TLS_FILE: Cannot use --cert .*nope\.pem: no such file/)
  t.equal(mismatched.status, 2)
  t.match(mismatched.output, /ERR_TLS_KEY_MISMATCH: The key in --key .*wrong-key\.pem/)
  t.equal(half.status, 2, '--cert without --key exits 2')
  t.match(half.output, /ERR_CONFIG_INVALID: .*--cert without --key: give both/)
  for (const { output } of [missing, mismatched, half]) {
    t.notMatch(output, /BEGIN|PRIVATE KEY/, 'no PEM in the output')
    t.same(pemLines.filter((line) => output.includes(line)), [], 'no line of a PEM file')
  }
}
