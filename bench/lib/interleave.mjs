// @ts-check
// The side-by-side loop of bench/engine-compare.mjs and bench/inject-compare.mjs:
// every build runs a slice of each scenario in turn, rotated round by round,
// and each build's time is compared with the first build's in the same round.
import { performance } from 'node:perf_hooks'
import { fmtMs, fmtRatio, median } from './stats.mjs'

/**
 * CPU µs per call of `step` over a slice of `sliceMs` (process user + system time).
 * @param {() => Promise<unknown>} step @param {number} sliceMs @param {number} [batch] calls between clock reads
 */
export async function cpuPerCall(step, sliceMs, batch = 1) {
  const cpu = process.cpuUsage()
  const until = performance.now() + sliceMs
  let calls = 0
  while (performance.now() < until) {
    for (let i = 0; i < batch; i++) await step()
    calls += batch
  }
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / calls
}

/**
 * Table rows [scenario, build, µs, ratio to the first build (median of the per-round ratios)].
 * @template {{ dir: string }} B
 * @param {string[]} ids scenario ids @param {B[]} builds @param {number} rounds
 * @param {(id: string, build: B) => Promise<number>} slice one slice's CPU µs per call
 */
export async function interleave(ids, builds, rounds, slice) {
  /** @type {string[][]} */
  const rows = []
  for (const id of ids) {
    for (const build of builds) await slice(id, build) // warm-up
    /** @type {number[][]} */
    const us = builds.map(() => [])
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < builds.length; k++) {
        const i = (k + round) % builds.length
        us[i]?.push(await slice(id, /** @type {B} */ (builds[i])))
      }
    }
    const base = /** @type {number[]} */ (us[0])
    builds.forEach((build, i) => {
      const mine = /** @type {number[]} */ (us[i])
      rows.push([id, build.dir, fmtMs(median(mine), 2), i === 0 ? '' : fmtRatio(median(mine.map((x, r) => x / /** @type {number} */ (base[r]))))])
    })
    process.stderr.write(`${id} done\n`)
  }
  return rows
}
