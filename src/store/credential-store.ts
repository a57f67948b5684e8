/** One issued credential: a token, a session id, a CSRF token. */
export interface Credential {
  api: string
  kind: string
  value: string
  /** Credentials issued together (one login) share a family; logout and refresh revoke a whole family. */
  family: string
  /** The account that owns it; undefined for anonymous ones (a CSRF token). */
  subject?: string | undefined
  /** Milliseconds since the epoch, from the engine's clock. */
  issuedAt: number
  expiresAt?: number | undefined
  revokedAt?: number | undefined
}

/**
 * Where the engine keeps credentials. Synchronous: the engine calls it inline
 * on every request, and the memory store answers in well under a microsecond.
 *
 * The contract every store keeps (tests/memory-store.test.ts pins it for the
 * memory store), so that a shared store (Redis, issue 12) can honour it too:
 * - bounded by a count: a put into a full store evicts, first the credential
 *   that expired first, else the one revoked first, else the oldest live one;
 * - a dead (expired or revoked) credential stays readable for a grace time,
 *   so `get` can tell "revoked" or "expired" from "invalid";
 * - `get` and `live` hand out copies: changing one changes nothing stored;
 * - times are the engine's clock (ms), never the store's own.
 *
 * An asynchronous store would not change these meanings, only the types: see
 * the note of issue 11 for the proposed shape (each method `T | Promise<T>`,
 * with a batch put for the credentials of one login, so they are stored
 * together or not at all).
 */
export interface CredentialStore {
  /** Stores a credential; one with the same api and value is replaced (a new credential, not revoked). */
  put(credential: Credential): void
  /** The credential of that api and value, live or dead within its grace time; undefined when unknown. */
  get(api: string, value: string): Credential | undefined
  /** Marks every credential of the family revoked; returns how many. */
  revokeFamily(api: string, family: string, at: number): number
  /** Marks every credential the subject owns revoked (an account deleted); returns how many. */
  revokeSubject(api: string, subject: string, at: number): number
  /** Makes every live credential expire at `at` ("expire all tokens"); returns how many. */
  expire(at: number): number
  /** Live (not expired, not revoked) credentials, for debugging views. */
  live(now: number): Credential[]
  /** Credentials kept, dead ones within their grace time included. */
  size(): number
  /** Forgets every credential (the control API's reset). */
  clear(): void
}
