import type { Violation } from './types.js'
import { rebuildScrubbed } from './with-server-text.js'

export interface Redactor {
  /**
   * Remembers a secret (password, token, cookie value) so no report shows it;
   * `variable` names the environment variable a reproducer refers to it by
   * (default AUTHMOCK_SECRET), e.g. AUTHMOCK_PASSWORD or AUTHMOCK_TOKEN.
   */
  add(secret: string | undefined, variable?: string): void
  /**
   * Server-written free text with every remembered secret replaced by
   * "[redacted]". Only for text that has no position: never apply it to the
   * report's own words.
   */
  text(text: string): string
  text(text: string | undefined): string | undefined
  /** The violation with the server text it quotes scrubbed; its own words untouched. */
  violation(violation: Violation): Violation
  /**
   * Text split where remembered secrets stood: literal pieces and the
   * variables that stand for the secrets, for a reproducer that names
   * `$AUTHMOCK_TOKEN` instead of the token (format-curl.ts).
   */
  pieces(text: string): Array<{ text: string } | { variable: string }>
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
  const variables = new Map<string, string>()
  function text(value: string): string
  function text(value: string | undefined): string | undefined
  function text(value: string | undefined): string | undefined {
    if (value === undefined) return undefined
    let out = value
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK)
    return out
  }
  return {
    add(secret, variable = 'AUTHMOCK_SECRET') {
      if (secret === undefined || secret.length < 4) return
      // As sent in a path, in a query string (spaces as "+") and inside JSON.
      const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])
      // The first name given stays: a password later seen inside an answer is still $AUTHMOCK_PASSWORD.
      for (const form of forms) if (!variables.has(form)) variables.set(form, variable)
      // Longest first, so a secret containing another is masked whole.
      secrets = [...new Set([...secrets, ...forms])].sort((a, b) => b.length - a.length)
    },
    text,
    violation: (v) => rebuildScrubbed(v, text),
    pieces(value) {
      let out: Array<{ text: string } | { variable: string }> = [{ text: value }]
      for (const secret of secrets) {
        out = out.flatMap((piece) => {
          if (!('text' in piece) || !piece.text.includes(secret)) return [piece]
          const parts = piece.text.split(secret)
          return parts.flatMap((part, i) => (i === 0 ? [{ text: part }] : [{ variable: variables.get(secret) ?? 'AUTHMOCK_SECRET' }, { text: part }]))
        })
      }
      return out.filter((piece) => !('text' in piece) || piece.text !== '')
    },
  }
}
