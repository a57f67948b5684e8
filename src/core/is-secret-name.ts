/**
 * Names whose values are secrets (header, cookie, query or JSON member name).
 * Generous on purpose: hiding a harmless value costs a QA engineer a click,
 * showing a secret cannot be undone. `^x-auth` and `authorization$` cover
 * Proxy-Authorization, X-Auth-Token, X-Authorization and the like; `key`
 * anywhere covers apiKey, privateKeyPem and keyMaterial (and hides a harmless
 * `keyword` too). One list for the journal, `verify` reports
 * (describeValue), the proxy's log and fixture account ids (fixtureIds, which
 * never takes a secret as an account's name).
 */
const SECRET_NAME = /pass(word|wd|phrase|code)?|token|secret|session|csrf|xsrf|key|authorization$|^x-auth|^auth(?!or)|^cookie$|^set-cookie$|credential|signature/i

/** @example isSecretName('privateKeyPem') // true */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}
