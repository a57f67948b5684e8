import { redactBody, redactHeaders, redactQuery, redactSetCookie } from './redact.js'
import { serializeCookie } from './serialize-cookie.js'
import type { StubRequest, StubResponse } from './types.js'

/** One answered request as the journal shows it: secrets redacted. */
export interface JournalEntry {
  id: number
  /** ISO time on the mock's clock. */
  at: string
  api?: string | undefined
  operationId?: string | undefined
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body?: unknown
  status: number
  responseHeaders: Record<string, string | string[]>
  responseBody?: unknown
  /** The scenario, Prefer or fault that shaped the answer, if any. */
  shapedBy?: string | undefined
}

export interface Journal {
  add(at: number, api: string | undefined, request: StubRequest, response: StubResponse, shapedBy?: string): void
  /** Newest last; filtered by operationId or API name when given. */
  list(filter?: { operation?: string; limit?: number }): JournalEntry[]
  clear(): void
}

interface Raw { id: number; at: number; api?: string | undefined; request: StubRequest; response: StubResponse; shapedBy?: string | undefined }

const BODY_LIMIT = 4096

/**
 * A bounded journal: a ring of the last `size` exchanges, so a long session
 * never grows the mock's memory. Entries are kept as they came (bodies cut to
 * 4 KiB) and redacted when read, so answering stays cheap.
 *
 * @example const journal = createJournal(500)
 */
export function createJournal(size: number): Journal {
  let entries: Raw[] = []
  let nextId = 1
  // Copy an exchange only when a body must be cut: most are kept by reference, at no cost per request.
  const cut = <T extends { body?: string | undefined }>(part: T): T => (part.body !== undefined && part.body.length > BODY_LIMIT ? { ...part, body: part.body.slice(0, BODY_LIMIT) } : part)

  function show(raw: Raw): JournalEntry {
    const url = new URL(raw.request.url, 'http://localhost')
    const responseHeaders: Record<string, string | string[]> = redactHeaders(raw.response.headers)
    if (raw.response.cookies.length > 0) responseHeaders['set-cookie'] = raw.response.cookies.map((c) => redactSetCookie(serializeCookie(c)))
    return {
      id: raw.id,
      at: new Date(raw.at).toISOString(),
      api: raw.api,
      operationId: raw.response.operationId,
      method: raw.request.method,
      path: url.pathname,
      query: redactQuery(url.searchParams),
      headers: redactHeaders(raw.request.headers),
      body: redactBody(raw.request.body),
      status: raw.response.status,
      responseHeaders,
      responseBody: redactBody(raw.response.body),
      ...(raw.shapedBy !== undefined && { shapedBy: raw.shapedBy }),
    }
  }

  return {
    add(at, api, request, response, shapedBy) {
      entries.push({ id: nextId++, at, api, request: cut(request), response: cut(response), shapedBy })
      if (entries.length > size * 2) entries = entries.slice(-size)
    },
    list(filter = {}) {
      const { operation, limit = size } = filter
      const recent = entries.slice(-size)
      const chosen = operation ? recent.filter((e) => e.response.operationId === operation || e.api === operation) : recent
      return chosen.slice(-Math.max(0, limit)).map(show)
    },
    clear() {
      entries = []
    },
  }
}
