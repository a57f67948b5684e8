import { readFileSync } from 'node:fs'
import { AuthmockError } from '../core/errors.js'
import { describeJsonError } from '../core/locate-json-error.js'
import type { Api } from '../model/spec-model.js'
import { loginFields } from './verify-server.js'

/** The credential flags of `authmock verify`. */
export interface CredentialFlags {
  /** A JSON file: one account ({"email"|"username", "password"}) or an object of them keyed by API name. */
  credentials?: string | undefined
  email?: string | undefined
  username?: string | undefined
  password?: string | undefined
}

type Account = Record<string, string>

function isAccount(value: unknown): value is Account {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
}

function readFile(file: string): { single?: Account; perApi: Record<string, Account> } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    // Node's message names the path and the reason (ENOENT, EACCES), never content.
    throw new AuthmockError('ERR_VERIFY_CREDENTIALS_FILE', { file, detail: (error as Error).message })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // By line and column only: JSON.parse's message quotes the file, which holds passwords.
    throw new AuthmockError('ERR_VERIFY_CREDENTIALS_FILE', { file, detail: `it is ${describeJsonError(text)}` })
  }
  if (isAccount(parsed)) return { single: parsed, perApi: {} }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every(isAccount)) {
    return { perApi: parsed as Record<string, Account> }
  }
  throw new AuthmockError('ERR_VERIFY_CREDENTIALS_FILE', { file, detail: 'it is neither one account of strings nor an object of accounts keyed by API name' })
}

/** The environment variable of an account field, for every API or one: AUTHMOCK_PASSWORD, AUTHMOCK_WHIPPY_WARE_PASSWORD. */
export function accountVariable(field: string, api?: string): string {
  const upper = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]+/g, '_')
  return api === undefined ? `AUTHMOCK_${upper(field)}` : `AUTHMOCK_${upper(api)}_${upper(field)}`
}

/**
 * Each API's login account. Per field, the first given of: the per-API
 * environment variable (AUTHMOCK_NWAPP_PASSWORD), --credentials (one account,
 * or a map by API name), the flag (--email, --username, --password), the
 * environment for every API (AUTHMOCK_EMAIL, AUTHMOCK_USERNAME,
 * AUTHMOCK_PASSWORD). The environment keeps CI secrets off the command line,
 * where process lists and CI logs show them. There is no default, not even
 * for authmock's own fixtures: an API that logs in with fields nobody gave is
 * a usage error naming the flags and variables to set.
 *
 * @example resolveAccounts([nwapp], { email: 'bart@mikasoftware.com', password: '123password' }) // { nwapp: { email, password } }
 */
export function resolveAccounts(apis: Api[], flags: CredentialFlags, env: Record<string, string | undefined> = {}): Record<string, Account> {
  const file = flags.credentials === undefined ? { perApi: {} as Record<string, Account> } : readFile(flags.credentials)
  const fromFlags: Account = {}
  for (const field of ['email', 'username', 'password'] as const) {
    const value = flags[field] ?? env[accountVariable(field)]
    if (value !== undefined && value !== '') fromFlags[field] = value
  }

  const accounts: Record<string, Account> = {}
  for (const api of apis) {
    const fields = loginFields(api)
    const given = file.perApi[api.name] ?? file.single ?? fromFlags
    const account: Account = { ...given }
    for (const field of fields) {
      const value = env[accountVariable(field, api.name)]
      if (value !== undefined && value !== '') account[field] = value
    }
    const missing = fields.filter((field) => account[field] === undefined || account[field] === '')
    if (missing.length > 0) {
      throw new AuthmockError('ERR_VERIFY_NO_CREDENTIALS', {
        api: api.name,
        fields: fields.join(' and '),
        flags: fields.map((f) => `--${f}`).join(' and '),
        variables: fields.map((f) => `${accountVariable(f)} (or ${accountVariable(f, api.name)})`).join(' and '),
        example: JSON.stringify(Object.fromEntries(fields.map((f) => [f, '...']))),
      })
    }
    accounts[api.name] = account
  }
  return accounts
}
