/**
 * A body that breaks a client's parser the way a cut connection or a proxy
 * bug would: the answer's first half (or a lone "{"), no closing brace. The
 * `malformed` fault sends it with the status and headers of the real answer.
 *
 * @example malformedBody('{"detail":"Invalid token."}') // '{"detail":"Inval'
 */
export function malformedBody(body: string | undefined): string {
  if (!body || body.length < 4) return '{"'
  return body.slice(0, Math.ceil(body.length / 2))
}
