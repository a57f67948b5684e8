const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses "500ms", "30s", "15m", "10h", "14d" (or a bare number of seconds) into
 * milliseconds; "never" gives undefined (the credential does not expire).
 * Returns NaN for anything else, so callers can report the bad value.
 *
 * @example parseDuration('24h') // 86400000
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : Number.NaN
  if (text === 'never') return undefined
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim())
  if (!match) return Number.NaN
  return Number(match[1]) * (UNITS[match[2] ?? 's'] ?? Number.NaN)
}
