/**
 * fast-check generators for the fuzz tests (tests/fuzz-server.test.ts,
 * tests/fuzz-msw.test.ts), built from the loaded model: each operation's
 * request body schema, parameter schema, media types, security schemes and
 * documented responses. No operation is listed by hand: a new spec gets
 * fuzzed as it is loaded.
 *
 * A case is one HTTP request. Every string value at a secret-named position
 * (password, token, api key: in bodies, forms, query strings, headers and
 * cookies) carries the run's planted secret, so the tests can prove the
 * journal and the log never show it.
 */
import fc from 'fast-check'
import { inputCategories, type JsonSchema } from '../../src/contract/schema-arbitraries.js'
import type { Api, Operation, SchemeUse } from '../../src/model/spec-model.js'

export type { JsonSchema } from '../../src/contract/schema-arbitraries.js'

/** One generated request. */
export interface FuzzCase {
  /** What the generator meant to send, for reading a counterexample. */
  kind: string
  method: string
  /** Path and query exactly as sent. */
  url: string
  headers: Record<string, string>
  body?: string | undefined
  /** 'live': the runner logs in first and adds working credentials (and the refresh token the operation reads). */
  auth: 'none' | 'planted' | 'live'
  /** True when the path was mangled, so routing may reach another operation (or none). */
  pathJunk: boolean
}

/** Names whose values are secrets: the generators plant the secret there. */
export const SECRET_FIELD = /pass|token|secret|key/i

/** Value positions a client may put a secret in, beyond what a scheme declares (issue 10, item 5). */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-auth-token', 'x-auth', 'x-api-key', 'apikey', 'x-csrftoken'] as const
const SECRET_QUERY = ['password', 'token', 'apiKey', 'access_token', 'refresh_token'] as const

/** A secret for one run, derived from the seed (letters and digits: no encoding changes it). */
export function plantedSecret(seed: number): string {
  let x = (seed >>> 0) || 1
  let out = 'Pw'
  for (let i = 0; i < 18; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    out += 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[x % 57]
  }
  return out
}

const schemaOf = (validate: unknown): JsonSchema | undefined =>
  (validate as { schema?: JsonSchema } | undefined)?.schema

/** The operation's request body schema, as its validator was compiled from. */
export const bodySchema = (op: Operation): JsonSchema | undefined => schemaOf(op.body?.validate)
/** The operation's query and path parameters as one object schema. */
export const paramsSchema = (op: Operation): JsonSchema | undefined => schemaOf(op.validateParams)

// ------------------------------------------------------------------ strings

const loneSurrogates = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 }).map((c) => String.fromCharCode(...c))
const controls = fc.array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 4 }).map((c) => String.fromCharCode(...c))
const specials = fc.constantFrom('\u2028', '\u2029', '\u00a0', '\ufeff', '\u0000', '\u007f', '\u{1f600}', 'e\u0301', '\u202e', '\\', '"', "'", '<script>', '%00', '../', '${x}', '{{x}}')

/** Any Unicode: every code point range, astral planes and lone surrogates included (JSON escapes them). */
export const anyUnicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  loneSurrogates,
  controls,
  fc.array(specials, { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
)

// ------------------------------------------------------------------ values

/**
 * Values from the schema, by the input categories `verify --generate` sends
 * to staging (src/contract/schema-arbitraries.ts), so the mock is held to the
 * same inputs: each kind names its category ("valid body (long strings)").
 */
function categorized(schema: JsonSchema, form: boolean, place: string): fc.Arbitrary<{ kind: string; value: unknown }> {
  return fc.oneof(...inputCategories(schema, { form }).map(({ kind, category, arbitrary }) =>
    arbitrary.map(({ value }) => ({ kind: `${kind} ${place} (${category})`, value }))))
}

/** Every string under a secret-named member carries the secret: alone, before, after, or inside odd text (a valid value may so pass its maxLength: the fuzz properties hold for any input). */
function planted(value: unknown, secret: string, hows: Array<'alone' | 'before' | 'after' | 'both'>, under = false): unknown {
  let i = 0
  const plant = (v: unknown, secretHere: boolean): unknown => {
    if (typeof v === 'string') {
      if (!secretHere) return v
      const how = hows[i++ % hows.length]
      return how === 'alone' ? secret : how === 'before' ? `${secret}${v}` : how === 'after' ? `${v}${secret}` : `${v}${secret}${v}`
    }
    if (Array.isArray(v)) return v.map((item) => plant(item, secretHere))
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, plant(item, secretHere || SECRET_FIELD.test(k))]))
    return v
  }
  return plant(value, under)
}

