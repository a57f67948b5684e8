import t from 'tap'
import fc from 'fast-check'
import { createJournal } from '../src/core/create-journal.js'
import { journalEntryOf, record } from '../src/core/journal-record.js'
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
  for (let n = 1; n <= 5; n++) journal.add(n * 1000, 'nwapp', request(n, `{"email":"e${n}","password":"p${n}"}`), { ...response(`{"n":${n},"token":"x"}`), ...(n === 5 && { shapedBy: 'Prefer code=200' }) })
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

t.test('an entry wrapping to the start drops the older entry the end still held, not just the ones it overwrites', async (t) => {
  // The smallest case the property found, by hand: a ring of 3 x 4096 bytes. 1 and 2 fill the start, 3 the end; 4 wraps to
  // the start (dropping 1 and 2); 5 does not fit after 4 and wraps too, over 4, while 3 (older, further on) still stood, so
  // the journal used to keep 4 and read it from 5's bytes (5's time, a wrong query).
  const journal = createJournal(3)
  const add = (n: number, length: number): void => journal.add(n * 1000, undefined, { method: 'GET', url: `/x?q=${'a'.repeat(length)}`, headers: {}, cookies: {} }, { status: 200, headers: {}, cookies: [] })
  for (const [n, length] of [[1, 4100], [2, 4100], [3, 2100], [4, 4700], [5, 7800]] as const) add(n, length)
  const entries = journal.list()
  t.same(entries.map((e) => e.id), [5], 'only 5 is left: making room for it gave up 3 (the skipped end) and 4 (overwritten)')
  t.equal(entries[0]?.at, new Date(5000).toISOString())
  t.equal(entries[0]?.query.q?.length, 7800)
})

/**
 * Property: whatever the sizes (entries from empty to far over the ring, in
 * every UTF-8 width, lone surrogates, BOMs, the format's own ":" and "-"),
 * the ring never shows a half-written or overwritten entry, and `list()`
 * never throws. Found by the server fuzz (tests/fuzz-server.test.ts): an
 * entry wrapping to the ring's start overwrote the newest entries while an
 * older one, further on, was left standing, so the survivors were read from
 * another entry's bytes (500s, "Invalid time value", a reader looping).
 */
const CHARS = ['a', 'Z', '0', '9', ':', '-', ' ', '&', '=', ';', '%', '/', '\0', '\n', '\x7f', 'é', 'ß', '€', '☕', '\u2028', '\ufeff', '\ufffd', '😀', '\ud800', '\udc00']
const unit = fc.oneof(fc.constantFrom(...CHARS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
const small = fc.string({ unit, maxLength: 12 })
/** Up to 100,000 UTF-16 units, a short random string repeated (cut anywhere, so a surrogate pair may be split). */
const big = fc.tuple(fc.string({ unit, minLength: 1, maxLength: 8 }), fc.oneof(fc.nat(2000), fc.nat(12_000), fc.nat(45_000), fc.nat(100_000)))
  .map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n))
