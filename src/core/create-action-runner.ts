import type { Account, LoginOperation, Operation, RevokeAccountOperation } from '../model/spec-model.js'
import type { CredentialStore } from '../store/credential-store.js'
import type { CredentialState } from './check-security.js'
import type { ApiState } from './create-api-state.js'
import { createRandom } from './create-random.js'
import { renderRecipe } from './render-recipe.js'
import { renderTemplate } from './render-template.js'
import type { RequestContext } from './request-context.js'
import type { Clock, Json, JsonObject, StubResponse } from './types.js'

export interface ActionRunner {
  /** Does the operation's action and renders its answer: `respond`, or `rejected` when the action refuses. */
  run(state: ApiState, op: Operation, context: RequestContext, family: string | undefined): StubResponse
  /** A presented credential's state: live, or why not. */
  lookup(state: ApiState, kind: string, value: string): CredentialState
  /** Tokens from the seed's start again (the engine's reset). */
  reseed(): void
}

/**
 * The actions an operation may declare (docs/spec-extensions.md, "Actions"):
 * what each does to credentials and accounts, and whether it refuses. The
 * model resolved each operation to its action's variant, so `switch
 * (op.action)` hands every case its own fields, typed.
 *
 * @example createActionRunner(store, clock, 1).run(state, loginOperation, context, undefined)
 */
export function createActionRunner(store: CredentialStore, clock: Clock, seed: number | undefined): ActionRunner {
  let random = createRandom(seed)
  let families = 0

  function lookup(state: ApiState, kind: string, value: string): CredentialState {
    const credential = store.get(state.api.name, value)
    if (!credential || credential.kind !== kind) return { state: 'invalid' }
    // The account was dropped (past maxAccounts): like a deleted user's token, it no longer authenticates.
    if (credential.subject !== undefined && !state.accounts.byId(credential.subject)) return { state: 'invalid' }
    if (credential.revokedAt !== undefined) return { state: 'revoked' }
    if (credential.expiresAt !== undefined && credential.expiresAt <= clock.now()) return { state: 'expired' }
    return { state: 'live', credential }
  }

  /** Issues `kinds` as one family (owned by `subject` when given) and puts them in the context for the recipe. */
  function issue({ api, lifetimes }: ApiState, kinds: string[], context: RequestContext, subject?: string): void {
    const now = clock.now()
    // A family id is only ever compared, never shown: a counter does, and costs no randomness.
    const family = String(++families)
    for (const kind of kinds) {
      const def = api.credentials[kind]
      if (!def) continue
      const ttlMs = lifetimes.get(kind)
      const value = random.token(def.alphabet, def.length)
      const expiresAt = ttlMs === undefined ? undefined : now + ttlMs
      // Every field set here, revokedAt too, so all credentials share one object shape.
      store.put({ api: api.name, kind, value, family, subject, issuedAt: now, expiresAt, revokedAt: undefined })
      context.credentials[kind] = {
        value,
        expires: expiresAt === undefined ? null : Math.floor(expiresAt / 1000),
        ttl: ttlMs === undefined ? undefined : Math.floor(ttlMs / 1000),
      }
    }
  }

  function matchAccount(state: ApiState, op: LoginOperation | RevokeAccountOperation, context: RequestContext): Account | undefined {
    // Loops, not map/find/every: this runs on every login.
    const fields: string[] = []
    const wanted: string[] = []
    for (const [field, template] of op.match) {
      const value = renderTemplate(template, context)
      if (typeof value !== 'string' || value === '') return undefined
      fields.push(field)
      wanted.push(value)
    }
    return state.accounts.match(fields, wanted)
  }

  /** Does the operation's action; false when it refuses (wrong password, spent refresh token, taken e-mail). */
  function act(state: ApiState, op: Operation, context: RequestContext, family: string | undefined): boolean {
    switch (op.action) {
      case 'respond':
        return true
      case 'issue':
        issue(state, op.issue, context)
        return true
      case 'login': {
        const account = matchAccount(state, op, context)
        if (!account) return false
        context.account = account.fields
        issue(state, op.issue, context, account.id)
        return true
      }
      case 'logout':
        if (family !== undefined) store.revokeFamily(state.api.name, family, clock.now())
        return true
      case 'revoke-account': {
        const account = matchAccount(state, op, context)
        if (account) store.revokeSubject(state.api.name, account.id, clock.now())
        return true
      }
      case 'refresh': {
        const value = renderTemplate(op.from, context)
        const found = typeof value === 'string' ? lookup(state, op.kind, value) : undefined
        if (found?.state !== 'live') return false
        store.revokeFamily(state.api.name, found.credential.family, clock.now())
        context.account = state.accounts.byId(found.credential.subject)?.fields
        issue(state, op.issue, context, found.credential.subject)
        return true
      }
      case 'register': {
        // The body passed the operation's schema, which declares an object.
        const body = context.body as JsonObject
        if (state.accounts.match([op.unique], [body[op.unique]])) return false
        const fields: JsonObject = {}
        for (const field of op.fields) if (Object.hasOwn(body, field)) fields[field] = body[field] as Json
        const { password: _password, ...profile } = fields
        if (op.idField) profile[op.idField] = state.accounts.nextNumber(op.idField)
        const account = state.accounts.register({ ...fields, profile })
        context.account = account.fields
        issue(state, op.issue, context, account.id)
        return true
      }
    }
  }

  return {
    lookup,
    run(state, op, context, family) {
      return renderRecipe(act(state, op, context, family) ? op.respond : op.rejected ?? op.respond, context, op.operationId)
    },
    reseed() {
      random = createRandom(seed)
    },
  }
}