const plantings = fc.array(fc.constantFrom('alone', 'before', 'after', 'both' as const), { minLength: 1, maxLength: 3 })

/** Bodies no category makes: odd member names, lone surrogates and odd text in a member, nested junk (the secret only under secret-named members: elsewhere the journal may show it). */
function oddBodies(schema: JsonSchema, form: boolean, secret: string): fc.Arbitrary<{ kind: string; value: unknown }> {
  const random = inputCategories(schema, { form }).find((c) => c.category === 'random')?.arbitrary.map((v) => v.value) ?? fc.constant({})
  const names = Object.keys(schema.properties ?? {})
  const oddKeys = fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', '', 'password ', 'PASSWORD')), anyUnicode, { maxKeys: 3 })
  const oddMember = names.length === 0 ? fc.constant({}) : fc.tuple(fc.constantFrom(...names), anyUnicode).map(([name, text]) => ({ [name]: text }))
  return fc.oneof(
    fc.tuple(random, oddKeys, oddMember).map(([r, extra, member]) => ({ kind: 'odd body', value: { ...extra, ...(r as object), ...member } })),
    fc.constantFrom(null, 0, 'text', true, [], { password: [secret] }, { password: { password: secret } }, { password: [[[[secret]]]] }, { password: { a: { b: [secret, { c: secret }] } } }).map((value) => ({ kind: 'odd body', value })),
  )
}

/** A parameter value as text, and whether it is one the schema accepts. */
function paramValue(schema: JsonSchema): fc.Arbitrary<{ value: string; odd: boolean }> {
  const generated = fc.oneof(...inputCategories(schema, { form: true }).map(({ kind, arbitrary }) =>
    arbitrary.map(({ value }) => ({ value: String(value), odd: kind === 'invalid' }))))
  const odd = fc.oneof(
    fc.constantFrom('', '0', '-1', '00', '1e3', '0x10', ' 1', '1 ', 'NaN', 'Infinity', '-0', '1.0', '9'.repeat(400), 'true', 'null', '[]'),
    anyUnicode,
    pctJunk,
  )
  return fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: odd.map((value) => ({ value, odd: true })), weight: 2 })
}

// ------------------------------------------------------------------ bodies

const FORM = 'application/x-www-form-urlencoded'

/** A flat object as a form body; nested values as their JSON text. */
export function formOf(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return String(value)
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(value)) params.append(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '')
  return params.toString()
}

const serialize = (value: unknown, mediaType: string): string => (mediaType === FORM ? formOf(value) : JSON.stringify(value) ?? 'null')

