import type { Account, LoginOperation, Operation, RevokeAccountOperation } from '../model/spec-model.js'
import type { Credential } from '../store/credential-store.js'
import { INVALID_CREDENTIAL, type CredentialState } from './check-security.js'
import type { ApiState } from './create-api-state.js'
import { createRandom, type Random } from './create-random.js'
import type { Turn } from './turn.js'
import type { Awaitable } from './namespace-state.js'
import { renderRecipe } from './render-recipe.js'
import { renderTemplate } from './render-template.js'
import type { RequestContext } from './request-context.js'
import type { Json, JsonObject, StubResponse } from './types.js'

export interface ActionRunner {
  /** Does the operation's action and renders its answer: `respond`, or `rejected` when the action refuses. */
  run(turn: Turn, api: ApiState, op: Operation, context: RequestContext, family: string | undefined): Awaitable<StubResponse>
  /** A presented credential's state: live (with its account), or why not. A plain value when the state answered at once (in memory). */
  lookup(turn: Turn, api: ApiState, kind: string, value: string): Awaitable<CredentialState>
  /** A namespace's tokens from the seed's start again (its reset). */
  reseed(namespace: string): void
}

/**
 * The actions an operation may declare (docs/spec-extensions.md, "Actions"):
 * what each does to credentials and accounts, and whether it refuses. The
 * model resolved each operation to its action's variant, so `switch
 * (op.action)` hands every case its own fields, typed. Every state call is
 * awaited (a shared store answers later); every change a login makes is one
 * call (putAll), so it happens whole or not at all.
 *
 * @example createActionRunner(1, '').run(turn, api, loginOperation, context, undefined)
 */
