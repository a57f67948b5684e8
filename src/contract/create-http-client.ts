import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { formatError, type ErrorCode } from '../core/errors.js'

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
  /** Name/value pairs as received, for a proxy that passes them on unchanged. */
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
  /** Closes kept-alive sockets so the process can exit. */
  close(): void
}

const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|EPROTO|UNABLE_TO_VERIFY|ERR_SSL/
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const RETRY_STATUSES = new Set([502, 503, 504])

class Timeout extends Error {}
class TooLarge extends Error {}

/**
 * The one HTTP client of `verify` and `proxy`: every exchange has a deadline
 * (no hang), 3xx are not followed unless asked (a documented 302 is itself the
 * answer to check), followed redirects are guarded against loops, retries
 * happen only when asked, and `insecure` accepts self-signed certificates.
 * node:http(s) rather than fetch: Node 20's fetch cannot skip TLS checks per
 * request, and it merges Set-Cookie headers the checker must read one by one.
 * Every failure comes back as data with a message from the error catalog.
 *
 * @example
 * const client = createHttpClient({ timeoutMs: 5000 })
 * const result = await client.send({ method: 'GET', url: 'http://127.0.0.1:4010/api/v1/public/profile' })
 * if (result.ok) console.log(result.response.status) // 401
 * client.close()
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxRedirects = options.maxRedirects ?? 5
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024
  const retries = options.retries ?? 0
  // Kept-alive sockets: a verify run is dozens of small sequential exchanges with one host.
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 })
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: options.insecure !== true })

  function exchange(request: HttpRequest, url: URL, deadline: number): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:'
      const body = request.body === undefined ? undefined : Buffer.from(request.body)
      const headers: Record<string, string> = { ...request.headers }
      if (body !== undefined) headers['content-length'] = String(body.length)
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: request.method,
        headers,
        agent: secure ? httpsAgent : httpAgent,
      })
      const timer = setTimeout(() => req.destroy(new Timeout()), Math.max(1, deadline - Date.now()))
      req.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = []
        let size = 0
        let tooLarge = false
        res.on('data', (chunk: Buffer) => {
          if (tooLarge) return
          size += chunk.length
          if (size <= maxBodyBytes) {
            chunks.push(chunk)
            return
          }
          tooLarge = true
          chunks.length = 0
          // Still streaming: cut it off. Already complete: the socket may be back in the agent's pool, so leave it be.
          if (!res.complete) req.destroy(new TooLarge())
        })
        res.on('error', (error) => {
          clearTimeout(timer)
          reject(error)
        })
        // A connection that closes mid-body must not leave the exchange waiting (settling twice is a no-op).
        res.on('close', () => {
          clearTimeout(timer)
          if (!res.complete) reject(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' }))
        })
        res.on('end', () => {
          clearTimeout(timer)
          if (tooLarge) {
            reject(new TooLarge())
            return
          }
          const raw = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: joinHeaders(res),
            setCookies: res.headers['set-cookie'] ?? [],
            rawHeaders: res.rawHeaders,
            raw,
            text: decode(raw, res.headers['content-encoding']),
            url: url.href,
          })
        })
      })
      req.end(body)
    })
  }

  async function attempt(request: HttpRequest): Promise<HttpResult> {
    const deadline = Date.now() + timeoutMs
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return failure('ERR_TARGET_FAILED', { origin: request.url, detail: 'the URL cannot be parsed' })
    }
    const chain = [url.href]
    let current = request
    for (;;) {
      let response: HttpResponse
      try {
        response = await exchange(current, url, deadline)
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
      if (!keepMethod) {
        delete headers['content-type']
      }
      current = { ...current, method: keepMethod ? current.method : 'GET', body: keepMethod ? current.body : undefined, headers }
      url = next
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
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
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
  if (error instanceof TooLarge) return failure('ERR_TARGET_TOO_LARGE', { origin, limit })
  const { code = '', message = String(error) } = error as { code?: string; message?: string }
  if (UNREACHABLE_CODES.has(code)) return failure('ERR_TARGET_UNREACHABLE', { origin, detail: code })
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) return failure('ERR_TARGET_TLS', { origin, detail: `${message}${code ? ` (${code})` : ''}` })
  return failure('ERR_TARGET_FAILED', { origin, detail: `${message}${code ? ` (${code})` : ''}` })
}

function joinHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === 'set-cookie' || value === undefined) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
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
