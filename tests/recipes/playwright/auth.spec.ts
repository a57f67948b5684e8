import { test as base, expect, type APIRequestContext } from '@playwright/test'

// One namespace per worker: the workers share one `authmock serve`, and each
// sees only its own tokens, armed scenarios and journal.
const test = base.extend<Record<never, never>, { namespace: string }>({
  // eslint-disable-next-line no-empty-pattern
  namespace: [async ({}, use, workerInfo) => use(`pw-worker-${workerInfo.workerIndex}`), { scope: 'worker' }],
  // Every request of `request` and `page` names the worker's namespace.
  extraHTTPHeaders: async ({ namespace }, use) => use({ 'x-authmock-namespace': namespace }),
})

// Tokens, sessions, armed scenarios and clock of this namespace back to start.
test.afterEach(async ({ request }) => {
  expect((await request.post('/__mock/reset', { data: {} })).ok()).toBe(true)
})

async function signIn(request: APIRequestContext, password = '123password') {
  return request.post('/api/v1/public/login', { data: { email: 'bart@mikasoftware.com', password } })
}

test('signs in and reads the profile with the token', async ({ request }) => {
  const login = await signIn(request)
  expect(login.status()).toBe(200)
  const token = (await login.json()).access_token.token
  const profile = await request.get('/api/v1/public/profile', { headers: { authorization: `Bearer ${token}` } })
  expect(profile.status()).toBe(200)
  expect((await profile.json()).first_name).toBe('Bart')
})

test('a wrong password gets the API message', async ({ request }) => {
  const login = await signIn(request, 'not-his-password')
  expect(login.status()).toBe(400)
  expect((await login.json()).error).toBe('Email or password is incorrect.')
})

test('QA scenario: the next login is refused even with the right password', async ({ request }) => {
  const armed = await request.post('/__mock/scenarios', {
    data: { operation: 'nwappLogin', scenario: 'invalid-credentials', times: 1 },
  })
  expect(armed.status()).toBe(201)
  expect((await signIn(request)).status()).toBe(400)
  expect((await signIn(request)).status()).toBe(200) // times: 1
})

test('a token from one namespace is unknown in another', async ({ request, playwright, baseURL, namespace }) => {
  const token = (await (await signIn(request)).json()).access_token.token
  // A context made in a test takes the test's options: name the other namespace.
  const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-authmock-namespace': `${namespace}-other` } })
  try {
    const profile = await other.get('/api/v1/public/profile', { headers: { authorization: `Bearer ${token}` } })
    expect(profile.status()).toBe(401)
    await other.post('/__mock/reset', { data: {} }) // frees the other namespace's place
  } finally {
    await other.dispose()
  }
})

test('the browser opens the control page', async ({ page }) => {
  await page.goto('/__mock/')
  await expect(page).toHaveTitle('authmock control')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('authmock control')
})