/** Content-Type values a client may send for a given media type, and ones no operation accepts. */
function contentTypes(accepted: string[]): fc.Arbitrary<{ header: string | undefined; mediaType: string }> {
  const good = fc.constantFrom(...accepted).chain((m) => fc.constantFrom(m, `${m}; charset=utf-8`, m.toUpperCase(), `${m};`, ` ${m} `).map((header) => ({ header, mediaType: m })))
  const odd = fc.constantFrom('', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/jsonx', '*/*', 'application', ';', 'application/json, text/plain')
    .chain((header) => fc.constantFrom(...accepted).map((mediaType) => ({ header, mediaType })))
  const absent = fc.constantFrom(...accepted).map((mediaType) => ({ header: undefined, mediaType }))
  return fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: odd, weight: 2 }, { arbitrary: absent, weight: 1 })
}

/** Bodies no parser accepts, each with the secret inside. */
function malformedText(secret: string, valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    valid.chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
    fc.constantFrom(
      `{"password": "${secret}"`, `{"password":"${secret}",}`, `{'password':'${secret}'}`, `password=${secret}`,
      `\ufeff{"password":"${secret}"}`, `{"password":"${secret}"}{}`, `{"password":"${secret}\u0001"}`, `{"password":${secret}}`,
      '[' .repeat(5000) + `"${secret}"`, `${'{"a":'.repeat(3000)}"${secret}"${'}'.repeat(3000)}`, '1e400', 'nul', '{"a":1e400}',
    ),
    fc.tuple(valid, anyUnicode).map(([text, junk]) => `${text}${junk}`),
  )
}

/** Form bodies with repeated, empty and key-only members (Django takes a repeated key's last value). */
function junkForm(secret: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    `password=${secret}&password=other`, `password=other&password=${secret}`, `&&password=${secret}&`, `password=${secret}&`,
    `password&token=${secret}`, `=${secret}`, `password=${secret}&=&&=x`, `a=%ZZ&password=${secret}`, `password=${secret};token=x`,
    `password[]=${secret}`, `+password=${secret}`, `password=${encodeURIComponent(`${secret}\u0000\u{1f600}`)}`, `password=%E0%A4%A&token=${secret}`,
  )
}

/** A body over the journal's 4 KiB cut, the secret before or after the cut. */
function longBody(secret: string, mediaType: string): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 4000, max: 20_000 }), fc.boolean()).map(([n, first]) => {
    const members: Array<[string, string]> = first ? [['password', secret], ['padding', 'x'.repeat(n)]] : [['padding', 'x'.repeat(n)], ['password', secret]]
    return serialize(Object.fromEntries(members), mediaType)
  })
}

interface BodyPart { kind: string; contentType: string | undefined; body: string | undefined }

function bodies(op: Operation, secret: string): fc.Arbitrary<BodyPart> {
  const schema = bodySchema(op) ?? {}
  const accepted = op.body?.mediaTypes ?? ['application/json']
  const types = contentTypes(accepted)
  // Values for each media type the operation takes, built once: a form carries flat text, JSON any value.
  const values = new Map(accepted.map((m) => [m, fc.oneof(
    { arbitrary: categorized(schema, m === FORM, 'body'), weight: 8 },
    { arbitrary: oddBodies(schema, m === FORM, secret), weight: 2 },
  )]))
  const encoded = types.chain((t) => fc.tuple(values.get(t.mediaType) ?? fc.constant({ kind: 'empty object', value: {} }), plantings)
    .map(([v, hows]) => ({ kind: v.kind, contentType: t.header, body: serialize(planted(v.value, secret, hows), t.mediaType) })))
  const validJson = categorized(schema, false, 'body').map((v) => JSON.stringify(planted(v.value, secret, ['alone'])))
  return fc.oneof(
    { arbitrary: encoded, weight: 11 },
    { arbitrary: fc.tuple(types, malformedText(secret, validJson)).map(([t, body]) => ({ kind: 'malformed body', contentType: t.header, body })), weight: 2 },
    { arbitrary: junkForm(secret).map((body) => ({ kind: 'junk form', contentType: FORM, body })), weight: 1 },
    { arbitrary: types.chain((t) => longBody(secret, t.mediaType).map((body) => ({ kind: 'long body', contentType: t.header, body }))), weight: 1 },
    { arbitrary: fc.tuple(types, fc.constantFrom('', undefined)).map(([t, body]) => ({ kind: 'empty body', contentType: t.header, body })), weight: 1 },
  )
}

// ------------------------------------------------------------------ path, query, headers

/** Characters Node's HTTP parser lets through in a header value: tab, visible ASCII, obs-text (RFC 9110 §5.5). */
export const headerText = fc.string({
  unit: fc.oneof(fc.constant('\t'), fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c))),
  maxLength: 60,
}).map((s) => s.trim())

