import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { createProxy } from '../src/contract/create-proxy.js'
import { buildModel } from '../src/model/build-model.js'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'
import { loadSources } from '../src/spec/load-sources.js'
import { childEnv } from './child-env.js'
import { MOCK_ACCOUNTS } from './fixtures/deviating-server.js'

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const NWAPP = MOCK_ACCOUNTS.nwapp as Record<string, string>
const AKINON = MOCK_ACCOUNTS['akinon-commerce'] as Record<string, string>

/** Waits (bounded) until `ready` holds. */
async function waitFor(ready: () => boolean, ms = 15_000): Promise<boolean> {
  for (let waited = 0; waited < ms && !ready(); waited += 50) await new Promise((r) => setTimeout(r, 50))
  return ready()
}

/** `authmock proxy --log-format json ...` as a child, its stdout and stderr collected. */
function startProxyCli(t: Test, args: string[]) {
  const child = spawn(process.execPath, [...CLI, 'proxy', '--log-format', 'json', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { child.kill('SIGKILL') })
  const output = { out: '', err: '' }
  child.stdout.on('data', (chunk: Buffer) => { output.out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output.err += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const lines = () => output.out.split('\n').filter((line) => line !== '')
  return { child, output, exited, lines }
}

/** Keeps the name=value pairs of an answer's Set-Cookie headers, as a client's jar does. */
function jarOf(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? ''
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

t.test('proxy --log-format json: a listening line, then one pino line per exchange with its violations, no secret anywhere', async (t) => {
  const upstream = await buildApp({ apis: ['nwapp', 'akinon-commerce'], seed: 14 })
  t.teardown(() => upstream.close())
  const target = await listen(upstream, { port: 0 })
  const proxy = startProxyCli(t, ['--api', 'nwapp', '--api', 'akinon-commerce', '--target', target])
  t.ok(await waitFor(() => /"msg":"listening"/.test(proxy.output.out)), `a listening line (stderr: ${proxy.output.err})`)
  const [first] = proxy.lines().map((line) => JSON.parse(line) as Record<string, unknown>)
  t.match(first, { level: 30, time: Number, msg: 'listening', url: /^http:\/\/127\.0\.0\.1:\d+$/, target, apis: [{ name: 'nwapp', operations: Array }, { name: 'akinon-commerce' }], violations: /\/__mock\/violations$/ })
  const url = first?.url as string
  const secrets: string[] = [NWAPP.password as string, AKINON.password as string]

  // nwapp: a login, then a protected call with its bearer token.
  const login = await fetch(`${url}/api/v1/public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: NWAPP.email, password: NWAPP.password }) })
  t.equal(login.status, 200)
  const tokens = await login.json() as { access_token: { token: string }; refresh_token: { token: string } }
  secrets.push(tokens.access_token.token, tokens.refresh_token.token)
  const profile = await fetch(`${url}/api/v1/public/profile`, { headers: { authorization: `Bearer ${tokens.access_token.token}` } })
  t.equal(profile.status, 200)
  await profile.arrayBuffer()

  // Akinon: a CSRF token, a login that sets the session cookie, a call on the session.
  const jar = new Map<string, string>()
  const csrf = await fetch(`${url}/csrf_token/`)
  jarOf(csrf, jar)
  const csrfBody = await csrf.json() as { csrf_token?: string }
  const csrfToken = csrfBody.csrf_token ?? jar.get('csrftoken') ?? ''
  t.ok(csrfToken.length > 4, 'a CSRF token')
  const akinonLogin = await fetch(`${url}/users/login/`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookieHeader(jar), 'x-csrftoken': csrfToken }, body: JSON.stringify({ email: AKINON.email, password: AKINON.password }) })
  t.equal(akinonLogin.status, 200)
  jarOf(akinonLogin, jar)
  await akinonLogin.arrayBuffer()
  t.ok(jar.has('osessionid'), 'the session cookie came through')
  const current = await fetch(`${url}/current_user/`, { headers: { cookie: cookieHeader(jar) } })
  t.equal(current.status, 200)
  await current.arrayBuffer()
  secrets.push(csrfToken, ...jar.values())

  // A request that departs from the documents: no email, and the password in the query too.
  const bad = await fetch(`${url}/api/v1/public/login?password=${encodeURIComponent(NWAPP.password as string)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: NWAPP.password }) })
  t.equal(bad.headers.get('x-authmock-violations'), '1')
  await bad.arrayBuffer()

  t.ok(await waitFor(() => proxy.lines().length >= 7), 'one line per exchange')
  const before = proxy.output.out
  const lines = proxy.lines()
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>
    } catch {
      return undefined
    }
  })
  t.same(lines.filter((_line, i) => parsed[i] === undefined), [], 'every stdout line is JSON')
  const requests = parsed.filter((line) => line?.msg === 'request')
  t.match(requests, [
    { level: 30, time: Number, api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: '/api/v1/public/login', status: 200, durationMs: Number, violations: [] },
    { api: 'nwapp', operationId: 'nwappProfile', method: 'GET', path: '/api/v1/public/profile', status: 200, violations: [] },
    { api: 'akinon-commerce', operationId: String, method: 'GET', path: '/csrf_token/', status: 200, violations: [] },
    { api: 'akinon-commerce', operationId: 'akinonLogin', method: 'POST', path: '/users/login/', status: 200, violations: [] },
    { api: 'akinon-commerce', operationId: 'akinonCurrentUser', method: 'GET', path: '/current_user/', status: 200, violations: [] },
    {
      api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: '/api/v1/public/login?password=[redacted]', status: 400,
      violations: [{ case: 'request', message: 'request body: missing required property "email"' }],
    },
  ])
  t.equal(requests.length, 6, 'one line per exchange: Fastify\'s own request lines are off')
  t.equal(lines.length, 7, 'the listening line, then the exchanges')
  for (const violation of (requests.at(-1)?.violations ?? []) as Array<Record<string, unknown>>) {
    t.notOk('expected' in violation || 'actual' in violation, 'a violation without the values it saw')
  }

  proxy.child.kill('SIGTERM')
  t.equal(await proxy.exited, 0, 'stops cleanly')
  for (const secret of new Set(secrets.filter((s) => s.length > 3))) {
    const shown = [secret, encodeURIComponent(secret)].some((form) => proxy.output.out.includes(form) || proxy.output.err.includes(form))
    t.notOk(shown, `no secret in the output (${secret.slice(0, 3)}...)`)
  }
  const stop = proxy.output.out.slice(before.length).trim()
  let stopIsJson = true
  try {
    JSON.parse(stop)
  } catch {
    stopIsJson = false
  }
  t.ok(stopIsJson, 'the stop line is JSON too')
})

