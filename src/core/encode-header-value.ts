/**
 * Header values the engine renders from templates can carry request input
 * (`Location: "{query.next|/}"`). A field value must not hold CR, LF, NUL or
 * other controls (RFC 9110 §5.5: header injection, and Node refuses them with
 * ERR_INVALID_CHAR, a 500) nor raw non-ASCII (a ByteString to fetch's
 * Headers, mojibake to a browser). So every rendered value is encoded here,
 * by position, whole: spec literals are plain ASCII, so only what came from
 * the request changes.
 *
 * - `Location` (and `Content-Location`) become a URI reference (RFC 3986):
 *   each character outside unreserved, reserved and "%"-triplets is UTF-8
 *   percent-encoded (RFC 3987 §3.1, what Django's iri_to_uri does for its
 *   redirects), so `/café x` is sent as `/caf%C3%A9%20x`.
 * - Any other header: characters outside visible ASCII and space are
 *   percent-encoded, so the value stays one line of ASCII.
 *
 * @example encodeHeaderValue('location', '/café x') // '/caf%C3%A9%20x'
 * @example encodeHeaderValue('x-note', 'a\r\nb') // 'a%0D%0Ab'
 */
export function encodeHeaderValue(name: string, value: string): string {
  if (name === 'location' || name === 'content-location') return URI_SAFE.test(value) ? value : value.replace(URI_UNSAFE, utf8Escape)
  return FIELD_SAFE.test(value) ? value : value.replace(FIELD_UNSAFE, utf8Escape)
}

/**
 * A cookie value as RFC 6265 §4.1.1 allows (cookie-octet: visible ASCII less
 * DQUOTE, comma, semicolon and backslash); anything else percent-encoded.
 *
 * @example encodeCookieValue('a;b') // 'a%3Bb'
 */
export function encodeCookieValue(value: string): string {
  return COOKIE_SAFE.test(value) ? value : value.replace(COOKIE_UNSAFE, utf8Escape)
}

// Whole-value checks first: almost every value passes and is returned as is.
// The replacing patterns carry the u flag so an emoji is one match (one code point), not two halves.
const FIELD_SAFE = /^[\x20-\x7e]*$/
const FIELD_UNSAFE = /[^\x20-\x7e]/gu
const COOKIE_SAFE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/
const COOKIE_UNSAFE = /[^\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/gu
// unreserved, gen-delims, sub-delims (RFC 3986 §2.2-2.3), and "%" only as the start of a triplet
// (the value may already be encoded; a lone "%" is one more character to encode).
const URI_SAFE = /^(?:[\w\-.~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/
const URI_UNSAFE = /%(?![0-9A-Fa-f]{2})|[^\w\-.~:/?#[\]@!$&'()*+,;=%]/gu

const encoder = new TextEncoder()

/** One code point as its UTF-8 bytes in %XX form (a lone surrogate as U+FFFD's, which is what TextEncoder gives). */
function utf8Escape(char: string): string {
  let out = ''
  for (const byte of encoder.encode(char)) out += `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`
  return out
}
