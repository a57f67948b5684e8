import { AuthmockError } from '../core/errors.js'
import { isSecretName } from '../core/is-secret-name.js'
import type { JsonObject } from '../core/types.js'
import type { Account } from './spec-model.js'

/**
 * An API's fixtures (fixtures/<api>.json): the accounts login matches, each
 * with its `fixtureIds` id, and the collections `data` reads. Refuses
 * anything else with ERR_FIXTURE_INVALID.
 *
 * @example readFixtures('nwapp', { accounts: [{ email: 'a@b.c', password: 'x' }] })
 */
export function readFixtures(api: string, fixtures: unknown): { accounts: Account[]; collections: Record<string, JsonObject[]> } {
  const fail = (detail: string): never => { throw new AuthmockError('ERR_FIXTURE_INVALID', { api, detail }) }
  if (fixtures === null || typeof fixtures !== 'object') fail('not a JSON object')
  const { accounts = [], collections = {} } = fixtures as { accounts?: unknown; collections?: unknown }
  if (!Array.isArray(accounts) || !accounts.every(isObject)) fail('"accounts" must be an array of objects')
  if (!isObject(collections) || !Object.values(collections).every((c) => Array.isArray(c) && c.every(isObject))) {
    fail('"collections" must map names to arrays of objects')
  }
  const ids = fixtureIds(accounts as JsonObject[])
  return {
    accounts: (accounts as JsonObject[]).map((fields, index) => ({ id: ids[index] as string, fields })),
    collections: collections as Record<string, JsonObject[]>,
  }
}

/**
 * Each account's id, the subject its tokens and sessions name: its first
 * string member whose name is not a secret's (`email=bart@mikasoftware.com`,
 * `username=test`), so that `serve --watch` keeps a live token on its account
 * when accounts are added, moved or have their password changed, and a token
 * whose account was renamed or removed answers 401. A repeated identity gets
 * `#2`, `#3`; an account without such a member is known by its position
 * (`#1`). None looks like a registered account's `r<n>`.
 *
 * @example fixtureIds([{ email: 'a@b.c', password: 'x' }, { password: 'y' }]) // ['email=a@b.c', '#2']
 */
export function fixtureIds(accounts: readonly JsonObject[]): string[] {
  const used = new Set<string>()
  return accounts.map((fields, index) => {
    const name = Object.keys(fields).find((key) => typeof fields[key] === 'string' && !isSecretName(key))
    const identity = name === undefined ? `#${index + 1}` : `${name}=${fields[name] as string}`
    let id = identity
    for (let n = 2; used.has(id); n++) id = `${identity}#${n}`
    used.add(id)
    return id
  })
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
