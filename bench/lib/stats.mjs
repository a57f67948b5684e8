// @ts-check
// Small statistics and number formatting shared by the bench.

export const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return null
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

export const min = (xs) => Math.min(...xs.filter(Number.isFinite))
export const max = (xs) => Math.max(...xs.filter(Number.isFinite))

/** 12345 -> "12.3k", 812 -> "812". */
export function fmtRate(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a'
  return x >= 10_000 ? `${(x / 1000).toFixed(1)}k` : x >= 1000 ? `${(x / 1000).toFixed(2)}k` : x.toFixed(0)
}

export function fmtMs(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a'
  return x >= 100 ? x.toFixed(0) : x.toFixed(digits)
}

export function fmtMb(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a'
  return x.toFixed(0)
}

export function fmtRatio(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a'
  return `x${x.toFixed(2)}`
}

/** Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? '').length)))
  const line = (cells) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ')} |`
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}