t.test('proxy --log-format json --quiet: the listening line only; --log-format xml: a usage error, exit 2', async (t) => {
  const upstream = await buildApp({ apis: ['nwapp'], seed: 15 })
  t.teardown(() => upstream.close())
  const target = await listen(upstream, { port: 0 })
  const quiet = startProxyCli(t, ['--quiet', '--api', 'nwapp', '--target', target])
  const wrong = spawn(process.execPath, [...CLI, 'proxy', '--log-format', 'xml', '--target', target], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { wrong.kill('SIGKILL') })
  let wrongErr = ''
  wrong.stderr.on('data', (chunk: Buffer) => { wrongErr += chunk.toString() })
  const wrongExit = new Promise<number | null>((resolve) => wrong.once('exit', (code) => resolve(code)))

  t.ok(await waitFor(() => /"msg":"listening"/.test(quiet.output.out)), `a listening line (stderr: ${quiet.output.err})`)
  const url = (JSON.parse(quiet.lines()[0] as string) as { url: string }).url
  const answer = await fetch(`${url}/api/v1/public/profile`)
  t.equal(answer.status, 401)
  t.equal(answer.headers.get('x-authmock-violations'), '0')
  await answer.arrayBuffer()
  await new Promise((r) => setTimeout(r, 300))
  t.equal(quiet.lines().length, 1, 'no request line')

  const timer = setTimeout(() => wrong.kill('SIGKILL'), 30_000)
  t.equal(await wrongExit, 2)
  clearTimeout(timer)
  t.match(wrongErr, /^authmock: --log-format takes pretty, json, got "xml"\nRun "authmock --help" for usage\.\n$/)
})

t.test('createProxy({ logFormat: "json", log }): a target that does not answer is a line with the proxy\'s code, not the URL it tried', async (t) => {
  // A port that was free a moment ago: nothing listens there, so the connection is refused.
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
  await new Promise((resolve) => probe.close(resolve))
  const model = buildModel(loadSources({ apis: ['nwapp'] }))
  const json: string[] = []
  const proxy = await createProxy({ model, target: dead, logFormat: 'json', log: (line) => json.push(line) })
  t.teardown(() => proxy.close())
  const res = await proxy.inject({ method: 'GET', url: '/api/v1/public/profile?token=abcdef', headers: { authorization: 'Bearer abcdef' } })
  t.equal(res.statusCode, 502)
  t.equal(json.length, 1)
  t.match(JSON.parse(json[0] as string), {
    msg: 'request', api: 'nwapp', operationId: 'nwappProfile', method: 'GET', path: '/api/v1/public/profile?token=[redacted]', status: 502,
    violations: [], error: { code: 'ERR_PROXY_UPSTREAM', upstream: 'ERR_TARGET_UNREACHABLE' },
  })
  t.notOk(json[0]?.includes('abcdef') || json[0]?.includes(dead), 'neither the token nor the URL tried')

  const pretty: string[] = []
  const plain = await createProxy({ model, target: dead, log: (line) => pretty.push(line) })
  t.teardown(() => plain.close())
  await plain.inject({ method: 'GET', url: '/api/v1/public/profile' })
  t.match(pretty, [/^GET \/api\/v1\/public\/profile -> 502: /], 'pretty by default: the text line')
})
