// @ts-check
// Interleaved rounds: round n measures the servers starting from the n-th, so
// no server is always the first (or the last) one measured in a round.

/**
 * The list rotated left by n.
 * @template T @param {T[]} list @param {number} n @returns {T[]}
 */
export const rotate = (list, n) => list.map((_, i) => /** @type {T} */ (list[(i + n) % list.length]))
