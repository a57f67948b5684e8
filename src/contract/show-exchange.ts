import { redactBody, redactHeaders, redactSetCookie, redactUrl } from '../core/redact.js'
import { mediaType } from '../core/media-type.js'
import type { Redactor } from './create-redactor.js'
import type { HttpResponse } from './create-http-client.js'
import type { SentRequest } from './format-curl.js'
import type { CaseExchange } from './types.js'

// Bodies shown in a report are cut here: enough to debug from, never a megabyte in a CI log.
const SHOWN_BODY = 4096

/** Text cut at SHOWN_BODY characters, saying how long it was. */
export const cut = (text: string | undefined): string | undefined =>
  text === undefined || text.length <= SHOWN_BODY ? text : `${text.slice(0, SHOWN_BODY)}... (${text.length} characters)`

/**
 * A body as a report shows it. JSON and forms are hidden by position, as the
 * journal hides them (core/redact.ts: every value under a secret-looking name,
 * whether or not the run knows it: a token a deviating server hands out in a
 * refusal is hidden too); other text (an HTML error page) is the server's free
 * text, where the secrets the run knows are searched for and replaced.
 */
function showBody(text: string | undefined, contentType: string | undefined, redactor: Redactor): string | undefined {
  if (text === undefined || text === '') return undefined
  const type = mediaType(contentType)
  if (type.includes('json') || type === 'application/x-www-form-urlencoded') {
    const shown = redactBody(text, contentType)
    return cut(redactor.text(typeof shown === 'string' ? shown : JSON.stringify(shown, null, 2)))
  }
  return cut(redactor.text(text))
}

/** Headers as shown: by position (Authorization keeps its scheme word, Cookie its names), then known secrets searched in the rest. */
function showHeaders(headers: Record<string, string>, redactor: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(redactHeaders(headers)).map(([name, value]) => [name, redactor.text(value)]))
}

/**
 * A failed case's request and answer for a report (html, json): nothing in it
 * shows a secret, by position first and then by the run's known secrets.
 *
 * @example showExchange({ method: 'POST', url, headers, body: '{"password":"x"}' }, response, redactor).request.body // '{\n  "password": "[redacted]"\n}'
 */
export function showExchange(sent: SentRequest, answer: HttpResponse | undefined, redactor: Redactor): CaseExchange {
  const response = answer && {
    status: answer.status,
    headers: {
      ...showHeaders(answer.headers, redactor),
      ...(answer.setCookies.length > 0 ? { 'set-cookie': answer.setCookies.map((c) => redactor.text(redactSetCookie(c))).join('\n') } : {}),
    },
    body: showBody(answer.text, answer.headers['content-type'], redactor),
  }
  return {
    request: { method: sent.method, url: redactor.text(redactUrl(sent.url)), headers: showHeaders(sent.headers, redactor), body: showBody(sent.body, sent.headers['content-type'], redactor) },
    response,
  }
}
