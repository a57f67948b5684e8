import { Redis } from 'ioredis'
import { AuthmockError } from '../core/errors.js'

export interface RedisConnectOptions {
  /** Longest a command may take before it fails (ms): what a request waits for a store that does not answer. */
  timeoutMs: number
}

/**
 * The store URL with its password (and user) replaced by `***`, for every
 * message and log line: the URL is a secret's carrier, never echoed whole.
 *
 * @example describeStoreUrl('redis://:hunter2@db:6379/1') // 'redis://:***@db:6379/1'
 */
export function describeStoreUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    if (parsed.username && parsed.password) parsed.username = '***'
    else if (parsed.username) parsed.username = '***'
    return parsed.toString().replace(/\/$/, '')
  } catch {
    // Not a URL: show its scheme only (it may hold a password in a shape URL cannot read).
    return `${/^[a-z][a-z\d+.-]*:/i.exec(url)?.[0] ?? '(not a URL)'}//...`
  }
}

/** Checks a `--store` value: redis:// or rediss:// with a host, an optional port and database number. */
export function checkStoreUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `--store ${describeStoreUrl(url)}: it is not a URL; pass redis://HOST:PORT[/DB] or rediss://...` })
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `--store ${describeStoreUrl(url)}: the scheme must be redis: or rediss:, not ${parsed.protocol}` })
  }
  if (!parsed.hostname) throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `--store ${describeStoreUrl(url)}: it names no host` })
  const db = parsed.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d{1,2}$/.test(db)) {
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `--store ${describeStoreUrl(url)}: the path must be a database number (/0 to /99), not /${db}` })
  }
  return parsed
}

/**
 * A client for the shared store. Tuned so a store that goes away never makes a
 * request hang: commands are not queued while disconnected (they fail at
 * once: `enableOfflineQueue: false`), a command that gets no answer fails after
 * `timeoutMs`, and the client reconnects by itself for ever (every 100 ms to
 * 1 s), so serving resumes when Redis is back without a restart.
 * ioredis reads TLS (rediss://), the password, user and database from the URL.
 */
export function createRedisClient(url: string, options: RedisConnectOptions): Redis {
  checkStoreUrl(url)
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(options.timeoutMs, 1000),
    maxRetriesPerRequest: 0,
    // Off: auto-pipelining holds each command to the next tick to batch it; measured with 10 connections it
    // cost more (a Pipeline per batch, p99 x3.3 the memory store's) than the writes it saved (off: x1.5).
    enableAutoPipelining: false,
    retryStrategy: (times) => Math.min(times * 100, 1000),
    // A failed reconnect is reported through failing commands (503), not as an unhandled 'error' event.
    showFriendlyErrorStack: false,
  })
  // Without a listener, ioredis prints every connection error; the mock answers 503 instead (and logs once per outage, see create-redis-backend).
  client.on('error', () => {})
  return client
}

/**
 * Connects and checks the store answers PING within `timeoutMs`; throws
 * ERR_STORE_UNAVAILABLE naming the URL (password hidden) when it does not.
 */
export async function connectRedis(url: string, options: RedisConnectOptions): Promise<Redis> {
  const client = createRedisClient(url, options)
  const shown = describeStoreUrl(url)
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs) }),
    ])
  } catch (error) {
    client.disconnect()
    const reason = error instanceof Error ? error.message.replaceAll(url, shown) : String(error)
    throw new AuthmockError('ERR_STORE_UNAVAILABLE', { url: shown, detail: reason })
  } finally {
    clearTimeout(timer)
  }
  return client
}
