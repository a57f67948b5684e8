import type { Account, SpecModel } from '../model/spec-model.js'
import type { Credential } from '../store/credential-store.js'
import type { ArmedScenario } from './create-controls.js'
import type { JournalEntry } from './create-journal.js'
import type { JsonObject, StubRequest, StubResponse } from './types.js'

/**
 * A value now (the in-memory state) or later (a shared store such as Redis).
 * The engine awaits every state call: one code path for both, and awaiting a
 * plain value costs the in-memory path a microtask, not a round trip (bench:
 * docs/performance.md, "Asynchronous state").
 */
export type Awaitable<T> = T | Promise<T>

/** What a request starts with, read together (one round trip on Redis). */
export type Begun =
  /** `credential`: the one asked to be read along (undefined when it is not stored). */
  | { ok: true; offset: number; taken: ArmedScenario | undefined; credential?: Credential | undefined }
  /** The namespace would pass --max-namespaces; `count` are in use. */
  | { ok: false; count: number }

export interface CredentialTable {
  /** Every credential of one login, or none. `now` (mock ms) lets the store sweep dead ones. */
  putAll(credentials: readonly Credential[], now: number): Awaitable<void>
  get(api: string, value: string): Awaitable<Credential | undefined>
  /** Revokes the credentials of the family not yet revoked; returns how many (0 for the loser of a race). */
  revokeFamily(api: string, family: string, at: number): Awaitable<number>
  revokeSubject(api: string, subject: string, at: number): Awaitable<number>
  expire(at: number): Awaitable<number>
  live(now: number): Awaitable<Credential[]>
}

export interface AccountTable {
  byId(id: string | undefined): Awaitable<Account | undefined>
  match(fields: readonly string[], values: readonly unknown[]): Awaitable<Account | undefined>
  nextNumber(field: string): Awaitable<number>
  /** Registers an account; undefined when another holds the value of `unique` (decided atomically). */
  register(fields: JsonObject, unique?: string): Awaitable<Account | undefined>
}

export interface SwitchTable {
  add(views: ReadonlyArray<Omit<ArmedScenario, 'id'>>): Awaitable<ArmedScenario[]>
  list(): Awaitable<ArmedScenario[]>
  clear(operation?: string): Awaitable<number>
}

export interface JournalTable {
  /** `durationMs`: how long the answer took (real time), for the HAR's timings; what shaped it is `response.shapedBy`. */
  add(at: number, api: string | undefined, request: StubRequest, response: StubResponse, durationMs?: number): Awaitable<void>
  list(filter?: { operation?: string; limit?: number }): Awaitable<JournalEntry[]>
}

/** One namespace's state: credentials, registered accounts, switches, clock offset, journal. */
export interface NamespaceState {
  /**
   * Claims the namespace, reads its clock offset and takes one call of the
   * newest switch for `operationId` (none when undefined); with `read`, reads
   * that credential too: an authenticated request's whole state in one round
   * trip on Redis.
   */
  begin(operationId: string | undefined, read?: { api: string; value: string }): Awaitable<Begun>
  readonly credentials: CredentialTable
  accounts(api: string): AccountTable
  readonly switches: SwitchTable
  readonly journal: JournalTable
  offset(): Awaitable<number>
  setOffset(ms: number): Awaitable<void>
  /** Everything of the namespace back to start (and its place under the bound freed). */
  reset(): Awaitable<void>
}

/** Where the engine keeps state: in this process (the default) or in a shared store. */
export interface StateBackend {
  /** The state of a namespace; its name was checked (NAMESPACE_PATTERN). Nothing is read until it is used. */
  namespace(name: string): NamespaceState
  /** Family ids must be unique across every replica sharing the store: this prefix is the replica's. */
  readonly familyPrefix: string
  /**
   * The fixture accounts of this model from now on, in every namespace
   * (serve --watch). Credentials name accounts by id (`fixtureIds`), so a live
   * token follows its account's e-mail or username; an API the model adds gets
   * its account table on first use.
   */
  useFixtures(model: SpecModel): void
  /** Lets go of connections (a shared store); the in-memory backend has none. */
  close(): Promise<void>
}

/** The namespace a request without the header belongs to. */
export const DEFAULT_NAMESPACE = 'default'
/** The request header that selects a namespace. */
export const NAMESPACE_HEADER = 'x-authmock-namespace'
/** 1 to 64 of A-Z a-z 0-9 . _ -: safe in a Redis key, a log line and a header echo. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/

/**
 * A shared store that did not answer (down, or slower than --store-timeout).
 * The engine answers 503 ERR_STORE_UNAVAILABLE for it, never a 500.
 */
export class StoreUnavailable extends Error {
  readonly url: string
  constructor(url: string, detail: string) {
    super(detail)
    this.name = 'StoreUnavailable'
    this.url = url
  }
}

/** API name -> its fixture accounts: what a state backend reads logins and ids against (swapped whole by useFixtures). */
export type FixtureAccounts = ReadonlyMap<string, readonly Account[]>

/** @example fixtureAccountsOf(model).get('nwapp')?.length // the accounts in fixtures/nwapp.json */
export const fixtureAccountsOf = (model: SpecModel): FixtureAccounts => new Map(model.apis.map((api) => [api.name, api.accounts]))
