import type { Clock } from './types.js'

export interface OffsetClock extends Clock {
  /** Moves the mock's time forward (ms); negative moves it back. */
  advance(ms: number): void
  /** Sets the mock's time (ms since the epoch); it then runs on from there. */
  set(ms: number): void
  /** Back to the underlying clock. */
  reset(): void
}

/**
 * The engine's clock: the given one (real time, or a test's manual clock)
 * plus an offset QA can move, so "advance 25h" expires tokens as time would
 * while the clock keeps running.
 *
 * @example const clock = createOffsetClock(systemClock); clock.advance(25 * 3600_000)
 */
export function createOffsetClock(base: Clock): OffsetClock {
  let offset = 0
  return {
    now: () => base.now() + offset,
    advance(ms) { offset += ms },
    set(ms) { offset = ms - base.now() },
    reset() { offset = 0 },
  }
}
