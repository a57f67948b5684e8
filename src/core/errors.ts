/**
 * One catalog of the mock's own error codes. Each message says how to fix the
 * problem. Request-time errors answer `application/problem+json` (RFC 9457) so
 * nobody mistakes them for an API's documented errors; load-time errors throw
 * `AuthmockError`.
 */
import type { StubResponse } from './types.js'

export const ERRORS = {
  // Spec and fixture loading: thrown, the mock does not start on a broken spec.
  ERR_SPEC_INVALID: 'The spec is not valid: {detail}. Fix the document at the named location.',
  ERR_SPEC_EXTENSION: 'x-authmock at {at} is not valid: {detail}. See docs/spec-extensions.md.',
  ERR_SPEC_REF: 'Cannot resolve $ref "{ref}" at {at}: only local refs ("#/...") are supported.',
  ERR_SPEC_NO_EXAMPLE: 'Operation {operationId} has no response example named "{example}"{status}: add it under the response\'s content examples, or fix the name in x-authmock at {at}.',
  ERR_SPEC_HEADER_VALUE: 'Response {status} of {operationId} declares header {header}, but {detail}: give the header an `example` (or its schema an example, const, enum or default) that the mock can send.',
  ERR_SPEC_ROUTE_CONFLICT: '{method} {path} is declared by both {first} and {second}: give one of them another path or load only one API (--api).',
  ERR_SPEC_UNKNOWN_CREDENTIAL: 'x-authmock at {at} names credential kind "{kind}", which x-authmock.credentials of the document does not declare.',
  ERR_SPEC_UNKNOWN_COLLECTION: 'x-authmock at {at} reads collection "{collection}", which fixtures/{api}.json does not have.',
  ERR_FIXTURE_INVALID: 'Fixtures for {api} are not valid: {detail}. Expected {"accounts": [...], "collections": {...}}.',
  ERR_UNKNOWN_API: 'No API named "{api}". Available: {available}.',
  ERR_CONFIG_INVALID: 'Configuration is not valid: {detail}.',
  ERR_CONFIG_FILE: 'Cannot use the config file {file}: {detail}. It must be JSON holding an object of settings (or an .mjs/.js file whose default export is one); "authmock init" writes a starter.',
  ERR_CONFIG_EXISTS: '{file} is already here: edit it{fix}.',
  ERR_SOURCE_DIR: '{flag} {dir}: {detail}. Pass a folder of <api>.yaml specs (--spec-dir) or <api>.json fixtures (--fixtures-dir), or leave the flag out for the shipped ones.',
  ERR_HOST_UNRESOLVED: 'Cannot listen on --host {host}: {detail}. Use an address of this machine such as 127.0.0.1, ::1 or 0.0.0.0, or a name that resolves to one.',
  // serve --https: a file is named, never shown (a key's text is a secret).
  ERR_TLS_FILE: 'Cannot use {flag} {file}: {detail}. Pass both --cert (a PEM certificate, intermediates after it) and --key (its unencrypted PEM private key), or leave both out: --https alone makes a certificate for localhost.',
  ERR_TLS_KEY_MISMATCH: 'The key in --key {key} is not the key of the certificate in --cert {cert}: pass the private key the certificate was issued for (the public keys of "openssl x509 -pubkey -noout -in CERT" and "openssl pkey -pubout -in KEY" must be the same).',
  ERR_TLS_CACHE: 'Cannot keep the generated certificate in {dir}: {detail}. Make the folder writable, point XDG_CACHE_HOME at one that is, or pass your own --cert and --key.',
  // Contract checker and proxy (src/contract): usage problems exit 2.
  ERR_VERIFY_NO_CREDENTIALS: '{api} logs in with {fields}: pass {flags}, set {variables} in the environment, or pass --credentials <file> with {example}.',
  ERR_VERIFY_CREDENTIALS_FILE: 'Cannot use the credentials file {file}: {detail}. It must be JSON: {"username" or "email": "...", "password": "..."}, or an object of such objects keyed by API name.',
  ERR_VERIFY_BASE_URL: '{flag} "{url}" is not an http(s) URL: pass one such as https://staging.example.com.',
  ERR_VERIFY_ONLY_UNKNOWN: '--only {operation} matches no operation of {apis}. Run "authmock apis" to list the operationIds.',
  ERR_VERIFY_OUTPUT: 'Cannot write the report to {file}: {detail}. Pick a writable path with --output.',
  // The target of verify or proxy failed to answer: reported as a failed case (verify) or a 502/504 (proxy).
  ERR_TARGET_UNREACHABLE: 'Cannot connect to {origin} ({detail}): check that the server is running and the URL and port are right.',
  ERR_TARGET_TIMEOUT: 'No answer from {origin} within {timeout} ms: raise --timeout if the server is slow, or check that it is up.',
  ERR_TARGET_TLS: 'TLS with {origin} failed ({detail}): use a valid certificate, or pass --insecure to accept a self-signed one.',
  ERR_TARGET_REDIRECT_LOOP: 'Redirect loop: {chain}. Fix the server\'s redirects (often a login or trailing-slash rule pointing at itself).',
  ERR_TARGET_TOO_MANY_REDIRECTS: 'More than {max} redirects: {chain}. Point --base-url at the final address.',
  ERR_TARGET_TOO_LARGE: 'The answer from {origin} is larger than {limit} bytes; the checker reads at most that much.',
  ERR_TARGET_FAILED: 'The exchange with {origin} failed: {detail}. Check the server\'s logs.',
  ERR_PROXY_UPSTREAM: 'The proxy could not forward {method} {path} to the target: {detail}',
  // Request time: answered as problem+json.
  ERR_NO_ROUTE: 'No operation matches {method} {path}. GET /__mock/health lists the operations served.',
  ERR_METHOD_NOT_ALLOWED: '{path} does not accept {method}; it accepts {allow}.',
  ERR_UNSUPPORTED_MEDIA_TYPE: 'Content-Type "{contentType}" is not accepted by {operationId}; send one of {accepted}.',
  ERR_BODY_TOO_LARGE: 'The request body is larger than {limit} bytes; send a smaller body.',
  ERR_PREFER_UNKNOWN: 'Prefer asks for {asked}, which {operationId} does not document. Available: {available}.',
  ERR_PREFER_INVALID: 'Prefer asks for {asked}: {detail}.',
  ERR_SCENARIO_UNKNOWN: 'No scenario "{scenario}"{where}. Available: {available}. "authmock scenarios" lists them all.',
  ERR_SCENARIO_NOT_DOCUMENTED: 'The switch asks for {asked}, which {operationId} does not document. Available: {available}.',
  ERR_SCENARIO_INVALID: 'The scenario request is not valid: {detail}. Send {"operation": "<operationId>", "scenario" | "status" | "example" | "fault" | "delay": ..., "times"?: <n>}.',
  ERR_UNKNOWN_OPERATION: 'No operation "{operation}". Available: {available}.',
  ERR_CONTROL_INVALID: 'The control request is not valid: {detail}.',
  ERR_CONTROL_FORBIDDEN: 'The control API answers only on loopback (this request came from {address}); start the server with --remote-control and --control-token <secret> to allow other addresses.',
  ERR_CONTROL_UNAUTHORIZED: 'The control API needs "Authorization: Bearer <token>" with the token the server was started with (--control-token or AUTHMOCK_CONTROL_TOKEN).',
  ERR_CONTROL_ORIGIN: 'The control API does not answer pages from origin {origin}: only the server\'s own origin and the --cors-origin list may drive it.',
  ERR_CONTROL_CONTENT_TYPE: 'Control calls with a body must send "Content-Type: application/json" (a web page cannot send that cross-origin without asking first).',
  ERR_HOST_NOT_ALLOWED: 'Host {host} is refused: {reason}. The server answers IP addresses, localhost and the --host name; add other names with --allowed-host <name>.',
  ERR_BAD_REQUEST: 'The request could not be read: {detail}.',
  ERR_DOCS_UNAVAILABLE: 'The API reference page needs the optional dependency swagger-ui-dist, which this install left out (npm install --omit=optional, or a failed optional install): run "npm install swagger-ui-dist@^5" next to authmock. The specs themselves are at {documents}.',
  ERR_DOCS_NOT_FOUND: 'No /__mock/docs/{file}: the specs served are at {documents}.',
  // Shared state (--store redis://...): at start the mock refuses to run (exit 1); while serving, requests answer 503 until it is back.
  ERR_STORE_UNAVAILABLE: 'The state store {url} does not answer ({detail}): check that Redis is running and reachable, or raise --store-timeout. Serving resumes by itself when it is back.',
  ERR_NAMESPACE_INVALID: 'The x-authmock-namespace header "{namespace}" is not a namespace name: use 1 to 64 of A-Z a-z 0-9 . _ - (for example a CI job id).',
  ERR_NAMESPACE_LIMIT: 'Namespace "{namespace}" would be namespace {count}, past --max-namespaces {max}: reset namespaces you are done with (POST /__mock/reset with their x-authmock-namespace header) or raise --max-namespaces.',
  ERR_INTERNAL: 'The mock failed while answering: {detail}. This is a bug in authmock; please report it with the request.',
} as const

export type ErrorCode = keyof typeof ERRORS

/** Fills `{name}` slots of a catalog message. */
export function formatError(code: ErrorCode, params: Record<string, unknown> = {}): string {
  return ERRORS[code].replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`))
}

/** A load-time or configuration failure of the mock itself. Branch on `code`, never on the message. */
export class AuthmockError extends Error {
  readonly code: ErrorCode
  readonly params: Record<string, unknown>
  constructor(code: ErrorCode, params: Record<string, unknown> = {}) {
    super(formatError(code, params))
    this.name = 'AuthmockError'
    this.code = code
    this.params = params
  }
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
}

/**
 * An `application/problem+json` answer (RFC 9457) for a failure of the mock,
 * with the error code as an extension member so clients can branch on it.
 */
export function problemResponse(
  status: number,
  code: ErrorCode,
  params: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): StubResponse {
  const body = {
    // No URI we would have to keep serving: "about:blank" (RFC 9457 §4.2.1) plus `code`, documented in docs/errors.md.
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: formatError(code, params),
    code,
    ...extra,
  }
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    cookies: [],
    body: JSON.stringify(body),
  }
}
