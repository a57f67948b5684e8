// @ts-check
// Turns the bench results into markdown tables and the list of targets met / not met.
import { SCENARIOS } from './scenarios.mjs'
import { fmtMb, fmtMs, fmtRate, fmtRatio, table } from './stats.mjs'

const SERVER_ORDER = ['authmock', 'authmock --api nwapp', 'reference', 'node:http', 'prism']
const ok = (x) => typeof x === 'number' && Number.isFinite(x)
const ratio = (a, b) => (ok(a) && ok(b) && b > 0 ? a / b : null)
const yes = (met) => (met === null ? 'n/a' : met ? 'met' : 'NOT met')

function matrixSection(matrix, rounds) {
  const rows = []
  for (const [id, scenario] of Object.entries(SCENARIOS)) {
    for (const name of SERVER_ORDER) {
      const cell = matrix[`${id}|${name}`]
      if (!cell) continue
      const label = name === 'reference' ? 'plain Fastify' : name === 'prism' ? 'Prism 5.14' : name
      if (cell.na) {
        rows.push([scenario.title, label, `n/a: ${cell.na}`, '', '', '', '', '', '', '', '', '', cell.note ?? ''])
        continue
      }
      const isAuthmock = name.startsWith('authmock')
      const notes = [cell.note, cell.wrongStatuses ? `unexpected statuses ${JSON.stringify(cell.wrongStatuses)}` : '', cell.errors ? `${cell.errors} errors` : ''].filter(Boolean)
      rows.push([
        scenario.title,
        label,
        fmtRate(cell.rps),
        rounds > 1 ? `${fmtRate(cell.rpsMin)}-${fmtRate(cell.rpsMax)}` : '',
        fmtMs(cell.p50),
        fmtMs(cell.p99),
        fmtMs(cell.cpuUs, 0),
        fmtMb(cell.rssMb),
        isAuthmock && cell.vsRef ? fmtRatio(cell.vsRef.rps) : '',
        isAuthmock && cell.vsRef ? fmtRatio(cell.vsRef.p99) : '',
        isAuthmock && cell.vsRef ? fmtRatio(cell.vsRef.cpu) : '',
        isAuthmock ? (cell.vsPrism ? fmtRatio(cell.vsPrism.rps) : 'n/a') : '',
        notes.join('; '),
      ])
    }
  }
  return table(['scenario', 'server', 'req/s', 'range', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MB', 'req/s vs ref', 'p99 vs ref', 'CPU vs ref', 'req/s vs Prism', 'note'], rows)
}

function startupSection(startup, runs) {
  const ref = startup.reference
  const prism = startup.prism
  const rows = SERVER_ORDER.filter((n) => startup[n]).map((name) => {
    const r = startup[name]
    const label = name === 'reference' ? 'plain Fastify' : name === 'prism' ? 'Prism 5.14' : name === 'node:http' ? 'node:http (floor: Node start + listen)' : name
    if (r.na) return [label, `n/a: ${r.na}`, '', '', '', '']
    return [
      label,
      fmtMs(r.ms, 0),
      r.bannerMs === null || r.bannerMs === undefined ? '' : fmtMs(r.bannerMs, 0),
      fmtMb(r.idleRssMb),
      name === 'reference' ? '' : fmtRatio(ratio(r.ms, ref?.ms)),
      name === 'prism' || prism?.na || !prism ? '' : `${ratio(prism.ms, r.ms)?.toFixed(1) ?? 'n/a'}x faster`,
    ]
  })
  return table(['server', `process start to first 200, ms (median of ${runs})`, 'banner "ready in" ms', 'idle RSS MB', 'vs plain Fastify', 'vs Prism'], rows)
}

export function renderReport(results) {
  const { settings, machine } = results
  const out = []
  const targets = []
  out.push(`## authmock bench (${settings.mode}) — ${machine.date.slice(0, 10)}`)
  out.push('')
  out.push(`Machine: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, load average at start ${machine.loadavg}; commit ${machine.commit}. Prism: ${results.prism?.na ? `n/a: ${results.prism.na}` : results.prism?.version ?? 'not used'}.`)
  out.push(`Load: autocannon in its own process, ${settings.connections} connections, no pipelining; ${settings.rounds} interleaved round(s) of ${settings.duration} s per cell, medians; servers in their own processes (authmock --quiet, Prism -v fatal).`)
  out.push('Ratios are taken round by round (the two servers measured seconds apart) and their median shown. "CPU µs/req" is the server process\'s user+system CPU time over the requests it answered (/proc/<pid>/stat): on a shared machine it moves far less than req/s does.')

  if (results.matrix) {
    out.push('', '### Server scenarios (nwapp)', '', matrixSection(results.matrix, settings.rounds))
    for (const id of Object.keys(SCENARIOS)) {
      const a = results.matrix[`${id}|authmock`]
      const ref = results.matrix[`${id}|reference`]
      if (!a || a.na || !ref || ref.na || !a.vsRef) { targets.push({ target: `${id}: req/s >= 0.8x and p99 <= 1.5x plain Fastify`, measured: 'n/a', met: null }); continue }
      const r = a.vsRef.rps
      const p = a.vsRef.p99
      targets.push({ target: `${id}: req/s >= 0.8x plain Fastify`, measured: fmtRatio(r), met: r >= 0.8 })
      targets.push({ target: `${id}: p99 <= 1.5x plain Fastify`, measured: fmtRatio(p), met: p <= 1.5 })
    }
  }

  if (results.startup) {
    out.push('', '### Start-up', '', startupSection(results.startup, settings.startupRuns))
    const a = results.startup.authmock
    const ref = results.startup.reference
    const prism = results.startup.prism
    const r = ratio(a?.ms, ref?.ms)
    targets.push({ target: 'start-up <= 1.5x plain Fastify', measured: r === null ? 'n/a' : `${fmtMs(a.ms, 0)} vs ${fmtMs(ref.ms, 0)} ms, ${fmtRatio(r)}`, met: r === null ? null : r <= 1.5 })
    const p = ratio(prism?.ms, a?.ms)
    targets.push({ target: 'start-up about 3x faster than Prism', measured: p === null ? `n/a${prism?.na ? `: ${prism.na}` : ''}` : `${fmtMs(prism.ms, 0)} vs ${fmtMs(a.ms, 0)} ms, ${p.toFixed(1)}x`, met: p === null ? null : p >= 3 })
  }

  if (results.sustained) {
    const s = results.sustained
    const full = s.logins >= 1_000_000
    out.push('', '### Memory under sustained logins', '')
    out.push(table(['logins (default --max-credentials 100000)', `logins/s (pipelining ${s.pipelining})`, 'CPU µs/login', 'RSS after, MB', 'peak RSS, MB', 'statuses'], [[
      s.logins.toLocaleString('en-US'), s.error ? `n/a: ${s.error}` : fmtRate(s.rps), fmtMs(s.cpuUsPerLogin, 0), fmtMb(s.rssAfterMb), fmtMb(s.peakRssMb), JSON.stringify(s.statuses ?? {}),
    ]]))
    const count = `${s.logins.toLocaleString('en-US')} logins${full ? '' : ' (quick run: not the target\'s count)'}`
    targets.push({ target: 'RSS < 250 MB after 1,000,000 logins', measured: `${fmtMb(s.rssAfterMb)} MB after ${count}`, met: full ? s.rssAfterMb < 250 : null })
    targets.push({ target: 'RSS stays < 250 MB during them (peak)', measured: `${fmtMb(s.peakRssMb)} MB peak (VmHWM) during ${count}`, met: full ? s.peakRssMb < 250 : null })
  }

  if (results.tokens) {
    out.push('', '### Cost of live tokens (authmock --api nwapp, --max-credentials above the count)', '')
    out.push(`Tokens are credentials in the store: each nwapp login stores an access and a refresh token. "login/s" is the rate while filling up to that count (pipelining ${settings.fillPipelining}); "profile" is GET profile with one valid token afterwards (no pipelining; median of ${settings.rounds}).`, '')
    out.push(table(['live tokens', 'login/s (fill)', 'CPU µs/login (fill)', 'profile req/s', 'profile p99 ms', 'profile CPU µs/req', 'RSS MB'], results.tokens.levels.map((l) => [
      l.tokens.toLocaleString('en-US'), l.error ? `n/a: ${l.error}` : l.loginRps === null ? `(${l.logins} logins: too few to time)` : fmtRate(l.loginRps),
      l.loginCpuUs === null ? '' : fmtMs(l.loginCpuUs, 0), fmtRate(l.profileRps), fmtMs(l.profileP99), fmtMs(l.profileCpuUs, 0), fmtMb(l.rssMb),
    ])))
  }

  if (results.matrix || results.startup) {
    const m = results.matrix ?? {}
    const st = results.startup ?? {}
    out.push('', '### Number of APIs loaded', '')
    out.push(table(['authmock serve', 'login req/s', 'profile req/s', 'start-up ms', 'idle RSS MB'], [
      ['all four APIs', fmtRate(m['login-valid|authmock']?.rps), fmtRate(m['profile-token|authmock']?.rps), fmtMs(st.authmock?.ms, 0), fmtMb(st.authmock?.idleRssMb)],
      ['--api nwapp', fmtRate(m['login-valid|authmock --api nwapp']?.rps), fmtRate(m['profile-token|authmock --api nwapp']?.rps), fmtMs(st['authmock --api nwapp']?.ms, 0), fmtMb(st['authmock --api nwapp']?.idleRssMb)],
    ]))
  }

  if (results.msw) {
    out.push('', '### MSW adapter in Node (setupServer + fetch, 10 concurrent)', '')
    if (results.msw.na) {
      out.push(`n/a: ${results.msw.na}`)
      targets.push({ target: 'MSW adapter >= 0.7x a static MSW handler', measured: `n/a: ${results.msw.na}`, met: null })
    } else {
      out.push(table(['scenario', 'static MSW handler req/s', 'authmock createHandlers req/s', 'ratio'], Object.entries(results.msw).map(([id, r]) => [
        id, fmtRate(r.staticRps), fmtRate(r.authmockRps), fmtRatio(r.ratio),
      ])))
      for (const [id, r] of Object.entries(results.msw)) targets.push({ target: `MSW ${id} >= 0.7x static handler`, measured: fmtRatio(r.ratio), met: r.ratio >= 0.7 })
    }
  }

  if (results.verify) {
    out.push('', '### authmock verify (all four APIs, local server)', '')
    const v = results.verify
    if (v.na) out.push(`n/a: ${v.na}`)
    else out.push(table(['command', 'wall time ms (median)', 'exit code', 'last line'], [[v.command, fmtMs(v.ms, 0), v.exitCode, v.runs[0]?.last ?? '']]))
    targets.push({ target: 'authmock verify, four APIs, < 2 s', measured: v.na ? `n/a: ${v.na}` : `${fmtMs(v.ms, 0)} ms (exit ${v.exitCode})`, met: v.na ? null : v.ms < 2000 })
  }

  if (targets.length) {
    out.push('', '### Targets', '')
    out.push(table(['target', 'measured', 'result'], targets.map((t) => [t.target, t.measured, yes(t.met)])))
  }
  out.push('', `Wall time: ${results.wallSeconds} s.`)
  return { text: out.join('\n'), targets }
}
