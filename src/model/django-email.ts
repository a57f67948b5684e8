/**
 * The `format: email` check, as the real servers make it. The four APIs are
 * Django/DRF back ends, whose EmailField runs Django's EmailValidator
 * (django/core/validators.py). ajv-formats' "email" is a different, narrower
 * regex: it refuses what Django accepts and JSON Schema's `format: email`
 * (RFC 5321 Mailbox) allows (a quoted local part `"john..doe"@example.com`, an
 * address literal `user@[127.0.0.1]`, `user@localhost`, a non-ASCII domain
 * `user@bücher.example`), and accepts what Django refuses (`a@b.c`: Django
 * wants a top-level label of 2 to 63 characters). So the mock checks email
 * the Django way, one regex written from the validator's parts:
 *
 * - at most 320 characters (Django 3.2.20+);
 * - the local part (before the last "@"): dot-atom, or a quoted string;
 * - the domain: "localhost", or labels of at most 63 characters and a last
 *   label of 2 to 63 not ending in "-", or "[IPv4]" / "[IPv6]" literals.
 *   Non-ASCII labels stand for their IDNA form, which Django tries next: any
 *   letter, digit or mark counts (the punycode form's length is not checked).
 *
 * A RegExp, not a function, so ajv's standalone build (scripts/bundle-sources.ts)
 * inlines it into the precompiled validators like the format it replaces.
 */
const ATOM = "[-!#$%&'*+/=?^_`{}|~0-9a-z]+"
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`
const QUOTED = '"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*"'
const LABEL_CHAR = '[\\p{L}\\p{N}\\p{M}]'
const LABEL = `${LABEL_CHAR}(?:[\\p{L}\\p{N}\\p{M}-]{0,61}${LABEL_CHAR})?`
const HOSTNAME = `(?:${LABEL}\\.)+[\\p{L}\\p{N}\\p{M}-]{2,63}(?<!-)`
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`
const H16 = '[0-9a-f]{1,4}'
// RFC 4291 §2.2 text forms: eight groups, "::" standing for one or more zero groups, or a trailing IPv4.
const IPV6 = [
  `(?:${H16}:){7}${H16}`,
  `(?:${H16}:){1,7}:`,
  `(?:${H16}:){1,6}:${H16}`,
  `(?:${H16}:){1,5}(?::${H16}){1,2}`,
  `(?:${H16}:){1,4}(?::${H16}){1,3}`,
  `(?:${H16}:){1,3}(?::${H16}){1,4}`,
  `(?:${H16}:){1,2}(?::${H16}){1,5}`,
  `${H16}:(?::${H16}){1,6}`,
  `:(?:(?::${H16}){1,7}|:)`,
  `(?:${H16}:){6}${IPV4}`,
  `(?:${H16}:){0,5}:${IPV4}`,
  `::(?:${H16}:){0,5}${IPV4}`,
].join('|')
const DOMAIN = `(?:localhost|${HOSTNAME}|\\[(?:${IPV4}|${IPV6})\\])`

export const DJANGO_EMAIL = new RegExp(`^(?=[\\s\\S]{1,320}$)(?:${DOT_ATOM}|${QUOTED})@${DOMAIN}$`, 'iu')
