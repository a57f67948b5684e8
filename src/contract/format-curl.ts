import type { Redactor } from './create-redactor.js'

/** A request as the case runner sent it. */
export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string | undefined
}

// Headers curl sets by itself, or that only describe the checker.
const LEFT_OUT = new Set(['user-agent', 'content-length', 'host', 'accept-encoding', 'connection'])
// Characters a single-quoted shell word may hold as they are; the rest go through $'...' escapes.
const PLAIN = /^[\x20-\x7e]*$/

/** One literal piece as a shell word part: '...' when printable, else bash's $'...' with \xHH/\uHHHH escapes (so the line stays one line). */
function quote(text: string): string {
  if (PLAIN.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`
  let out = "$'"
  for (const char of text) {
    const code = char.codePointAt(0) as number
    if (char === "'" || char === '\\') out += `\\${char}`
    else if (code >= 0x20 && code < 0x7f) out += char
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += `\\U${code.toString(16).padStart(8, '0')}`
  }
  return `${out}'`
}

/** A shell word: literal pieces quoted, secrets as "${VARIABLE}" (double quotes: the variable expands, its value is never split). */
function word(text: string, redactor: Redactor): string {
  const pieces = redactor.pieces(text)
  if (pieces.length === 0) return "''"
  return pieces.map((piece) => ('variable' in piece ? `"\${${piece.variable}}"` : quote(piece.text))).join('')
}

/**
 * A request as one `curl` command line that replays it, with every secret the
 * run knows replaced by a reference to an environment variable
 * (`"${AUTHMOCK_TOKEN}"`): a report may be pasted into a CI log or an issue,
 * the secret itself never is. Control characters and non-ASCII in generated
 * inputs are written as $'\xHH' escapes so the command stays one line.
 *
 * @example formatCurl({ method: 'GET', url: 'https://staging/api/profile', headers: { authorization: 'Bearer abc123xyz' } }, redactor)
 * // curl -sS -i -X GET 'https://staging/api/profile' -H 'authorization: Bearer '"${AUTHMOCK_ACCESS}"
 */
export function formatCurl(request: SentRequest, redactor: Redactor): string {
  const parts = ['curl', '-sS', '-i', '-X', quote(request.method), word(request.url, redactor)]
  for (const [name, value] of Object.entries(request.headers)) {
    if (!LEFT_OUT.has(name.toLowerCase())) parts.push('-H', word(`${name}: ${value}`, redactor))
  }
  if (request.body !== undefined) parts.push('--data-binary', word(request.body, redactor))
  return parts.join(' ')
}