const text = fc.oneof({ arbitrary: small, weight: 8 }, { arbitrary: big, weight: 1 })
const noTarget = (s: string): string => s.replace(/[?#]/g, '_')

const exchange = fc.record({
  at: fc.integer({ min: -8.64e15, max: 8.64e15 }),
  api: fc.option(small, { nil: undefined }),
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'DELETE'), small),
  path: text.map((s) => `/${noTarget(s)}`),
  query: fc.option(text.map((s) => s.replace(/#/g, '_')), { nil: undefined }),
  note: text,
  headers: fc.dictionary(small, text, { maxKeys: 4 }),
  body: fc.option(text, { nil: undefined }),
  status: fc.integer({ min: 100, max: 599 }),
  responseHeaders: fc.dictionary(small, text, { maxKeys: 3 }),
  cookies: fc.array(fc.record({ name: small.map((s) => `c${s.replace(/[=;]/g, '_')}`), value: text }), { maxLength: 2 }),
  responseBody: fc.option(text, { nil: undefined }),
  operationId: fc.option(small, { nil: undefined }),
  shapedBy: fc.option(small, { nil: undefined }),
})
type Exchange = typeof exchange extends fc.Arbitrary<infer T> ? T : never
const step = fc.oneof({ arbitrary: exchange, weight: 12 }, { arbitrary: fc.constant('list' as const), weight: 1 }, { arbitrary: fc.constant('clear' as const), weight: 1 })

const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
const bytesOf = (s: string | undefined): number => (s === undefined ? 0 : new TextEncoder().encode(s).length)
/** More than the journal's record of an exchange takes (every string's UTF-8 size, 16 bytes of framing per field). */
function bound(x: Exchange): number {
  const strings = [String(x.at), x.api, x.method, x.path, x.query, x.note, x.body, x.operationId, x.shapedBy, x.responseBody, ...Object.entries(x.headers).flat(), ...Object.entries(x.responseHeaders).flat(), ...x.cookies.flatMap((c) => [c.name, c.value])]
  return strings.reduce((sum, s) => sum + bytesOf(s) + 16, 200)
}
const RING_BYTES_PER_ENTRY = 4096
/** A counterexample short enough to read: long strings as their length, everything outside printable ASCII escaped. */
const brief = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 24 ? `<${v.length} units: ${v.slice(0, 8)}...>` : v))
  .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

t.test('the ring never shows a half-written entry, whatever the sizes (property)', async (t) => {
  const result = fc.check(fc.property(fc.integer({ min: 1, max: 10 }), fc.array(step, { maxLength: 40, size: 'max' }), (size, steps) => {
    const journal = createJournal(size)
    const ringBytes = size * RING_BYTES_PER_ENTRY
    const added = new Map<number, Exchange>()
    const recent: Exchange[] = []
    let nextId = 1
    let sinceClear = 1
    for (const s of steps) {
      if (s === 'clear') {
        journal.clear()
        sinceClear = nextId
        recent.length = 0
        if (journal.list().length !== 0) throw new Error('entries after clear()')
        continue
      }
      if (s !== 'list') {
        const x = s
        added.set(nextId++, x)
        recent.push(x)
        journal.add(x.at, x.api, {
          method: x.method,
          url: `http://localhost${x.path}${x.query === undefined ? '' : `?${x.query}`}`,
          headers: { ...x.headers, 'x-note': x.note },
          cookies: {},
          body: x.body,
        }, { status: x.status, headers: x.responseHeaders, cookies: x.cookies, body: x.responseBody, operationId: x.operationId, shapedBy: x.shapedBy })
      }
      const entries = journal.list()
      if (entries.length > size) throw new Error(`${entries.length} entries in a journal of ${size}`)
      let previous = sinceClear - 1
      for (const e of entries) {
        if (e.id <= previous) throw new Error(`ids out of order: ${entries.map((e) => e.id).join(',')}`)
        previous = e.id
        const x = added.get(e.id) as Exchange
        const want = { id: e.id, at: new Date(x.at).toISOString(), method: wellFormed(x.method), path: wellFormed(x.path), status: x.status, api: x.api === undefined ? undefined : wellFormed(x.api), note: wellFormed(x.note), operationId: x.operationId === undefined ? undefined : wellFormed(x.operationId) }
        const got = { id: e.id, at: e.at, method: e.method, path: e.path, status: e.status, api: e.api, note: e.headers['x-note'], operationId: e.operationId }
        if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`entry ${e.id} is not what was added: ${brief(got)}, not ${brief(want)}`)
      }
      if (s === 'list') continue
      // The newest exchange is kept when it fits the ring, and so is every recent one while the last `size` take at most half of it.
      if (bound(s) <= ringBytes && entries.at(-1)?.id !== nextId - 1) throw new Error(`the newest entry (${bound(s)} bytes at most, ring ${ringBytes}) is missing`)
      const last = recent.slice(-size)
      if (last.reduce((sum, x) => sum + bound(x), 0) <= ringBytes / 2 && entries.length !== last.length) {
        throw new Error(`${entries.length} entries kept, but the last ${last.length} fit in half the ring`)
      }
    }
  }), { numRuns: Number(process.env.AUTHMOCK_JOURNAL_RUNS ?? 300), interruptAfterTimeLimit: 20_000 })
  // Reported short: fast-check's own report prints every string whole (100 KB each).
  t.notOk(result.failed, result.failed ? `${String(result.errorInstance)}; counterexample: ${brief(result.counterexample)}` : `held for ${result.numRuns} runs`)
})

t.test('a limit of 0 lists nothing', async (t) => {
  const { createJournal } = await import('../src/core/create-journal.js')
  const journal = createJournal(5)
  journal.add(0, undefined, { method: 'GET', url: 'http://localhost/a', headers: {}, cookies: {}, body: undefined }, { status: 200, headers: {}, cookies: [], body: undefined })
  t.equal(journal.list({ limit: 0 }).length, 0)
  t.equal(journal.list({ limit: 1 }).length, 1)
})

t.test('an entry keeps its duration; a record written before durations were kept still reads', async (t) => {
  const journal = createJournal(3)
  journal.add(1000, 'nwapp', request(1), response('{}'), 12.3456)
  journal.add(2000, 'nwapp', request(2), response('{}'))
  const [timed, untimed] = journal.list()
  t.equal(timed?.durationMs, 12.346, 'to the microsecond')
  t.notOk('durationMs' in (untimed as object), 'none given, none shown')
  // A shared store may hold records of an older authmock: the same fields without the last one.
  const older = record(5, 3000, 'nwapp', request(3), response('{}')).replace(/-$/, '')
  t.match(journalEntryOf(5, older), { id: 5, status: 200 }, 'read without a duration')
  t.equal(journalEntryOf(5, `${older}3:abc`)?.durationMs, undefined, 'a duration that is not a number is left out')
})
