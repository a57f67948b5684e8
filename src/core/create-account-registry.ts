import type { Account } from '../model/spec-model.js'
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
 * The accounts an API's operations log in and register against. Before it,
 * the engine copied fixtures plus every registered account into a new array
 * on each call and searched it linearly, and never dropped one: 20,000
 * registrations kept 130 MB and made each call six times slower (issue 10,
 * item 10). Here lookups by id are one Map read and lookups by field go
 * through an index per field, built the first time that field is asked
 * for; registered accounts are dropped oldest first past `maxAccounts`, and
 * a dropped account's id is never given again, so its credentials name a
 * subject that no longer exists.
 *
 * @example
 * const accounts = createAccountRegistry(api.accounts, { maxAccounts: 10_000 })
 * accounts.match(['email', 'password'], ['bart@mikasoftware.com', '123password'])
 */
export function createAccountRegistry(fixtures: readonly Account[], options: AccountRegistryOptions): AccountRegistry {
  const maxAccounts = Math.max(1, Math.floor(options.maxAccounts))
  const fixtureIds = new Map(fixtures.map((a) => [a.id, a]))
  /** Registered accounts, oldest first (a Map keeps insertion order). */
  let registered = new Map<string, Account>()
  let count = 0
  /** field -> value -> accounts holding it, in the order `match` answers (fixtures, then registered oldest first). */
  const indexes = new Map<string, Map<unknown, Account[]>>()
  const numbers = new Map<string, number>()

  function indexOf(field: string): Map<unknown, Account[]> {
    let index = indexes.get(field)
    if (!index) {
      index = new Map()
      for (const account of [...fixtures, ...registered.values()]) addTo(index, field, account)
      indexes.set(field, index)
    }
    return index
  }

  function addTo(index: Map<unknown, Account[]>, field: string, account: Account): void {
    const value = account.fields[field]
    // Objects and arrays never equal a value asked for (=== compares identity): leave them out.
    if (value === undefined || (typeof value === 'object' && value !== null)) return
    const holders = index.get(value)
    if (holders) holders.push(account)
    else index.set(value, [account])
  }

  function drop(account: Account): void {
    registered.delete(account.id)
    for (const [field, index] of indexes) {
      const holders = index.get(account.fields[field])
      const at = holders ? holders.indexOf(account) : -1
      if (!holders || at === -1) continue
      if (holders.length === 1) index.delete(account.fields[field])
      else holders.splice(at, 1)
    }
  }

  return {
    byId: (id) => (id === undefined ? undefined : fixtureIds.get(id) ?? registered.get(id)),
    match(fields, values) {
      // Scan the fewest candidates: those sharing the value of the most selective field.
      let candidates: Account[] | undefined
      for (let i = 0; i < fields.length; i++) {
        const holders = indexOf(fields[i] as string).get(values[i])
        if (!holders) return undefined
        if (!candidates || holders.length < candidates.length) candidates = holders
      }
      if (!candidates) return undefined
      for (const account of candidates) {
        let all = true
        for (let i = 0; i < fields.length && all; i++) all = account.fields[fields[i] as string] === values[i]
        if (all) return account
      }
      return undefined
    },
    nextNumber(field) {
      let last = numbers.get(field)
      if (last === undefined) {
        last = 0
        for (const a of fixtures) {
          const value = (a.fields.profile as JsonObject | undefined)?.[field]
          if (typeof value === 'number' && value > last) last = value
        }
      }
      numbers.set(field, last + 1)
      return last + 1
    },
    register(fields) {
      const account: Account = { id: `r${++count}`, fields }
      if (registered.size >= maxAccounts) drop(registered.values().next().value as Account)
      registered.set(account.id, account)
      for (const [field, index] of indexes) addTo(index, field, account)
      return account
    },
    registered: () => registered.size,
    clear() {
      registered = new Map()
      count = 0
      indexes.clear()
      numbers.clear()
    },
  }
}
