// @ts-check
// The nwapp scenarios, as autocannon request options, per kind of server.
// Shared by the load worker (bench/lib/load.mjs) and the sanity check in run-matrix.mjs.

export const LOGIN = '/api/v1/public/login'
export const PROFILE = '/api/v1/public/profile'
export const REFRESH = '/api/v1/public/refresh-token'
export const LOGOUT = '/api/v1/public/logout'

const JSON_HEADERS = { 'content-type': 'application/json' }
export const VALID_LOGIN = JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' })
const WRONG_LOGIN = JSON.stringify({ email: 'bart@mikasoftware.com', password: 'wrong-password' })

/**
 * id -> { title, expect (status every response must have), note per kind, build(kind, token) -> autocannon options | { na } }.
 * `token` is an access token from one login made before the load (authmock needs a live one;
 * the reference and Prism accept any Bearer value).
 */
export const SCENARIOS = {
  'login-valid': {
    title: 'login valid (token issued)',
    expect: 200,
    build: () => ({ method: 'POST', path: LOGIN, headers: JSON_HEADERS, body: VALID_LOGIN }),
    note: {
      reference: 'returns the documented example (no token issued)',
      prism: 'returns the documented example (no token issued)',
    },
  },
  'login-invalid': {
    title: 'login invalid (documented 400)',
    expect: 400,
    build: (kind) => ({
      method: 'POST',
      path: LOGIN,
      // Prism cannot check credentials: it is asked for the documented 400 with Prefer (its own header).
      headers: kind === 'prism' ? { ...JSON_HEADERS, prefer: 'code=400, example=invalid-credentials' } : JSON_HEADERS,
      body: WRONG_LOGIN,
    }),
    note: { prism: 'wrong password + "Prefer: code=400" (Prism checks no credentials)' },
  },
  'profile-token': {
    title: 'profile with a valid token',
    expect: 200,
    build: (_kind, token) => ({ method: 'GET', path: PROFILE, headers: { authorization: `Bearer ${token}` } }),
    note: { reference: 'any Bearer value passes', prism: 'any Bearer value passes' },
  },
  'profile-none': {
    title: 'profile without a token (401)',
    expect: 401,
    build: () => ({ method: 'GET', path: PROFILE }),
  },
  flow: {
    title: 'flow login->profile->refresh->logout (flows/s)',
    expect: 200,
    perFlow: 4,
    build: (kind) => {
      if (kind === 'prism') return { na: 'Prism has no token lifecycle' }
      return { requests: flowRequests() }
    },
    note: { reference: 'static: the same tokens every time' },
  },
}

/** After a login or refresh: the virtual user's new token pair. */
function keepTokens(status, body, context) {
  if (status === 200) {
    const parsed = JSON.parse(body)
    context.access = parsed.access_token.token
    context.refresh = parsed.refresh_token.token
  }
}

/** One virtual user (one autocannon connection) repeats login -> profile -> refresh -> logout with its own tokens. */
export function flowRequests() {
  return [
    {
      method: 'POST', path: LOGIN, headers: JSON_HEADERS, body: VALID_LOGIN,
      onResponse: keepTokens,
    },
    {
      method: 'GET', path: PROFILE,
      setupRequest: (request, context) => ({ ...request, headers: { authorization: `Bearer ${context.access}` } }),
    },
    {
      method: 'POST', path: REFRESH,
      setupRequest: (request, context) => ({
        ...request,
        headers: { ...JSON_HEADERS, authorization: `Bearer ${context.access}` },
        body: JSON.stringify({ refresh_token: context.refresh }),
      }),
      onResponse: keepTokens,
    },
    {
      method: 'POST', path: LOGOUT,
      setupRequest: (request, context) => ({
        ...request,
        headers: { ...JSON_HEADERS, authorization: `Bearer ${context.access}` },
        body: JSON.stringify({ token: context.access }),
      }),
    },
  ]
}
