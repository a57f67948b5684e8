import type { Redis } from 'ioredis'
import type { Credential } from '../store/credential-store.js'
import { EXPIRE, LIVE, PUT, REVOKE } from './redis-credentials.lua.js'
import { defineScripts } from './define-scripts.js'

export interface RedisCredentialsOptions {
  maxCredentials: number
  /** Revoked and expired credentials are kept this long (mock ms), so a reuse is told apart from a bogus value. */
  graveyardMs: number
}

/** The credential store of one namespace in Redis; every method is one round trip. */
export interface RedisCredentials {
  /** Puts every credential of one login, or none (one script). `now` (mock ms) drives the sweep of dead ones. */
  putAll(credentials: readonly Credential[], now: number): Promise<void>
  get(api: string, value: string): Promise<Credential | undefined>
  /** Revokes the family's credentials not yet revoked; returns how many (0 for a second racer). */
  revokeFamily(api: string, family: string, at: number): Promise<number>
  revokeSubject(api: string, subject: string, at: number): Promise<number>
  expire(at: number): Promise<number>
  live(now: number): Promise<Credential[]>
  size(): Promise<number>
}

/** A time for a script argument: '' for none (and for a lifetime past what a number holds, which never ends). */
const time = (ms: number | undefined): string => (ms === undefined || !Number.isFinite(ms) ? '' : String(ms))

/** A credential from a HASH's fields (HGETALL: an object, or a flat list from a script). */
export function credentialOf(api: string, value: string, hash: Record<string, string>): Credential {
  return {
    api,
    value,
    kind: hash.kind ?? '',
    family: hash.family ?? '',
    subject: hash.subject,
    issuedAt: Number(hash.issuedAt),
    expiresAt: hash.expiresAt === undefined ? undefined : Number(hash.expiresAt),
    revokedAt: hash.revokedAt === undefined ? undefined : Number(hash.revokedAt),
  }
}

/** Names are per client, so unique across modules. */
const SCRIPTS = { credPut: PUT, credRevoke: REVOKE, credExpire: EXPIRE, credLive: LIVE }

/**
 * Credentials of namespace `prefix` in Redis, with the in-memory store's
 * semantics (src/store/create-memory-store.ts): bounded by `maxCredentials`,
 * dead ones evicted before live ones, kept `graveyardMs` after they die.
 * Times are the mock's (the engine's clock with its offset), never Redis's:
 * expiry is decided by the mock's clock, so moving it (advance 25h) expires
 * a token in Redis exactly as in memory, and no key dies by a Redis TTL
 * before the mock says so. Memory is bounded by the count, not by TTLs.
 */
export function createRedisCredentials(client: Redis, prefix: string, options: RedisCredentialsOptions): RedisCredentials {
  const run = defineScripts(client, SCRIPTS)
  const max = String(Math.max(1, Math.floor(options.maxCredentials)))
  const grave = String(options.graveyardMs)
  return {
    async putAll(credentials, now) {
      const args = [prefix, max, grave, String(now)]
      for (const c of credentials) args.push(c.api, c.value, c.kind, c.family, c.subject ?? '', String(c.issuedAt), time(c.expiresAt))
      await run.credPut(args)
    },
    async get(api, value) {
      const hash = await client.hgetall(`${prefix}c:${api}\n${value}`)
      return hash.kind === undefined ? undefined : credentialOf(api, value, hash)
    },
    async revokeFamily(api, family, at) {
      return Number(await run.credRevoke([prefix, `f:${api}\n${family}`, api, String(at), grave]))
    },
    async revokeSubject(api, subject, at) {
      return Number(await run.credRevoke([prefix, `s:${api}\n${subject}`, api, String(at), grave]))
    },
    async expire(at) {
      return Number(await run.credExpire([prefix, String(at), grave]))
    },
    async live(now) {
      const flat = (await run.credLive([prefix, String(now)])) as Array<string | string[]>
      const out: Credential[] = []
      for (let i = 0; i < flat.length; i += 2) {
        const member = flat[i] as string
        const fields = flat[i + 1] as string[]
        const hash: Record<string, string> = {}
        for (let j = 0; j < fields.length; j += 2) hash[fields[j] as string] = fields[j + 1] as string
        const sep = member.indexOf('\n')
        out.push(credentialOf(member.slice(0, sep), member.slice(sep + 1), hash))
      }
      return out
    },
    size: () => client.zcard(`${prefix}all`),
  }
}
