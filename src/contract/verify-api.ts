import { randomInt } from 'node:crypto'
import type { Api, LoginOperation, Operation, Recipe, SchemeUse } from '../model/spec-model.js'
import type { CaseRequest, CaseRun, CaseRunner, Finding } from './create-case-runner.js'
import type { Redactor } from './create-redactor.js'
import { accessKinds, extractCredentials } from './extract-credentials.js'
import { fillPath, fillTemplates, type RequestFields } from './fill-request.js'
import { chooseRequirement, createSession, isOpen, placeCredential, presentRequirement, type Session } from './present-credentials.js'
import { isJsonType } from '../core/media-type.js'
import type { GenerateOptions } from './verify-generated.js'

export interface ApiRun {
  api: Api
  /** The account fields login matches on, e.g. { email, password }. */
  account: Record<string, string>
  runner: CaseRunner
  redactor: Redactor
  /** `--generate`: generated cases after the fixed ones (verify-generated.ts). */
  generate?: GenerateOptions | undefined
}

// Cut short on purpose: every JSON parser refuses it.
const MALFORMED_JSON = '{"authmock": '
const PASSWORD = /pass/i

/** The statuses a recipe's example is documented under (an example may be under several, e.g. 200 and 401). */
export function recipeStatuses(operation: Operation, recipe: Recipe): number[] {
  if (recipe.example === '') return [recipe.status]
  const statuses = operation.responses.filter((r) => r.examples.has(recipe.example)).map((r) => r.status)
  return statuses.length > 0 ? statuses : [recipe.status]
}

/**
 * Runs one API's cases, all derived from its model (no per-API code), in the
 * order a client works: issue (CSRF token), login, protected reads with the
 * credential, the documented 400s, CSRF refusal, refresh and refresh-token
 * reuse, logout, the same reads again (now refused), wrong credentials, and no
 * or bogus credentials. Cases that could end or spoil the main session if the
 * server deviated (CSRF, refresh reuse) get a session of their own, so one
 * deviation is reported once and does not cascade. Pending operations are
 * skipped with the spec's reason.
 *
 * @example await verifyApi({ api, account: { email, password }, runner, redactor })
 */
