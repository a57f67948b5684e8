import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { Agent, Dispatcher } from 'undici'
import { formatError, type ErrorCode } from '../core/errors.js'
import { OPTION_DEFAULTS } from '../core/option-table.js'

// The client's defaults come from the option table (src/core/option-table.ts), where their units live (their help: src/config/option-help.ts).
/** Per exchange, redirects included (ms). */
export const DEFAULT_TIMEOUT_MS = OPTION_DEFAULTS.timeoutMs
/** Redirects followed in `follow` mode before giving up. */
export const DEFAULT_MAX_REDIRECTS = OPTION_DEFAULTS.maxRedirects
/** Largest answer read (bytes). */
export const DEFAULT_MAX_BODY_BYTES = OPTION_DEFAULTS.maxResponseBytes
/** Extra attempts after a network failure or a 502/503/504. */
export const DEFAULT_RETRIES = OPTION_DEFAULTS.retries
/** Kept-alive connections per origin: a verify run is dozens of small sequential exchanges with one host. */
export const DEFAULT_CONNECTIONS = OPTION_DEFAULTS.connections

export interface HttpClientOptions {
  /** Per exchange, redirects included (ms). */
  timeoutMs?: number
  /** Accept any TLS certificate (self-signed staging servers). */
  insecure?: boolean
  /** Extra attempts after a network failure or a 502/503/504; 0 unless the user asks. */
  retries?: number
  /** Redirects followed in `follow` mode before giving up. */
  maxRedirects?: number
  /** Largest answer read (bytes). */
  maxBodyBytes?: number
}

export interface HttpRequest {
  method: string
  /** Absolute http(s) URL. */
  url: string
  /** Lower-case names. */
  headers?: Record<string, string>
  body?: string | Buffer | undefined
  /** `manual` hands 3xx back as they are (a documented 302 is an answer to check); `follow` follows them, guarding loops. */
  redirect?: 'manual' | 'follow'
}

export interface HttpResponse {
  status: number
  /** Lower-case names; repeated headers joined with ", " (Set-Cookie is kept apart). */
  headers: Record<string, string>
  /** Each Set-Cookie header as sent (RFC 6265 forbids folding them). */
  setCookies: string[]
  /** Name/value pairs as received (lower-case names, each repeated header once per value), for a proxy that passes them on unchanged. */
  rawHeaders: string[]
  /** The body as received (still compressed if it was). */
  raw: Buffer
  /** The body decoded to text (Content-Encoding undone); undefined when it could not be decoded. */
  text: string | undefined
  /** The URL that answered (after redirects). */
  url: string
}

/** Why no answer came back; `message` says how to fix it (error catalog). */
export interface HttpFailure {
  code: ErrorCode
  message: string
}

export type HttpResult = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure }

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResult>
  /** Closes kept-alive connections so the process can exit. */
  close(): Promise<void>
}

const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|EPROTO|UNABLE_TO_VERIFY|ERR_SSL/
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const RETRY_STATUSES = new Set([502, 503, 504])

class Timeout extends Error {}

// undici is loaded on the first exchange, not when this module is: the package's
// entry re-exports verify and proxy, and importing undici costs ~50-130 ms of CPU
// (measured under load) that a program using only the stub server should not pay.
let undici: Promise<typeof import('undici')> | undefined
const loadUndici = () => (undici ??= import('undici'))

