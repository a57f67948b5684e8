import type { Violation } from './types.js'
import { rebuildScrubbed } from './with-server-text.js'

export interface Redactor {
  /** Remembers a secret (password, token, cookie value) so no report shows it. */
  add(secret: string | undefined): void
  /**
   * Server-written free text with every remembered secret replaced by
   * "[redacted]". Only for text that has no position: never apply it to the
   * report's own words.
   */
  text(text: string): string
  text(text: string | undefined): string | undefined
  /** The violation with the server text it quotes scrubbed; its own words untouched. */
  violation(violation: Violation): Violation
}

const MASK = '[redacted]'

/**
 * Keeps the secrets a run has seen, for the one place position cannot hide
 * them. Reports go to CI logs and files, which must never hold a password,
 * token or cookie. Almost everything is hidden by position before it gets
 * here: a value under a secret-named member or header is never described
 * (describeValue), a cookie's value is never shown, a request body is never
 * echoed, a JSON error is given by line and column, not quoted. What is left is
 * free text a server wrote, where a secret has no position: a message that
 * echoes the password ("wrong password hunter2"), an HTML error page, a
 * header value. There, and only there, remembered secrets are replaced by
 * searching the text: the report's own words ("wrong status", "expected") are
 * never searched, so a password that is an English word cannot rewrite them.
 * Secrets shorter than 4 characters are not searched for (they would mangle
 * the server's words); URL- and JSON-encoded copies of each secret are.
 *
 * @example
 * const redactor = createRedactor()
 * redactor.add('s3cret-pass')
 * redactor.text('sent s3cret-pass') // 'sent [redacted]'
 */
export function createRedactor(): Redactor {
  let secrets: string[] = []
  function text(value: string): string
  function text(value: string | undefined): string | undefined
  function text(value: string | undefined): string | undefined {
    if (value === undefined) return undefined
    let out = value
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK)
    return out
  }
  return {
    add(secret) {
      if (secret === undefined || secret.length < 4) return
      // As sent in a path, in a query string (spaces as "+") and inside JSON.
      const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])
      // Longest first, so a secret containing another is masked whole.
      secrets = [...new Set([...secrets, ...forms])].sort((a, b) => b.length - a.length)
    },
    text,
    violation: (v) => rebuildScrubbed(v, text),
  }
}
