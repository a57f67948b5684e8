/**
 * Property-based fuzzing of the MSW handlers (msw's getResponse over the
 * handlers, no network), with the same generators and properties as
 * tests/fuzz-server.test.ts. Fewer cases per operation by default (500; each
 * goes through a WHATWG Request and MSW's handler chain, about three times
 * the cost of app.inject): AUTHMOCK_FUZZ_MSW_RUNS or AUTHMOCK_FUZZ_RUNS set it.
 * Requests fetch cannot express (TRACE, a body on GET) are counted, not sent.
 */
import t from 'tap'
import { getResponse } from 'msw'
import { createHandlers } from '../src/msw/index.js'
import { fuzzSettings, runFuzz, type Surface } from './fuzz/harness.js'

const settings = fuzzSettings(500, 'AUTHMOCK_FUZZ_MSW_RUNS')
t.comment(`fuzz seed ${settings.seed} (replay with AUTHMOCK_FUZZ_SEED=${settings.seed}), ${settings.runs} cases per operation`)

const BASE = 'http://localhost'

t.test('the MSW handlers answer every generated request for every operation as documented', async (t) => {
  // No cookie jar: each case carries its own cookies, as the server's cases do. A short journal: see the server test.
  const handlers = createHandlers({ seed: settings.seed, cookieJar: false, journalSize: 8 })

  const surface: Surface = {
    async send(request) {
      let outgoing: Request
      try {
        const bodyless = request.method === 'GET' || request.method === 'HEAD'
        outgoing = new Request(`${BASE}${request.url}`, { method: request.method, headers: request.headers, body: bodyless ? undefined : request.body })
      } catch {
        return 'skipped'
      }
      const res = await getResponse(handlers, outgoing)
      if (!res) return 'unhandled'
      const headers: Record<string, string | undefined> = {}
      res.headers.forEach((value, name) => { if (name !== 'set-cookie') headers[name] = value })
      return { status: res.status, headers, setCookies: res.headers.getSetCookie(), text: await res.text() }
    },
    async journal(limit) {
      try {
        return { ok: true, entries: await handlers.requests({ limit }) }
      } catch (error) {
        return { ok: false, problem: `requests() threw: ${(error as Error).message}` }
      }
    },
    takeLog: () => [],
  }

  await runFuzz(t, surface, settings, 'msw')
})