/**
 * The one HTTP client of `verify` and `proxy`: every exchange has a deadline
 * (no hang), 3xx are not followed unless asked (a documented 302 is itself the
 * answer to check), followed redirects are guarded against loops, retries
 * happen only when asked, and `insecure` accepts self-signed certificates.
 * Every failure comes back as data with a message from the error catalog.
 *
 * undici does the HTTP: kept-alive pooled connections, per-client TLS
 * checking (`connect.rejectUnauthorized`), the body limit
 * (`maxResponseSize`), the deadline (an AbortSignal, which also cuts a
 * stalled body), Content-Length, and every Set-Cookie apart (its header
 * object holds repeated headers as arrays).
 * `undici.request` rather than `fetch`: fetch undoes Content-Encoding and
 * hides the bytes the proxy must pass on as they came, and wraps every
 * network error in `TypeError('fetch failed')`.
 *
 * Kept by hand, because undici's own pieces do something else:
 * - following redirects: the loop and too-many failures name the whole chain
 *   (ERR_TARGET_REDIRECT_LOOP), the deadline spans the chain, and only
 *   `accept` and `user-agent` cross to another origin (undici's redirect
 *   interceptor drops only authorization, cookie and proxy-authorization, so
 *   an API key in a custom header would leak);
 * - retries: after the last attempt the last 502/503/504 is the answer to
 *   check (undici's RetryAgent throws instead), and every method is retried
 *   when the user asks (it retries only idempotent ones by default);
 * - decoding: the body is decoded for the checker and kept raw for the proxy.
 *
 * @example
 * const client = createHttpClient({ timeoutMs: 5000 })
 * const result = await client.send({ method: 'GET', url: 'http://127.0.0.1:4010/api/v1/public/profile' })
 * if (result.ok) console.log(result.response.status) // 401
 * await client.close()
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const retries = options.retries ?? DEFAULT_RETRIES
  let agent: Agent | undefined
  let closed = false

  async function exchange(request: HttpRequest, url: URL, signal: AbortSignal): Promise<HttpResponse> {
    const { Agent, request: undiciRequest } = await loadUndici()
    // Not after close(): a new pool would hold the process open with its kept-alive sockets.
    if (closed) throw new Error('the HTTP client was closed')
    agent ??= new Agent({
      connections: DEFAULT_CONNECTIONS,
      maxResponseSize: maxBodyBytes,
      connect: { rejectUnauthorized: options.insecure !== true },
    })
    const res = await undiciRequest(url, {
      dispatcher: agent,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal,
    })
    const raw = Buffer.from(await res.body.arrayBuffer())
    const { headers, setCookies, rawHeaders } = splitHeaders(res.headers)
    return { status: res.statusCode, headers, setCookies, rawHeaders, raw, text: decode(raw, headers['content-encoding']), url: url.href }
  }

  async function attempt(request: HttpRequest): Promise<HttpResult> {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return failure('ERR_TARGET_FAILED', { origin: request.url, detail: 'the URL cannot be parsed' })
    }
    // One deadline for the whole chain of redirects; aborting also ends a body still streaming.
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(new Timeout()), timeoutMs)
    try {
      const chain = [url.href]
      let current = request
      for (;;) {
        let response: HttpResponse
        try {
          response = await exchange(current, url, deadline.signal)
        } catch (error) {
          return describeError(error, url, timeoutMs, maxBodyBytes)
        }
        const location = response.headers.location
        if (request.redirect !== 'follow' || response.status < 300 || response.status > 399 || !location) return { ok: true, response }
        const next = new URL(location, url)
        if (chain.includes(next.href)) return failure('ERR_TARGET_REDIRECT_LOOP', { chain: [...chain, next.href].join(' -> ') })
        if (chain.length > maxRedirects) return failure('ERR_TARGET_TOO_MANY_REDIRECTS', { max: maxRedirects, chain: [...chain, next.href].join(' -> ') })
        chain.push(next.href)
        // RFC 9110 §15.4: 301/302/303 turn into a bodiless GET; credentials never cross to another origin.
        const keepMethod = response.status === 307 || response.status === 308
        const headers = next.origin === url.origin ? { ...current.headers } : pick(current.headers ?? {}, ['accept', 'user-agent'])
        if (!keepMethod) delete headers['content-type']
        current = { ...current, method: keepMethod ? current.method : 'GET', body: keepMethod ? current.body : undefined, headers }
        url = next
      }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    async send(request) {
      let result = await attempt(request)
      for (let i = 0; i < retries && shouldRetry(result); i++) {
        // A short, growing pause: retries exist for flaky staging, not for load.
        await new Promise((resolve) => setTimeout(resolve, 100 * (i + 1)))
        result = await attempt(request)
      }
      return result
    },
    async close() {
      closed = true
      await agent?.destroy()
    },
  }
}

function shouldRetry(result: HttpResult): boolean {
  return result.ok ? RETRY_STATUSES.has(result.response.status) : result.failure.code !== 'ERR_TARGET_REDIRECT_LOOP' && result.failure.code !== 'ERR_TARGET_TOO_LARGE'
}

function failure(code: ErrorCode, params: Record<string, unknown>): HttpResult {
  return { ok: false, failure: { code, message: formatError(code, params) } }
}

function describeError(error: unknown, url: URL, timeoutMs: number, limit: number): HttpResult {
  const origin = url.origin
  if (error instanceof Timeout) return failure('ERR_TARGET_TIMEOUT', { origin, timeout: timeoutMs })
  const { code = '', message = String(error) } = error as { code?: string; message?: string }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return failure('ERR_TARGET_TOO_LARGE', { origin, limit })
  if (UNREACHABLE_CODES.has(code)) return failure('ERR_TARGET_UNREACHABLE', { origin, detail: code })
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) return failure('ERR_TARGET_TLS', { origin, detail: `${message}${code ? ` (${code})` : ''}` })
  return failure('ERR_TARGET_FAILED', { origin, detail: `${message}${code ? ` (${code})` : ''}` })
}

/** undici's header object (a repeated header is an array) as the three views the checker and the proxy read. */
function splitHeaders(received: Record<string, string | string[] | undefined>): Pick<HttpResponse, 'headers' | 'setCookies' | 'rawHeaders'> {
  const headers: Record<string, string> = {}
  const rawHeaders: string[] = []
  let setCookies: string[] = []
  for (const [name, value] of Object.entries(received)) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    for (const one of values) rawHeaders.push(name, one)
    if (name === 'set-cookie') setCookies = values
    else headers[name] = values.join(', ')
  }
  return { headers, setCookies, rawHeaders }
}

function decode(raw: Buffer, encoding: string | undefined): string | undefined {
  try {
    switch ((encoding ?? '').trim().toLowerCase()) {
      case '':
      case 'identity':
        return raw.toString('utf8')
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(raw).toString('utf8')
      case 'deflate':
        return inflateSync(raw).toString('utf8')
      case 'br':
        return brotliDecompressSync(raw).toString('utf8')
      default:
        return undefined
    }
  } catch {
    return undefined
  }
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name)))
}