const HOSTS = ['127.0.0.1', 'localhost', '[::1]', '127.0.0.1:4010', 'localhost:80', '256.256.256.256', '256.256.256.256:4010', 'evil.example:4010', 'evil.example', '', ':', '[', '[::1', 'a b', 'a@b', 'user:pass@evil.example', '127.0.0.1:99999', '127.0.0.1:-1', 'xn--', '%2e', '..', 'localhost.', '0x7f000001', '1.1.1.1/x', 'a\tb']

/** A Host header: the server's own names, and junk. */
export const hostHeader = fc.oneof(fc.constantFrom(...HOSTS), headerText, fc.integer({ min: 100, max: 5000 }).map((n) => 'h'.repeat(n)))

/** Percent-encoded junk: broken escapes, NUL, DEL, tab, backslash, encoded slashes and dots, non-ASCII. */
const PCT = ['%00', '%09', '%0a', '%0D', '%7F', '%5C', '%2F', '%2f', '%2e', '%2E%2E', '%', '%Z', '%ZZ', '%E2%80%A8', '%F0%9F%98%80', '%C0%AF', '%ff', '%u002e', '%25', '+', ';', ',', '@', ':', '!', '~', '*']
const pctJunk = fc.array(fc.oneof(fc.constantFrom(...PCT), fc.string({ unit: fc.constantFrom(...'abc/.-_~!$&\'()*+,;=:@'.split('')), maxLength: 6 })), { minLength: 1, maxLength: 6 }).map((p) => p.join(''))

/** `next` values for a redirect: safe paths, open-redirect tricks, control characters, non-ASCII (issue 10, item 4). */
const NEXTS = ['/', '/home', '/a/b?c=d', '//evil.example', '/\\evil.example', '/%09/evil.example', '/%09%5Cevil.example', '/%00', '/%7F', '/%E2%80%A8', '/%F0%9F%98%80', '/ space', 'https://evil.example', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x=1', '', '\\\\evil', '/\u00e9', '/%ZZ']
const nextValue = fc.oneof(fc.constantFrom(...NEXTS), pctJunk.map((j) => `/${j}`))

const enc = (s: string): string => {
  try {
    return encodeURIComponent(s)
  } catch {
    // A lone surrogate has no UTF-8 form: send its escape as text.
    return encodeURIComponent(JSON.stringify(s))
  }
}

/** The operation's path with its parameters filled (valid or junk), and sometimes mangled. */
function pathOf(op: Operation): fc.Arbitrary<{ path: string; junk: boolean }> {
  const params = paramsSchema(op)?.properties ?? {}
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string)
  // An odd parameter value ("", "%2F") may route elsewhere, as a mangled path does.
  const filled = fc.tuple(...names.map((n) => paramValue(params[n] ?? {}))).map((values) => ({
    path: op.path.replace(/\{([^}]+)\}/g, (_, name: string) => enc(values[names.indexOf(name)]?.value ?? '')),
    odd: values.some((v) => v.odd),
  }))
  const mangle = fc.oneof(
    fc.integer({ min: 1, max: 20 }).map((n) => (p: string) => `${p}${'/'.repeat(n)}`),
    fc.integer({ min: 1000, max: 16_000 }).map((n) => (p: string) => `${p}${'/'.repeat(n)}`),
    fc.integer({ min: 1000, max: 16_000 }).map((n) => (_p: string) => `/${'/'.repeat(n)}`),
    fc.integer({ min: 1, max: 4 }).map((n) => (p: string) => `${'/'.repeat(n)}${p}`),
    fc.constant((p: string) => p.replace(/\//g, '//')),
    fc.constant((p: string) => p.replace(/\/([^/]*)$/, '/./$1')),
    fc.constant((p: string) => `/x/..${p}`),
    fc.constant((p: string) => `/%2e%2e${p}`),
    fc.constant((p: string) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)),
    fc.constant((p: string) => p.toUpperCase()),
    fc.constant((p: string) => p.replace(/\/$/, '')),
    pctJunk.map((j) => (p: string) => `${p}${j}`),
    pctJunk.map((j) => (p: string) => `${p}/${j}`),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => (p: string) => `${p}${'a'.repeat(n)}`),
    fc.integer({ min: 10, max: 300 }).map((n) => (p: string) => `${p}${'/..'.repeat(n)}`),
  )
  return fc.tuple(filled, fc.option(mangle, { freq: 4, nil: undefined })).map(([p, m]) => ({ path: m ? m(p.path) : p.path, junk: m !== undefined || p.odd }))
}