export async function verifyApi({ api, account, runner, redactor, generate }: ApiRun): Promise<void> {
  const live = api.operations.filter((op) => op.pending === undefined)
  for (const op of api.operations) if (op.pending !== undefined) runner.skip(op, 'all cases', `pending in the spec: ${op.pending}`)
  for (const [field, value] of Object.entries(account)) if (PASSWORD.test(field)) redactor.add(value, 'AUTHMOCK_PASSWORD')
  const kinds = accessKinds(api)
  const issuers = live.filter((op) => op.action === 'issue')
  // A login with a body first: that is the form clients use (Unicommerce also has a query-string GET).
  const logins = live.filter((op) => op.action === 'login').sort((a, b) => Number(a.method === 'GET') - Number(b.method === 'GET'))
  const loginOp = logins[0]

  /** Keeps what an expected answer carries (credentials, cookies) in the session, and marks it secret. */
  const keep = (recipe: Recipe, session: Session) => (run: CaseRun): Finding[] => {
    if (run.ok) for (const found of extractCredentials(recipe, run.json, run.setCookies, session)) redactor.add(found.value, credentialVariable(found.kind))
    return []
  }
  const expect = (op: Operation, recipe: Recipe, accepted?: string) => ({ statuses: recipeStatuses(op, recipe), cookies: recipe.cookies, accepted, example: recipe.example || undefined })

  async function issue(session: Session, silent: boolean): Promise<void> {
    for (const op of issuers) await runner.run(op, 'happy path', { jar: session.cookies, silent, prerequisite: true }, expect(op, op.respond), keep(op.respond, session))
  }

  async function login(op: LoginOperation, session: Session, silent: boolean): Promise<boolean> {
    const fields = fillTemplates(op.match, account)
    if (!fields.ok) {
      if (!silent) runner.skip(op, 'happy path', `the credentials given have no ${fields.missing.join(', ')}`)
      return false
    }
    const run = await runner.run(op, 'happy path', { ...send(op, fields.fields), jar: session.cookies, silent, prerequisite: true }, expect(op, op.respond), keep(op.respond, session))
    return run.ok && [...kinds].some((kind) => session.credentials.has(kind))
  }

  /** A second, independent logged-in session, for a case that may end it. */
  async function setupSession(): Promise<Session | undefined> {
    const session = createSession()
    await issue(session, true)
    return loginOp && (await login(loginOp, session, true)) ? session : undefined
  }

  // 1. Happy path, in a client's order.
  const main = createSession()
  await issue(main, false)
  const loggedIn = loginOp ? await login(loginOp, main, false) : false
  for (const op of logins.slice(1)) await login(op, createSession(), false)
  const noLogin = loginOp ? `the login did not succeed (see ${loginOp.method} ${loginOp.path} (happy path))` : 'the spec has no login operation'

  const reads: Array<{ op: Operation; path: string; requirement: SchemeUse[] }> = []
  for (const op of live) {
    if (op.action !== 'respond') continue
    if (op.method !== 'GET') {
      runner.skip(op, 'happy path', 'the checker invents no request bodies: it builds only login, refresh and logout requests from the spec')
      continue
    }
    const path = fillPath(op)
    if (!path.ok) {
      runner.skip(op, 'happy path', path.reason)
      continue
    }
    const use = chooseRequirement(op, main)
    if (!use) {
      runner.skip(op, 'happy path', noLogin)
      continue
    }
    const run = await runner.run(op, 'happy path', { path: path.path, presented: use.presented, jar: main.cookies }, expect(op, op.respond))
    if (run.ok && use.requirement.length > 0) reads.push({ op, path: path.path, requirement: use.requirement })
  }
  for (const op of live) {
    if (op.action === 'register') runner.skip(op, 'happy path', 'it would create an account on the target')
  }

  // 2. The documented 400s, with a live credential where the operation needs one.
  for (const op of live) {
    if (!op.body || op.action === 'register') continue
    const use = isOpen(op) ? { presented: undefined } : chooseRequirement(op, main)
    const emptyIsInvalid = !op.body.validate({})
    if (op.validationError && emptyIsInvalid) {
      if (!use) runner.skip(op, 'missing fields', noLogin)
      else await runner.run(op, 'missing fields', { presented: use.presented, jar: main.cookies, body: json({}) }, expect(op, op.validationError))
    }
    if (op.parseError && op.body.mediaTypes.some(isJsonType)) {
      if (!use) runner.skip(op, 'malformed JSON', noLogin)
      else await runner.run(op, 'malformed JSON', { presented: use.presented, jar: main.cookies, body: { contentType: 'application/json', text: MALFORMED_JSON } }, expect(op, op.parseError))
    }
  }

  // 3. CSRF: a non-GET call on a live session without the header must be refused (own session: a server that does not refuse ends it).
  for (const op of live) {
    const requirement = op.security.find((r) => r.some((use) => use.scheme.in === 'csrf'))
    const csrf = requirement?.find((use) => use.scheme.in === 'csrf')
    if (op.method === 'GET' || !requirement || !csrf || !runner.selected(op)) continue
    const session = await setupSession()
    const presented = session && presentRequirement(requirement, session, { omitCsrfHeader: true })
    if (!presented) runner.skip(op, 'no CSRF header', noLogin)
    else await runner.run(op, 'no CSRF header', { presented, jar: new Map() }, expect(op, csrf.failures.missing, 'CSRF is not enforced: a call on a live session without the CSRF header is accepted'))
  }

  // 4. Refresh, then reuse of a spent refresh token (own session, so an accepted reuse cannot spoil the main one).
  for (const op of live) {
    if (op.action !== 'refresh' || op.from === undefined || op.kind === undefined) continue
    const refresh = (session: Session, value: string | undefined): { ok: true; request: CaseRequest } | { ok: false } => {
      const fields = fillTemplates([[op.kind as string, op.from as string]], { [op.kind as string]: value })
      const use = chooseRequirement(op, session)
      return fields.ok && use ? { ok: true, request: { ...send(op, fields.fields), presented: use.presented, jar: session.cookies } } : { ok: false }
    }
    const happy = refresh(main, main.credentials.get(op.kind))
    if (!happy.ok) runner.skip(op, 'happy path', noLogin)
    else await runner.run(op, 'happy path', happy.request, expect(op, op.respond), keep(op.respond, main))

    const name = `reused ${op.kind} token`
    if (!op.rejected || !runner.selected(op)) continue
    const second = await setupSession()
    const spent = second?.credentials.get(op.kind)
    const first = second && refresh(second, spent)
    const renewed = first?.ok && (await runner.run(op, name, { ...first.request, silent: true }, expect(op, op.respond), keep(op.respond, second as Session))).ok
    const reuse = renewed ? refresh(second as Session, spent) : { ok: false as const }
    if (!reuse.ok) runner.skip(op, name, `could not log in and refresh a second session to get a spent token (${noLogin})`)
    else await runner.run(op, name, reuse.request, expect(op, op.rejected, `a spent ${op.kind} token is accepted again`))
  }

  // 5. Logout / expire, then the reads again: each must now be refused.
  let ended = false
  const enders = live.filter((op) => op.action === 'logout' || op.action === 'revoke-account')
  for (const [index, op] of enders.entries()) {
    // Only the first ends the main session (the reads after it need that); any further one ends a session of its own.
    if (index > 0 && !runner.selected(op)) continue
    const session = index === 0 ? main : await setupSession()
    const use = session && chooseRequirement(op, session)
    const fields = op.action === 'revoke-account' ? fillTemplates(op.match, account) : { ok: true as const, fields: { query: {} } }
    if (!session || !use || !fields.ok) {
      runner.skip(op, 'happy path', fields.ok ? noLogin : `the credentials given have no ${fields.missing.join(', ')}`)
      continue
    }
    const run = await runner.run(op, 'happy path', { ...send(op, fields.fields), presented: use.presented, jar: session.cookies, prerequisite: index === 0 }, expect(op, op.respond), keep(op.respond, session))
    if (index === 0) ended = run.ok
  }
  if (enders.length > 0 && loggedIn) {
    const ender = enders[0] as Operation
    for (const { op, path, requirement } of reads) {
      const use = requirement.find((u) => u.scheme.in !== 'csrf')
      if (!ended || !use) {
        runner.skip(op, 'revoked credential', `${ender.method} ${ender.path} did not succeed, so there is no revoked credential to try`)
        continue
      }
      await runner.run(op, 'revoked credential', { path, presented: presentRequirement(requirement, main), jar: main.cookies }, expect(op, use.failures.revoked, `the credential is still accepted after ${ender.method} ${ender.path}`))
    }
  }

  // 6. Wrong credentials: refused, and no credential in the answer.
  for (const op of logins) {
    const wrong = Object.fromEntries(Object.entries(account).map(([field, value]) => [field, PASSWORD.test(field) ? `${value}-authmock-wrong` : value]))
    // Not remembered on its own: it holds the password, which is, so it shows as [redacted]-authmock-wrong, and a reproducer as "${AUTHMOCK_PASSWORD}"'-authmock-wrong'.
    const fields = fillTemplates(op.match, wrong)
    if (!op.rejected || !fields.ok || !op.match.some(([field]) => PASSWORD.test(field))) continue
    await runner.run(op, 'wrong credentials', send(op, fields.fields), expect(op, op.rejected, 'wrong credentials are accepted'), (run) => {
      const found = extractCredentials(op.respond, run.json, run.setCookies, createSession()).filter((f) => kinds.has(f.kind))
      found.forEach((f) => redactor.add(f.value, credentialVariable(f.kind)))
      return found.map((f) => ({
        message: `wrong credentials were accepted: the answer carries a ${f.kind} credential`,
        pointer: f.where.startsWith('/') ? f.where : undefined,
        expected: 'no credential',
        actual: f.where,
      }))
    })
  }

  // 7. No credential, and a bogus one, on every protected operation.
  for (const op of live) {
    if (isOpen(op)) continue
    const path = fillPath(op)
    const first = op.security[0] as SchemeUse[]
    const use = first[0] as SchemeUse
    if (!path.ok) {
      runner.skip(op, 'no credential', path.reason)
      continue
    }
    await runner.run(op, 'no credential', { path: path.path }, expect(op, use.failures.missing, 'a call without a credential is accepted'))
    if (use.scheme.in === 'csrf') continue
    const presented = { headers: {}, cookies: {}, query: {} }
    const bogus = bogusValue(api, use.scheme.credential)
    redactor.add(bogus, 'AUTHMOCK_BOGUS_CREDENTIAL')
    placeCredential(use.scheme, bogus, presented)
    await runner.run(op, 'bogus credential', { path: path.path, presented }, expect(op, use.failures.invalid, 'a bogus credential is accepted'))
  }

  // 8. Generated inputs (--generate): loaded only then, so a plain run does not pay for fast-check.
  if (generate && generate.perOperation > 0) {
    const { verifyGenerated } = await import('./verify-generated.js')
    await verifyGenerated({ api, runner, setupSession }, generate)
  }
}

/** A body (JSON when the operation takes it, else an HTML form) and query from template fields. */
function send(op: Operation, fields: RequestFields): CaseRequest {
  const request: CaseRequest = { query: fields.query }
  if (fields.body) {
    const form = op.body && !op.body.mediaTypes.some(isJsonType) && op.body.mediaTypes.includes('application/x-www-form-urlencoded')
    request.body = form
      ? { contentType: 'application/x-www-form-urlencoded', text: new URLSearchParams(fields.body).toString() }
      : json(fields.body)
  }
  return request
}

function json(value: unknown): { contentType: string; text: string } {
  return { contentType: 'application/json', text: JSON.stringify(value) }
}

/** A credential of the right shape (alphabet, length) that no server issued. */
function bogusValue(api: Api, kind: string | undefined): string {
  const def = kind === undefined ? undefined : api.credentials[kind]
  const alphabet = def?.alphabet ?? 'abcdefghijklmnopqrstuvwxyz0123456789'
  const length = def?.length ?? 32
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** The environment variable a reproducer names for a credential kind: access -> AUTHMOCK_ACCESS. */
export const credentialVariable = (kind: string): string => `AUTHMOCK_${kind.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
