import type { Account } from '../model/spec-model.js'
import { createAccountIndex, fixtureIndex } from './create-account-index.js'
import type { JsonObject } from './types.js'

/** The accounts of one API: its fixtures, plus those registered while the mock runs, bounded. */
export interface AccountRegistry {
  /** The account with this id (the subject of its credentials); undefined once a registered one has been dropped. */
  byId(id: string | undefined): Account | undefined
  /** The first account (fixtures first, then registered oldest first) whose fields equal every value, field by field. */
  match(fields: readonly string[], values: readonly unknown[]): Account | undefined
  /** One more than the largest number `field` of the profiles has held (fixtures' and every registered one's). */
  nextNumber(field: string): number
  /** Keeps a new account under a fresh id; past `maxAccounts` the oldest registered one is dropped. */
  register(fields: JsonObject): Account
  /** Registered accounts held (count). */
  registered(): number
  /** Back to the fixtures alone. */
  clear(): void
}

export interface AccountRegistryOptions {
  /** Most registered accounts kept; past it the oldest registered is dropped (count). Fixtures do not count. */
  maxAccounts: number
}

/**
 * The accounts an API's operations log in and register against. The
 * fixtures are read through `fixtures()` on every call, so `serve --watch`
 * can swap them under live credentials: a credential names its account by
 * id (`fixtureIds`: its e-mail or username, not its place in the file), and
 * a login matches the fixtures as they are now. Registered accounts are
 * dropped oldest first past `maxAccounts`, and a dropped account's id is
 * never given again, so its credentials name a subject that no longer exists.
 *
 * @example
 * const accounts = createAccountRegistry(() => api.accounts, { maxAccounts: 10_000 })
 * accounts.match(['email', 'password'], ['bart@mikasoftware.com', '123password'])
 */
export function createAccountRegistry(fixtures: () => readonly Account[], options: AccountRegistryOptions): AccountRegistry {
  const maxAccounts = Math.max(1, Math.floor(options.maxAccounts))
  /** Registered accounts, oldest first (the index keeps insertion order). */
  let registered = createAccountIndex()
  let count = 0
  /** The last number given per field: never given again, even when the fixtures change. */
  const numbers = new Map<string, number>()

  return {
    byId: (id) => (id === undefined ? undefined : fixtureIndex(fixtures()).byId(id) ?? registered.byId(id)),
    match: (fields, values) => fixtureIndex(fixtures()).match(fields, values) ?? registered.match(fields, values),
    nextNumber(field) {
      const next = Math.max(numbers.get(field) ?? 0, fixtureIndex(fixtures()).largestNumber(field)) + 1
      numbers.set(field, next)
      return next
    },
    register(fields) {
      const account: Account = { id: `r${++count}`, fields }
      if (registered.size >= maxAccounts) registered.remove(registered.first() as Account)
      registered.add(account)
      return account
    },
    registered: () => registered.size,
    clear() {
      registered = createAccountIndex()
      count = 0
      numbers.clear()
    },
  }
}
