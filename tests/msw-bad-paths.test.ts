import t from 'tap'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createHandlers } from '../src/msw/index.js'

// Found by the fuzz: MSW decoded its "*" wildcard with decodeURIComponent and threw on a
// broken escape, so any such request became a 500 from the handlers.
t.test('a path with a broken percent escape never makes the handlers throw: known routes are answered, others pass on', async (t) => {
  for (const base of ['http://api.test', 'http://api.test/v2']) {
    // After authmock's handlers: marks what they let pass (a RegExp, which MSW does not decode).
    const fallback = http.all(/^/, () => new HttpResponse(null, { status: 204, headers: { 'x-passed-on': 'yes' } }))
    const server = setupServer(...createHandlers({ baseUrl: base, seed: 1 }), fallback)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      for (const path of ['/products%ff', '/csrf_token/%', '/authToken%ZZ', '/api/v1/stocks/%C0%AF']) {
        const res = await fetch(`${base}${path}`)
        t.equal(res.headers.get('x-passed-on'), 'yes', `${base}${path}: not an API path, passed on`)
      }
      const templated = await fetch(`${base}/api/v1/stock-locations/%ZZ/`)
      t.equal(templated.headers.get('x-passed-on'), null, 'a templated route with a broken escape is the engine\'s')
      t.equal(templated.status, 401, 'answered as the API does: credentials first')
    } finally {
      server.close()
    }
  }
})
