/**
 * The plain request and response the engine speaks. Adapters (Fastify, MSW)
 * translate to and from these; nothing here knows about a framework.
 */

/** A request as every adapter hands it to the engine. */
export interface StubRequest {
  method: string
  /** Absolute URL, or a path with query (resolved against http://localhost). */
  url: string
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>
  /** Request cookies by name (parsed by the adapter). */
  cookies: Readonly<Record<string, string | undefined>>
  /** Raw body text; undefined or "" when there is none. */
  body?: string | undefined
}

/** A Set-Cookie the engine asks the adapter to send (RFC 6265 §4.1). */
export interface SetCookie {
  name: string
  value: string
  path?: string
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
  /** Seconds; 0 deletes the cookie. */
  maxAge?: number
}

/** What the engine answers. `body` is already serialised. */
export interface StubResponse {
  status: number
  headers: Record<string, string>
  cookies: SetCookie[]
  body?: string | undefined
  /** Which operation answered (for logs and journals); undefined for mock errors. */
  operationId?: string | undefined
  /** Break the exchange instead of (or while) answering: drop the connection, never answer, or send a broken body. */
  fault?: 'reset' | 'timeout' | 'malformed' | undefined
  /** Wait this long before answering (ms). */
  delayMs?: number | undefined
  /** The scenario, switch or Prefer that chose this answer ("scenario throttled", ...), for the journal and the log. */
  shapedBy?: string | undefined
}

/** A JSON value as parsed from a spec, fixture or body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** The engine's clock, injectable so tests can expire tokens without waiting. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
