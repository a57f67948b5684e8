import type { Clock } from './types.js'

export interface ManualClock extends Clock {
  /** Moves the clock forward (ms). */
  advance(ms: number): void
  /** Sets the clock (ms since the epoch). */
  set(ms: number): void
}

/**
 * A clock that moves only when told: tests (and QA) expire tokens without waiting.
 *
 * @example const clock = createManualClock(Date.parse('2026-01-01T00:00:00Z')); clock.advance(25 * 3600_000)
 */
export function createManualClock(start = Date.now()): ManualClock {
  let now = start
  return {
    now: () => now,
    advance(ms) { now += ms },
    set(ms) { now = ms },
  }
}
