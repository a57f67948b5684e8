/**
 * The times the mock's clock may show (ms since the epoch): 1970-01-01 to the
 * end of 9999. Every time the mock shows goes through `Date#toISOString`,
 * which throws past ±8.64e15 ms and writes six-digit years past 9999; and
 * times before 1970 give negative Unix expiries. Keeping the clock inside
 * four-digit years leaves ~270,000 years of headroom for token lifetimes
 * added to it.
 */
export const MIN_TIME_MS = 0
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** True for a time the mock's clock may show (finite, 1970..9999). */
export const isClockTime = (ms: number): boolean => ms >= MIN_TIME_MS && ms <= MAX_TIME_MS
