// @ts-check
// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per area.
// Usage: node bench/lib/cpuprofile.mjs <file.cpuprofile> [top=20]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

function areaOf(url, name) {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(idle)') return 'idle'
  if (name === '(program)' || url === '') return 'V8/native'
  if (url.startsWith('node:')) return 'node core'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]
  if (/\/dist\/src\//.test(url) || /\/src\//.test(url)) return `authmock ${/\/src\/([^/]+)\//.exec(url)?.[1] ?? ''}`.trim()
  return 'other'
}

function shortUrl(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/dist\/src\//, 'src/').replace(/^.*\/(bench\/)/, '$1')
}

/** Node ids whose stack holds a frame named `name` (e.g. the HTTP server's request callback). */
function underFrame(profile, name) {
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const memo = new Map()
  const check = (id) => {
    if (memo.has(id)) return memo.get(id)
    const node = byId.get(id)
    const hit = node.callFrame.functionName === name || (parent.has(id) && check(parent.get(id)))
    memo.set(id, hit)
    return hit
  }
  return check
}

/**
 * { phase, totalMs, busyMs, skippedMs, functions: [{ name, where, area, selfMs, pct }], ownInclusive, areas: [{ area, selfMs, pct }] }.
 * phase 'steady' (default): samples from the first one inside Node's HTTP
 * request callback on; the start-up before it (module loading, spec parsing,
 * validator compilation) is skipped and counted in skippedMs. phase 'startup':
 * only that start-up.
 */
export function summarizeProfile(profile, top = 20, { phase = 'steady' } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const serving = underFrame(profile, 'parserOnIncoming')
  const self = new Map()
  let total = 0
  let skipped = 0
  let started = false
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    started ||= serving(profile.samples[i])
    if (started !== (phase === 'steady')) { skipped += dt; continue }
    total += dt
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt)
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inclusive = new Map()
  for (const [id, ms] of self) {
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = nodes.get(at).callFrame
      const key = `${functionName || '(anonymous)'} ${url}:${lineNumber}`
      if (seen.has(key)) continue
      seen.add(key)
      const entry = inclusive.get(key) ?? { name: functionName || '(anonymous)', where: url ? `${shortUrl(url)}:${lineNumber + 1}` : '', area: areaOf(url, functionName), ms: 0 }
      entry.ms += ms
      inclusive.set(key, entry)
    }
  }
  const byFunction = new Map()
  const byArea = new Map()
  let idle = 0
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame
    const name = functionName || '(anonymous)'
    const area = areaOf(url, name)
    if (area === 'idle') { idle += ms; continue }
    const key = `${name} ${url}:${lineNumber}`
    const entry = byFunction.get(key) ?? { name, where: url ? `${shortUrl(url)}:${lineNumber + 1}` : '', area, selfMs: 0 }
    entry.selfMs += ms
    byFunction.set(key, entry)
    byArea.set(area, (byArea.get(area) ?? 0) + ms)
  }
  const busy = total - idle
  const pct = (ms) => Number(((100 * ms) / busy).toFixed(1))
  return {
    phase,
    skippedMs: Math.round(skipped),
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    functions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)
      .map((f) => ({ ...f, selfMs: Math.round(f.selfMs), pct: pct(f.selfMs) })),
    // The project's own functions by inclusive time: where a request's time goes, call tree included.
    ownInclusive: [...inclusive.values()].filter((f) => f.area.startsWith('authmock') || f.area === 'other').sort((a, b) => b.ms - a.ms).slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, area: f.area, totalMs: Math.round(f.ms), pct: pct(f.ms) })),
    areas: [...byArea].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, selfMs: Math.round(ms), pct: pct(ms) })),
  }
}

export function formatProfile(summary) {
  const lines = [summary.phase === 'startup'
    ? `CPU profile, start-up (process start to the first request): ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled (percent of busy time)`
    : `CPU profile, steady state: ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled (percent of busy time; ${summary.skippedMs} ms of start-up before the first request left out)`, '', 'By area:']
  for (const a of summary.areas.slice(0, 12)) lines.push(`  ${String(a.pct).padStart(5)}%  ${a.area}`)
  lines.push('', 'Top functions by self time:')
  for (const f of summary.functions) lines.push(`  ${String(f.pct).padStart(5)}%  ${f.name.padEnd(36)} ${f.area.padEnd(18)} ${f.where}`)
  if (summary.ownInclusive?.length) {
    lines.push('', 'Own code by inclusive time (callees included):')
    for (const f of summary.ownInclusive) lines.push(`  ${String(f.pct).padStart(5)}%  ${f.name.padEnd(36)} ${f.area.padEnd(18)} ${f.where}`)
  }
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top = '20', phase = 'steady'] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node bench/lib/cpuprofile.mjs <file.cpuprofile> [top=20] [steady|startup]')
    process.exit(2)
  }
  console.log(formatProfile(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(top), { phase })))
}
