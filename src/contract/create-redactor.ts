import type { Violation } from './types.js'

export interface Redactor {
  /** Remembers a secret (password, token, cookie value) so no report shows it. */
  add(secret: string | undefined): void
  /** The text with every remembered secret replaced by "[redacted]". */
  text(text: string): string
  text(text: string | undefined): string | undefined
  violation(violation: Violation): Violation
}

const MASK = '[redacted]'

/**
 * Keeps the secrets a run has seen and scrubs them from everything reported:
 * reports go to CI logs and files, which must never hold a password, token or
 * cookie. Secrets shorter than 4 characters are not scrubbed (they would mangle
 * ordinary words); URL- and JSON-encoded copies of each secret are scrubbed too.
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
    violation(v) {
      return {
        ...v,
        message: text(v.message),
        expected: text(v.expected),
        actual: text(v.actual),
      }
    },
  }
}