export function createActionRunner(seed: number | undefined, familyPrefix: string): ActionRunner {
  // Per namespace, so a seeded namespace's tokens do not depend on another's traffic, and its reset starts them again.
  const randoms = new Map<string, Random>()
  const randomOf = (namespace: string): Random => {
    let random = randoms.get(namespace)
    if (!random) {
      random = createRandom(seed)
      randoms.set(namespace, random)
    }
    return random
  }
  let families = 0

  // Every request with a credential looks it up: written without async frames, so the in-memory state (which answers at once) pays no microtask.
  function lookup({ state, now, read }: Turn, { api }: ApiState, kind: string, value: string): Awaitable<CredentialState> {
    const judge = (credential: Credential | undefined): Awaitable<CredentialState> => {
      if (!credential || credential.kind !== kind) return INVALID_CREDENTIAL
      if (credential.subject === undefined) return stateOf(credential, undefined, now)
      const account = state.accounts(api.name).byId(credential.subject)
      return account instanceof Promise ? account.then((a) => stateOf(credential, a, now)) : stateOf(credential, account, now)
    }
    const credential = read?.value === value ? read.credential : state.credentials.get(api.name, value)
    return credential instanceof Promise ? credential.then(judge) : judge(credential)
  }

  /** Issues `kinds` as one family (owned by `subject` when given), all in one store call, and puts them in the context for the recipe. */
  async function issue({ state, now, namespace }: Turn, { api, lifetimes }: ApiState, kinds: string[], context: RequestContext, subject?: string): Promise<void> {
    // A family id is only ever compared, never shown: a counter does (prefixed by the replica's id when replicas share a store).
    const family = familyPrefix + String(++families)
    const random = randomOf(namespace)
    const issued: Credential[] = []
    for (const kind of kinds) {
      const def = api.credentials[kind]
      if (!def) continue
      const ttlMs = lifetimes.get(kind)
      const value = random.token(def.alphabet, def.length)
      const expiresAt = ttlMs === undefined ? undefined : now + ttlMs
      // Every field set here, revokedAt too, so all credentials share one object shape.
      issued.push({ api: api.name, kind, value, family, subject, issuedAt: now, expiresAt, revokedAt: undefined })
      context.credentials[kind] = {
        value,
        expires: expiresAt === undefined ? null : Math.floor(expiresAt / 1000),
        ttl: ttlMs === undefined ? undefined : Math.floor(ttlMs / 1000),
      }
    }
    await state.credentials.putAll(issued, now)
  }

  async function matchAccount(turn: Turn, { api }: ApiState, op: LoginOperation | RevokeAccountOperation, context: RequestContext): Promise<Account | undefined> {
    // Loops, not map/find/every: this runs on every login.
    const fields: string[] = []
    const wanted: string[] = []
    for (const [field, template] of op.match) {
      const value = renderTemplate(template, context)
      if (typeof value !== 'string' || value === '') return undefined
      fields.push(field)
      wanted.push(value)
    }
    return turn.state.accounts(api.name).match(fields, wanted)
  }

  /** Does the operation's action; false when it refuses (wrong password, spent refresh token, taken e-mail). */
  async function act(turn: Turn, apiState: ApiState, op: Operation, context: RequestContext, family: string | undefined): Promise<boolean> {
    const { state, now } = turn
    const name = apiState.api.name
    switch (op.action) {
      case 'respond':
        return true
      case 'issue':
        await issue(turn, apiState, op.issue, context)
        return true
      case 'login': {
        const account = await matchAccount(turn, apiState, op, context)
        if (!account) return false
        context.account = account.fields
        await issue(turn, apiState, op.issue, context, account.id)
        return true
      }
      case 'logout':
        if (family !== undefined) await state.credentials.revokeFamily(name, family, now)
        return true
      case 'revoke-account': {
        const account = await matchAccount(turn, apiState, op, context)
        if (account) await state.credentials.revokeSubject(name, account.id, now)
        return true
      }
      case 'refresh': {
        const value = renderTemplate(op.from, context)
        const found = typeof value === 'string' ? await lookup(turn, apiState, op.kind, value) : undefined
        if (found?.state !== 'live') return false
        // Decided by the revocation itself: when replicas race with one refresh token, only the call that revoked its family goes on.
        if ((await state.credentials.revokeFamily(name, found.credential.family, now)) === 0) return false
        context.account = found.account
        await issue(turn, apiState, op.issue, context, found.credential.subject)
        return true
      }
      case 'register': {
        // The body passed the operation's schema, which declares an object.
        const body = context.body as JsonObject
        const accounts = state.accounts(name)
        if (await accounts.match([op.unique], [body[op.unique]])) return false
        const fields: JsonObject = {}
        for (const field of op.fields) if (Object.hasOwn(body, field)) fields[field] = body[field] as Json
        const { password: _password, ...profile } = fields
        if (op.idField) profile[op.idField] = await accounts.nextNumber(op.idField)
        // The store decides "taken" again, atomically: two replicas registering the same e-mail at once, one wins.
        const account = await accounts.register({ ...fields, profile }, op.unique)
        if (!account) return false
        context.account = account.fields
        await issue(turn, apiState, op.issue, context, account.id)
        return true
      }
    }
  }

  return {
    lookup,
    run(turn, api, op, context, family) {
      // A read (a profile) changes nothing: answered at once, without an async frame.
      if (op.action === 'respond') return renderRecipe(op.respond, context, op.operationId)
      return act(turn, api, op, context, family).then((done) => renderRecipe(done ? op.respond : op.rejected ?? op.respond, context, op.operationId))
    },
    reseed(namespace) {
      randoms.delete(namespace)
    },
  }
}


/** A credential found, with its account: why it does not authenticate, or live. */
function stateOf(credential: Credential, account: Account | undefined, now: number): CredentialState {
  // The account was dropped (past maxAccounts): like a deleted user's token, it no longer authenticates.
  if (credential.subject !== undefined && !account) return INVALID_CREDENTIAL
  if (credential.revokedAt !== undefined) return { state: 'revoked' }
  if (credential.expiresAt !== undefined && credential.expiresAt <= now) return { state: 'expired' }
  return { state: 'live', credential, account: account?.fields }
}
