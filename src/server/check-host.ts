import { isIP } from 'node:net'
import type { onRequestHookHandler } from 'fastify'
import { problemResponse } from '../core/errors.js'

export interface HostRules {
  /** The address the server binds (`--host`); a name here is one of the server's own. */
  bindHost?: string
  /**
   * More names to answer (`--allowed-host`): exact names, ".example.com" for a
   * domain and its subdomains, or "*" for any Host (turns the check off).
   */
  allowedHosts?: readonly string[]
}

/** What a Host check decides: the name to build URLs from, or why the request is refused. */
export type HostVerdict = { ok: true } | { ok: false; reason: string }

/** RFC 3986 reg-name characters a DNS name may use, plus a port. */
const NAME_WITH_PORT = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/
const BRACKETED_WITH_PORT = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/

/**
 * Is this Host header one of the server's own names? A DNS-rebinding page
 * (evil.example resolving to 127.0.0.1) reaches the mock with its own name in
 * Host, so only names the server answers to are accepted: IP literals (a page
 * cannot rebind an address, only a name), `localhost` and `*.localhost`
 * (RFC 6761 keeps them on the machine), the `--host` name, and the
 * `--allowed-host` list. The same rule as Vite's `server.allowedHosts`. A Host
 * that is not a valid name or address at all (`256.256.256.256`, spaces,
 * control characters) is refused too, so nothing downstream ever builds a URL
 * from it.
 *
 * @example checkHost('localhost:4010', {}) // { ok: true }
 * @example checkHost('evil.example:4010', {}) // { ok: false, ... }
 */
export function checkHost(header: string | undefined, rules: HostRules): HostVerdict {
  if (header === undefined || header === '') return { ok: false, reason: 'the request has no Host header' }
  const lower = header.toLowerCase()
  const bracketed = BRACKETED_WITH_PORT.exec(lower)
  const plain = bracketed ? undefined : NAME_WITH_PORT.exec(lower)
  const name = bracketed ? bracketed[1] as string : plain?.[1]
  const port = bracketed ? bracketed[2] : plain?.[2]
  if (name === undefined || (port !== undefined && Number(port) > 65535)) return { ok: false, reason: 'the Host header is not a host name or address' }
  if (bracketed) return isIP(name) === 6 ? { ok: true } : { ok: false, reason: 'the Host header is not a host name or address' }
  if (isIP(name) === 4) return { ok: true }
  // Dotted numbers that are not an IPv4 address (256.256.256.256) are no name either.
  if (/^[\d.]+$/.test(name)) return { ok: false, reason: 'the Host header is not a host name or address' }
  const bare = name.endsWith('.') ? name.slice(0, -1) : name
  if (bare === 'localhost' || bare.endsWith('.localhost')) return { ok: true }
  if (rules.bindHost !== undefined && bare === rules.bindHost.toLowerCase()) return { ok: true }
  for (const allowed of rules.allowedHosts ?? []) {
    const entry = allowed.toLowerCase()
    if (entry === '*' || entry === bare) return { ok: true }
    if (entry.startsWith('.') && (bare === entry.slice(1) || bare.endsWith(entry))) return { ok: true }
  }
  return { ok: false, reason: 'the Host is not one of this server\'s names' }
}

/**
 * The Host check as an onRequest hook for every route of a server: a refused
 * Host gets 403 problem+json (ERR_HOST_NOT_ALLOWED) before anything is read,
 * journalled or built from it.
 *
 * @example app.addHook('onRequest', createHostGuard({ bindHost: '127.0.0.1' }))
 */
export function createHostGuard(rules: HostRules): onRequestHookHandler {
  // Clients send the same few Hosts over and over: a verdict is remembered, which took the
  // check from about 4% of a request's CPU (npm run bench, profile) to a Map lookup.
  // Bounded, so a client sending endless Hosts only churns it.
  const accepted = new Set<string>()
  return (request, reply, done) => {
    const header = request.headers.host
    if (header !== undefined && accepted.has(header)) {
      done()
      return
    }
    const verdict = checkHost(header, rules)
    if (verdict.ok) {
      if (accepted.size >= 64) accepted.clear()
      accepted.add(header as string)
      done()
      return
    }
    // The Host is named JSON-escaped and cut short: it is attacker text.
    const host = JSON.stringify((request.headers.host ?? '').slice(0, 100))
    const response = problemResponse(403, 'ERR_HOST_NOT_ALLOWED', { host, reason: verdict.reason })
    reply.code(403).header('content-type', response.headers['content-type']).send(response.body)
  }
}
