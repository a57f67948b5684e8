import type { Clock } from './types.js'

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

export interface OffsetClock extends Clock {
  /**
   * Moves the mock's time forward (ms); negative moves it back. Refuses
   * (returns false, nothing changed) when the result would leave 1970..9999.
   */
  advance(ms: number): boolean
  /** Sets the mock's time (ms since the epoch); it then runs on from there. Refuses (false) outside 1970..9999. */
  set(ms: number): boolean
  /** Back to the underlying clock. */
  reset(): void
}

/**
 * The engine's clock: the given one (real time, or a test's manual clock)
 * plus an offset QA can move, so "advance 25h" expires tokens as time would
 * while the clock keeps running. A move that would leave the range the mock
 * can show is refused before anything changes: a clock at 1e20 ms made every
 * view that prints a time fail until reset (issue 10, item 9).
 *
 * @example const clock = createOffsetClock(systemClock); clock.advance(25 * 3600_000)
 */
export function createOffsetClock(base: Clock): OffsetClock {
  let offset = 0
  const now = (): number => base.now() + offset
  function set(ms: number): boolean {
    // NaN and ±Infinity fail both comparisons.
    if (!isClockTime(ms)) return false
    offset = ms - base.now()
    return true
  }
  return {
    now,
    advance(ms) {
      if (!isClockTime(now() + ms)) return false
      // The offset moves by exactly `ms`, whatever the base clock did meanwhile.
      offset += ms
      return true
    },
    set,
    reset() { offset = 0 },
  }
}
