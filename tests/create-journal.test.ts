import t from 'tap'
import { createJournal } from '../src/core/create-journal.js'
import type { StubRequest, StubResponse } from '../src/core/types.js'

const request = (n: number, body?: string): StubRequest => ({
  method: 'POST',
  url: `http://localhost/login?n=${n}&token=secret-${n}`,
  headers: { 'content-type': 'application/json', authorization: `Bearer t-${n}`, 'x-note': 'café ☕' },
  cookies: {},
  body,
})
const response = (body?: string): StubResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  cookies: [{ name: 'sessionid', value: 's3cr3t', httpOnly: true, path: '/' }],
  body,
  operationId: 'login',
})

t.test('reads back what was added, redacted, newest last', async (t) => {
  const journal = createJournal(3)
  for (let n = 1; n <= 5; n++) journal.add(n * 1000, 'nwapp', request(n, `{"email":"e${n}","password":"p${n}"}`), response(`{"n":${n},"token":"x"}`), n === 5 ? 'Prefer code=200' : undefined)
  const entries = journal.list()
  t.same(entries.map((e) => e.id), [3, 4, 5], 'only the last 3')
  t.match(entries[2], {
    at: new Date(5000).toISOString(),
    api: 'nwapp',
    operationId: 'login',
    method: 'POST',
    path: '/login',
    query: { n: '5', token: '[redacted]' },
    headers: { 'content-type': 'application/json', authorization: '[redacted]', 'x-note': 'café ☕' },
    body: { email: 'e5', password: '[redacted]' },
    status: 200,
    responseHeaders: { 'content-type': 'application/json', 'set-cookie': [/^sessionid=\[redacted\]/] },
    responseBody: { n: 5, token: '[redacted]' },
    shapedBy: 'Prefer code=200',
  })
  t.notOk('shapedBy' in (entries[0] as object), 'no shapedBy when nothing shaped it')
  t.same(journal.list({ limit: 1 }).map((e) => e.id), [5])
  t.same(journal.list({ operation: 'nope' }), [])
  journal.clear()
  t.same(journal.list(), [])
})

t.test('large bodies are kept as their size only, push older entries out of the ring, and never break it', async (t) => {
  const journal = createJournal(4)
  const big = 'é'.repeat(10_000)
  for (let n = 1; n <= 50; n++) journal.add(n, undefined, request(n, n % 3 === 0 ? big : undefined), response(n % 2 === 0 ? big : '{}'))
  const entries = journal.list()
  t.ok(entries.length >= 1 && entries.length <= 4, `bounded (${entries.length})`)
  t.equal(entries.at(-1)?.id, 50, 'the newest is there')
  t.same(entries.map((e) => e.id), [...entries.map((e) => e.id)].sort((a, b) => a - b), 'in order')
  const last = entries.at(-1) as { responseBody: unknown; query: Record<string, string> }
  t.equal(last.query.n, '50', 'read back intact after many wraps')
  t.equal(last.responseBody, '[unparsed body: 20000 bytes, application/json]', 'a body over 4096 characters is shown as its size and type (cut, it could not be parsed)')
})
