import t from 'tap'
import { setupServer } from 'msw/node'
import { createManualClock } from '../src/core/create-manual-clock.js'
import { buildModel } from '../src/model/build-model.js'
import { createHandlers } from '../src/msw/index.js'
import { buildApp } from '../src/server/build-app.js'
import type { Operation } from '../src/model/spec-model.js'
import { loadSources } from '../src/spec/load-sources.js'
import { API_NAMES, fixtureLogins, START } from './helpers.js'
import { answerOfFetch, answerOfInject, type Answer } from './parity-answer.js'

/**
 * msw-parity.test.ts walks each API's flows by hand; this sweep is derived from
 * the specs, so an API added to spec/ gets server/MSW parity with no test edit:
 * every operation of every API without credentials, its login with the first
 * fixture account, then every documented response and example asked with
 * `Prefer`. Each MSW request goes to an origin of its own and the handlers keep
 * no cookie jar, so neither MSW's cookie store nor ours sends a cookie the
 * injected request does not have.
 */
interface Step { name: string; api: string; login?: boolean; method: string; path: string; headers: Record<string, string>; body?: string }

const model = buildModel(loadSources())
const logins = fixtureLogins()

/** A login with `account`: in the query when the operation takes no body, else as JSON when it takes JSON, else as a form. */
function loginStep(op: Operation, path: string, account: Record<string, string>): Step {
  const base = { name: `${op.operationId} with the first fixture account`, api: op.api, login: true, method: op.method }
  const mediaTypes = op.body?.mediaTypes
  if (!mediaTypes) return { ...base, path: `${path}?${new URLSearchParams(account)}`, headers: {} }
  if (mediaTypes.some((m) => m.includes('json'))) return { ...base, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) }
  return { ...base, path, headers: { 'content-type': mediaTypes[0] as string }, body: new URLSearchParams(account).toString() }
}

function stepsOf(): Step[] {
  const plain: Step[] = []
  const prefer: Step[] = []
  for (const api of model.apis) {
    for (const op of api.operations) {
      const path = op.path.replace(/\{[^}]+\}/g, '1')
      plain.push({ name: `${op.operationId} without credentials`, api: api.name, method: op.method, path, headers: {} })
      const account = logins[api.name]
      if (op.action === 'login' && account) plain.push(loginStep(op, path, account))
      for (const response of op.responses) {
        const examples = response.examples.size > 0 ? [...response.examples.keys()] : [undefined]
        for (const example of examples) {
          const header = `code=${response.status}${example === undefined ? '' : `, example=${example}`}`
          prefer.push({ name: `${op.operationId} Prefer ${header}`, api: api.name, method: op.method, path, headers: { prefer: header } })
        }
      }
    }
  }
  return [...plain, ...prefer]
}

// Fastify adds "; charset=utf-8" to string bodies; MSW sends the type as given. Same media type either way.

t.test('every API of spec/ is in the sweep', async (t) => {
  t.same(model.apis.map((a) => a.name).sort(), API_NAMES)
  for (const name of API_NAMES) t.ok(logins[name]?.password, `${name}: fixtures/${name}.json has a first account with a password`)
})

t.test('the Fastify server and the MSW handlers answer every operation of every API the same way', async (t) => {
  const steps = stepsOf()
  const app = await buildApp({ seed: 7, clock: createManualClock(START) })
  t.teardown(() => app.close())
  const viaServer: Answer[] = []
  for (const step of steps) {
    viaServer.push(answerOfInject(await app.inject({ method: step.method as 'GET', url: step.path, headers: step.headers, payload: step.body })))
  }

  const handlers = createHandlers({ seed: 7, clock: createManualClock(START), cookieJar: false })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(() => server.close())
  const viaMsw: Answer[] = []
  for (const [i, step] of steps.entries()) {
    viaMsw.push(await answerOfFetch(await fetch(`http://step-${i}.test${step.path}`, { method: step.method, headers: step.headers, body: step.body, redirect: 'manual' })))
  }

  steps.forEach((step, i) => t.same(viaMsw[i], viaServer[i], step.name))
  // The sweep reaches what it claims to: every API logs in, and documented answers come back as asked.
  for (const name of API_NAMES) t.ok(steps.some((s) => s.api === name && s.login), `${name} has a login in the sweep`)
  steps.forEach((step, i) => { if (step.login) t.equal(viaServer[i]?.status, 200, `${step.name}: logged in`) })
  const forced = steps.flatMap((s, i) => (s.headers.prefer ? [[s, viaServer[i]] as const] : []))
  for (const [step, answer] of forced) t.equal(answer?.status, Number(/code=(\d+)/.exec(step.headers.prefer ?? '')?.[1]), `${step.name}: the documented status`)
})
