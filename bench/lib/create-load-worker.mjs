// @ts-check
// The load generator runs in a process of its own (bench/lib/load.mjs), so it
// never shares an event loop with the orchestrator or the server.
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { clearTimeout, setTimeout } from 'node:timers'

/**
 * `load(job)` runs one autocannon job in the load process (started on the first job); `stop()` ends that process.
 * @param {{ root: string, connections: number }} options connections: sent with every job unless the job says otherwise
 */
export function createLoadWorker({ root, connections }) {
  /** The load generator: one forked process, kept for the whole run, one job per message. */
  let worker
  function loadWorker() {
    if (worker) return worker
    const child = fork(join(root, 'bench', 'lib', 'load.mjs'), [], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const ready = new Promise((resolve) => child.once('message', resolve))
    worker = { child, ready }
    child.once('exit', () => { worker = undefined })
    return worker
  }

  /** One autocannon run in the load process; resolves its result or { error }. */
  async function load(job) {
    const timeoutMs = job.amount ? Math.max(120_000, job.amount * 2) : (job.duration + 60) * 1000
    const w = loadWorker()
    await w.ready
    return new Promise((resolve) => {
      const onExit = () => { clearTimeout(timer); resolve({ error: 'load worker exited' }) }
      const timer = setTimeout(() => { w.child.off('exit', onExit); w.child.kill('SIGKILL'); resolve({ error: 'load worker timed out' }) }, timeoutMs)
      w.child.once('exit', onExit)
      w.child.once('message', (result) => {
        clearTimeout(timer)
        w.child.off('exit', onExit)
        resolve(result)
      })
      w.child.send({ connections, ...job })
    })
  }

  function stop() {
    if (worker) worker.child.kill()
  }

  return { load, stop }
}

/** @typedef {ReturnType<typeof createLoadWorker>['load']} Load */