/** The query: the operation's parameters (valid, odd), secret-named pairs, and junk pairs. */
function queryOf(op: Operation, secret: string): fc.Arbitrary<string> {
  const schema = paramsSchema(op)
  const pathNames = new Set([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))
  const own = Object.entries(schema?.properties ?? {}).filter(([n]) => !pathNames.has(n))
  const pair = fc.oneof(
    ...own.map(([name, s]) => (name === 'next' ? nextValue.map((v) => `next=${enc(v).replace(/%25/g, '%')}`) : paramValue(s).map((v) => `${name}=${SECRET_FIELD.test(name) ? secret : enc(v.value)}`))),
    fc.constantFrom(...SECRET_QUERY).map((n) => `${n}=${secret}`),
    fc.tuple(fc.string({ maxLength: 5 }), anyUnicode).map(([k, v]) => `${enc(k)}=${enc(v)}`),
    fc.constantFrom('', '=', '&', 'a', 'a=', '=b', 'a=1=2', '%', '%ZZ=1', '+=+', `__code=${op.responses[0]?.status ?? 200}`, '__example=nope', '__code=abc', '__delay=abc', '__fault=nope'),
    pctJunk,
  )
  return fc.option(fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.join('&')}`), { freq: 2, nil: '' }).map((q) => q ?? '')
}

/** Prefer values: what the operation documents, what it does not, junk. Never a fault or delay: those break exchanges on purpose. */
function preferOf(op: Operation): fc.Arbitrary<string> {
  const codes = op.responses.map((r) => r.status)
  const examples = op.responses.flatMap((r) => [...r.examples.keys()])
  return fc.oneof(
    fc.constantFrom(...codes).map((c) => `code=${c}`),
    ...(examples.length > 0 ? [fc.constantFrom(...examples).map((e) => `example=${e}`)] : []),
    ...(examples.length > 0 ? [fc.tuple(fc.constantFrom(...codes), fc.constantFrom(...examples)).map(([c, e]) => `code=${c}, example=${e}`)] : []),
    fc.constantFrom('code=599', 'code=abc', 'code=', 'example=nope', 'fault=nope', 'delay=abc', 'delay=-1', 'delay=1e9', 'return=minimal', '', ',', '=', 'code=200;;example', 'CODE=200'),
    headerText,
  )
}

/** Credentials a scheme reads, carrying the planted secret where the scheme looks. */
function plantedCredentials(uses: SchemeUse[], secret: string): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  for (const { scheme } of uses) {
    if (scheme.in === 'bearer') headers.authorization = `Bearer ${secret}`
    else if (scheme.in === 'header') headers[scheme.param] = `${scheme.prefix ?? ''}${secret}`
    else if (scheme.in === 'cookie') cookies.push(`${scheme.param}=${secret}`)
    else if (scheme.in === 'csrf') {
      headers[scheme.param] = secret
      cookies.push(`${scheme.csrfCookie ?? 'csrftoken'}=${secret}`)
    }
  }
  return { headers, cookies }
}

function headersOf(op: Operation, api: Api, secret: string): fc.Arbitrary<{ headers: Record<string, string>; auth: FuzzCase['auth'] }> {
  const requirements = op.security.filter((r) => r.length > 0)
  const auth: fc.Arbitrary<FuzzCase['auth']> = requirements.length > 0 || op.from !== undefined
    ? fc.constantFrom('none', 'planted', 'planted', 'live')
    : fc.constantFrom('none', 'planted')
  const extraSecret = fc.constantFrom(...SECRET_HEADERS).chain((name) =>
    fc.constantFrom('', 'Bearer ', 'Token ', 'Basic ', 'Digest x=').map((prefix) => [name, `${prefix}${secret}`] as [string, string]))
  const junk = fc.tuple(fc.string({ unit: fc.constantFrom(...'abcxyz-_0'.split('')), minLength: 1, maxLength: 10 }), headerText)
  const cookieJunk = fc.oneof(
    fc.constant(`osessionid=${secret}; csrftoken=${secret}`),
    headerText,
    fc.constantFrom('=', ';;;', 'a=b; a=c', `sessionid=${secret}`, `osessionid="${secret}"`, `osessionid=${secret}; osessionid=x`),
  )
  return fc.record({
    auth,
    requirement: fc.nat({ max: Math.max(0, requirements.length - 1) }),
    host: fc.option(hostHeader, { freq: 6, nil: undefined }),
    prefer: fc.option(preferOf(op), { freq: 4, nil: undefined }),
    extra: fc.array(extraSecret, { maxLength: 2 }),
    junk: fc.array(junk, { maxLength: 2 }),
    cookie: fc.option(cookieJunk, { freq: 5, nil: undefined }),
    accept: fc.option(fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml', ''), { freq: 4, nil: undefined }),
  }).map((h) => {
    const headers: Record<string, string> = {}
    const cookies: string[] = []
    for (const [name, value] of h.junk) headers[`x-${name}`] = value
    for (const [name, value] of h.extra) headers[name] = value
    if (h.auth === 'planted') {
      const planted = plantedCredentials(requirements[h.requirement] ?? [], secret)
      Object.assign(headers, planted.headers)
      cookies.push(...planted.cookies)
    }
    if (h.cookie !== undefined) cookies.push(h.cookie)
    if (cookies.length > 0) headers.cookie = cookies.join('; ')
    if (h.host !== undefined) headers.host = h.host
    if (h.prefer !== undefined) headers.prefer = h.prefer
    if (h.accept !== undefined) headers.accept = h.accept
    void api
    return { headers, auth: h.auth }
  })
}

const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const

/**
 * Requests for one operation: its own method mostly, sometimes another
 * (405 expected on a known path); a body from its schema (valid, boundary,
 * invalid, malformed, wrong or empty content type, junk forms, over-long) when
 * it takes one; path, query, Host, Prefer, cookie and header junk.
 *
 * @example fc.sample(requestFor(model.apis[0], op, 'secret'), 1)
 */
export function requestFor(api: Api, op: Operation, secret: string): fc.Arbitrary<FuzzCase> {
  const method = fc.oneof({ arbitrary: fc.constant(op.method.toUpperCase()), weight: 9 }, { arbitrary: fc.constantFrom(...OTHER_METHODS), weight: 1 })
  const body: fc.Arbitrary<BodyPart> = op.body
    ? bodies(op, secret)
    : fc.oneof(
        { arbitrary: fc.constant({ kind: 'no body', contentType: undefined, body: undefined }), weight: 8 },
        { arbitrary: fc.constantFrom(`{"password":"${secret}"}`, `password=${secret}`, `{"password":`).map((b) => ({ kind: 'unexpected body', contentType: 'application/json', body: b })), weight: 1 },
      )
  return fc.record({ method, body, path: pathOf(op), query: queryOf(op, secret), headers: headersOf(op, api, secret) }).map((r) => {
    const headers = { ...r.headers.headers }
    if (r.body.contentType !== undefined) headers['content-type'] = r.body.contentType
    const bodyless = r.method === 'GET' || r.method === 'HEAD'
    return {
      kind: `${r.body.kind}${r.path.junk ? ', path junk' : ''}`,
      method: r.method,
      url: `${r.path.path}${r.query}`,
      headers,
      body: bodyless && r.method !== op.method.toUpperCase() ? undefined : r.body.body,
      auth: r.headers.auth,
      pathJunk: r.path.junk,
    }
  })
}
