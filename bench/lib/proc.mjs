// @ts-check
// Processes under test: start one server in its own process, wait for its
// first 200, read its memory from /proc, stop it by its pid.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { performance } from 'node:perf_hooks'
import { clearTimeout, setTimeout } from 'node:timers'
import { setTimeout as sleep } from 'node:timers/promises'
import { LOGIN, VALID_LOGIN } from './scenarios.mjs'

/**
 * A free loopback port (bind :0, read it, release it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

/** @typedef {{ method?: string, path?: string, body?: string, headers?: Record<string, string> }} ProbeRequest */
/** @typedef {{ status: number, headers?: import('node:http').IncomingHttpHeaders, body?: string }} ProbeResponse */

/**
 * One HTTP request on a fresh connection: resolves the status (or 0 when refused).
 * @param {string} url
 * @param {ProbeRequest} [request]
 * @returns {Promise<ProbeResponse>}
 */
export function probe(url, { method = 'POST', path = LOGIN, body = VALID_LOGIN, headers = { 'content-type': 'application/json' } } = {}) {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method, headers: { ...headers, connection: 'close' }, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', () => resolve({ status: 0 }))
    req.setTimeout(5000, () => req.destroy())
    req.end(method === 'GET' || method === 'HEAD' ? undefined : body)
  })
}

/**
 * Starts a server process and polls POST login every 5 ms until it answers 200.
 * `startupMs` is process spawn to the first 200 (Node's own start included).
 * Resolves { child, pid, url, startupMs, output() } or throws with the process's last words.
 * @param {{ command: string, args: string[], port: number, cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, readyProbe?: ProbeRequest }} options
 * @returns {Promise<Server>}
 */
export async function startServer({ command, args, port, cwd, env, timeoutMs = 60_000, readyProbe }) {
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const t0 = performance.now()
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (chunk) => { output = (output + chunk).slice(-4000) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null
  child.once('exit', (code, signal) => { exited = { code, signal } })
  for (;;) {
    // A cast: the 'exit' listener sets it between polls, which control-flow analysis does not see.
    const gone = /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */ (exited)
    if (gone) throw new Error(`exited (${gone.code ?? gone.signal}) before answering: ${lastWords(output)}`)
    const res = await probe(url, readyProbe)
    if (res.status === 200) break
    if (performance.now() - t0 > timeoutMs) {
      stopServer({ child })
      throw new Error(`no 200 within ${timeoutMs / 1000} s (last status ${res.status}): ${lastWords(output)}`)
    }
    await sleep(5)
  }
  return { child, pid: /** @type {number} */ (child.pid), url, startupMs: performance.now() - t0, output: () => output }
}

/** @typedef {{ child: import('node:child_process').ChildProcess, pid: number, url: string, startupMs: number, output: () => string }} Server */

/**
 * The most telling line of a process's output: an error message if there is one, else its last lines.
 * @param {string} output
 */
function lastWords(output) {
  const lines = output.trim().split('\n').map((l) => l.trim()).filter(Boolean)
  const telling = lines.find((l) => /^(\w*Error\b|message:|Error:)/.test(l) || /\bError: /.test(l))
  return (telling ?? lines.slice(-3).join(' | ')).slice(0, 200)
}

/**
 * SIGTERM, then SIGKILL after 5 s; only this process, by its pid.
 * @param {{ child?: import('node:child_process').ChildProcess }} server
 */
export async function stopServer(server) {
  const { child } = server
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await gone
  clearTimeout(timer)
}

/**
 * { rssMb, hwmMb } of a process from /proc/<pid>/status (VmRSS now, VmHWM peak).
 * @param {number} pid
 */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
  } catch {
    return { rssMb: NaN, hwmMb: NaN }
  }
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat
 * (clock ticks of 10 ms: USER_HZ is 100 on Linux). Deltas of it around a load
 * give CPU per request, which other processes on a shared machine disturb far
 * less than they disturb requests/s.
 * @param {number} pid
 */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

/** @typedef {{ code: number | string | null, stdout: string, stderr: string, ms: number }} CommandResult */

/**
 * Runs a command to the end; resolves { code, stdout, stderr, ms }.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, timeoutMs?: number, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<CommandResult>}
 */
export function runCommand(command, args, { cwd, timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => { stdout += c })
    child.stderr.on('data', (c) => { stderr += c })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => { clearTimeout(timer); resolve({ code: -1, stdout, stderr: String(error), ms: performance.now() - t0 }) })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal === 'SIGKILL' ? 'timeout' : signal), stdout, stderr, ms: performance.now() - t0 })
    })
  })
}
