import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { setupServer } from 'msw/node'
import { createHandlers } from 'authmock/msw'

const API = 'https://api.example.test'

// The app's own client code (usually imported from src/): it turns the API's
// answers into what the UI shows.
async function signIn(email: string, password: string): Promise<string> {
  const res = await fetch(`${API}/api/v1/public/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json()
  if (!res.ok) throw new Error(body.error) // 400: { error, status }
  return body.access_token.token
}

async function loadProfile(token: string): Promise<{ first_name: string }> {
  const res = await fetch(`${API}/api/v1/public/profile`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (res.status === 401) throw new Error('Your session has expired. Please sign in again.')
  return res.json()
}

const handlers = createHandlers({ baseUrl: API, apis: ['nwapp'], seed: 1 })
const server = setupServer(...handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => handlers.reset()) // tokens, sessions, armed scenarios, clock back to start
afterAll(() => server.close())

describe('sign-in', () => {
  test('signs in and shows the profile', async () => {
    const token = await signIn('bart@mikasoftware.com', '123password')
    expect((await loadProfile(token)).first_name).toBe('Bart')
  })

  test('shows the API message for a wrong password', async () => {
    await expect(signIn('bart@mikasoftware.com', 'not-his-password')).rejects.toThrow('Email or password is incorrect.')
  })

  test('QA scenario: the next login is refused even with the right password', async () => {
    const armed = await handlers.scenarios.use({ operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 })
    expect(armed.ok).toBe(true)
    await expect(signIn('bart@mikasoftware.com', '123password')).rejects.toThrow('Email or password is incorrect.')
    await expect(signIn('bart@mikasoftware.com', '123password')).resolves.toBeTypeOf('string') // times: 1
  })

  test('QA scenario: an expired access token asks the user to sign in again', async () => {
    const token = await signIn('bart@mikasoftware.com', '123password')
    await handlers.scenarios.use({ operation: 'nwappProfile', scenario: 'expired-access-token' })
    await expect(loadProfile(token)).rejects.toThrow('Your session has expired.')
  })

  test('every token expires (what "expire all tokens" does on the control page)', async () => {
    const token = await signIn('bart@mikasoftware.com', '123password')
    expect(await handlers.expireAll()).toBeGreaterThan(0)
    await expect(loadProfile(token)).rejects.toThrow('Your session has expired.')
  })

  test('state does not leak between tests: no scenario is armed', async () => {
    expect(await handlers.scenarios.list()).toEqual([])
  })
})
