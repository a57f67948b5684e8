import { AuthmockError } from '../core/errors.js'
import type { JsonObject } from '../core/types.js'
import type { Account } from './spec-model.js'

/**
 * An API's fixtures (fixtures/<api>.json): the accounts login matches, ids
 * given by position, and the collections `data` reads. Refuses anything else
 * with ERR_FIXTURE_INVALID.
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
  return {
    accounts: (accounts as JsonObject[]).map((fields, index) => ({ id: String(index + 1), fields })),
    collections: collections as Record<string, JsonObject[]>,
  }
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
