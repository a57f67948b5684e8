import type { Violation } from './types.js'

/** Hides the secrets inside text a server wrote (see createRedactor: the one textual fallback). */
export type Scrub = (serverText: string) => string

const keep: Scrub = (text) => text
// Per violation, how to build it again with the server's text scrubbed. A WeakMap, not a field: the
// Violation stays plain data for reports and tests, and the entry goes with the violation.
const builders = new WeakMap<Violation, (scrub: Scrub) => Violation>()

/**
 * A violation that quotes text the server wrote (a string value, a non-JSON
 * body, a header): built now with that text as it came, and able to be built
 * again with it scrubbed once every secret of the exchange is known (the
 * proxy and the case runner learn the last ones, the credentials an answer
 * carries, only after checking it). Only the server's text is scrubbed, never
 * the report's own words around it.
 *
 * @example const v = withServerText((scrub) => ({ ...head, message: 'wrong type', actual: scrub(body) }))
 */
export function withServerText(build: (scrub: Scrub) => Violation): Violation {
  const violation = build(keep)
  builders.set(violation, build)
  return violation
}

/**
 * The violation with the server's text scrubbed, or the violation itself when
 * it quotes none (its words are all the report's own).
 *
 * @example rebuildScrubbed(v, (text) => text.replaceAll(password, '[redacted]'))
 */
export function rebuildScrubbed(violation: Violation, scrub: Scrub): Violation {
  return builders.get(violation)?.(scrub) ?? violation
}
