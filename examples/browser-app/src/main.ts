// A tiny front end that talks to the four APIs with plain fetch, while MSW's
// service worker answers from authmock's handlers. Nothing here knows it is
// mocked: the same code would talk to the real back ends.
import { setupWorker } from 'msw/browser'
import { createHandlers } from 'authmock/msw'

const log = document.querySelector<HTMLPreElement>('#log') as HTMLPreElement
let accessToken = ''

function report(action: string, status: number, body: string): void {
  log.textContent += `${action} ${status} ${body.slice(0, 120)}\n`
  document.body.dataset.last = `${action} ${status}`
}

async function call(action: string, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { credentials: 'include', ...init })
  report(action, res.status, res.type === 'opaqueredirect' ? '(redirect)' : await res.clone().text())
  return res
}

const json = { 'content-type': 'application/json' }
/** Django's csrftoken cookie, as a real storefront reads it. */
const csrfCookie = (): string => /(?:^|; )csrftoken=([^;]*)/.exec(document.cookie)?.[1] ?? ''

const actions: Record<string, () => Promise<unknown>> = {
  'nwapp-login': async () => {
    const res = await call('nwapp-login', '/api/v1/public/login', { method: 'POST', headers: json, body: JSON.stringify({ email: 'bart@mikasoftware.com', password: '123password' }) })
    if (res.ok) accessToken = ((await res.json()) as { access_token: { token: string } }).access_token.token
  },
  'nwapp-profile': () => call('nwapp-profile', '/api/v1/public/profile', { headers: { authorization: `Bearer ${accessToken}` } }),
  'nwapp-logout': () => call('nwapp-logout', '/api/v1/public/logout', { method: 'POST', headers: { ...json, authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ token: accessToken }) }),
  'akinon-csrf': () => call('akinon-csrf', '/csrf_token/'),
  'akinon-login': () => call('akinon-login', '/users/login/', { method: 'POST', headers: json, body: JSON.stringify({ email: 'shopper@example.com', password: 'shopper-pass' }) }),
  'akinon-me': () => call('akinon-me', '/current_user/'),
  'akinon-logout': () => call('akinon-logout', '/users/logout/', { method: 'POST', headers: { 'x-csrftoken': csrfCookie() }, redirect: 'manual' }),
  'prefer-throttled': () => call('prefer-throttled', '/users/login/', { method: 'POST', headers: { ...json, prefer: 'example=throttled' }, body: '{}' }),
}

for (const [id, action] of Object.entries(actions)) {
  document.getElementById(id)?.addEventListener('click', () => { void action() })
}

const worker = setupWorker(...createHandlers())
await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
const status = document.querySelector('#status') as HTMLElement
status.textContent = 'mock ready'
document.body.dataset.ready = 'true'
