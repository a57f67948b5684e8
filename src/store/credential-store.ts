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

/** Where the engine keeps credentials. Synchronous so the engine stays simple and fast. */
export interface CredentialStore {
  put(credential: Credential): void
  get(api: string, value: string): Credential | undefined
  /** Marks every credential of the family revoked; returns how many. */
  revokeFamily(api: string, family: string, at: number): number
  /** Marks every credential the subject owns revoked; returns how many. */
  revokeSubject(api: string, subject: string, at: number): number
  /** Makes every live credential expire at `at` ("expire all tokens"); returns how many. */
  expire(at: number): number
  /** Live (not expired, not revoked) credentials, for debugging views. */
  live(now: number): Credential[]
  size(): number
  clear(): void
}
