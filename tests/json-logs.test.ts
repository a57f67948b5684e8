import { spawn } from 'node:child_process'
import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { childEnv } from './child-env.js'

// The CLI from source through tsx, so the test never runs a stale build.
const CLI = ['--import', 'tsx', 'src/cli/main.ts']
const PASSWORD = '123password'
const LOGIN = '/api/v1/public/login'

/** Waits (bounded) until the output holds a line matching `pattern`. */
async function waitFor(output: () => string, pattern: RegExp, ms = 15_000): Promise<boolean> {
  for (let waited = 0; waited < ms && !pattern.test(output()); waited += 50) await new Promise((r) => setTimeout(r, 50))
  return pattern.test(output())
}

t.test('serve --log-format json: a listening line, then one pino line per request, no secret anywhere', async (t) => {
  const child = spawn(process.execPath, [...CLI, 'serve', '--log-format', 'json', '--port', '0', '--api', 'nwapp'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
  t.ok(await waitFor(() => out, /"msg":"listening"/), `a listening line (stderr: ${err})`)
  const lines = () => out.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>)
  const [first] = lines()
  t.match(first, { level: 30, time: Number, msg: 'listening', url: /^http:\/\/127\.0\.0\.1:\d+$/, apis: [{ name: 'nwapp', operations: Array }], controlPage: /\/__mock\/$/, docs: /\/__mock\/docs$/ })
  const url = first?.url as string

  const login = await fetch(`${url}${LOGIN}?password=${PASSWORD}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bart@mikasoftware.com', password: PASSWORD }) })
  t.equal(login.status, 200)
  const token = ((await login.json()) as { access_token?: { token?: string } | string }).access_token
  const access = typeof token === 'string' ? token : token?.token
  t.type(access, 'string')
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]?.split('=')[1] ?? '').filter((v) => v.length > 3)
  const profile = await fetch(`${url}/api/v1/public/profile`, { headers: { authorization: `Bearer ${access}`, cookie: 'sessionid=cookie-value-to-hide' } })
  t.equal(profile.status, 200)
  const armed = await fetch(`${url}/__mock/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-authmock-namespace': 'ci-7' }, body: JSON.stringify({ operation: 'nwappProfile', fault: 'malformed', times: 1 }) })
  t.equal(armed.status, 201)
  const shaped = await fetch(`${url}/api/v1/public/profile`, { headers: { 'x-authmock-namespace': 'ci-7' } })
  await shaped.text()
  t.ok(await waitFor(() => out, /"operationId":"nwappProfile"[^\n]*"namespace":"ci-7"/), 'the shaped request logged')

  const requests = lines().filter((line) => line.msg === 'request')
  t.match(requests, [
    { level: 30, time: Number, api: 'nwapp', operationId: 'nwappLogin', method: 'POST', path: `${LOGIN}?password=[redacted]`, status: 200, durationMs: Number, namespace: 'default' },
    { api: 'nwapp', operationId: 'nwappProfile', method: 'GET', path: '/api/v1/public/profile', status: 200, namespace: 'default' },
    { operationId: undefined, method: 'POST', path: '/__mock/scenarios', status: 201, namespace: 'ci-7' },
    { api: 'nwapp', operationId: 'nwappProfile', fault: 'malformed', shapedBy: String, namespace: 'ci-7' },
  ])
  t.equal(requests.length, 4, 'one line per request: Fastify\'s own request lines are off')
  t.notOk(lines().some((line) => /Server listening/.test(String(line.msg))), 'Fastify\'s listening line is left out')
  for (const secret of [PASSWORD, access as string, 'cookie-value-to-hide', ...cookies]) {
    t.notOk(out.includes(secret) || err.includes(secret), `no secret in the output (${secret.slice(0, 4)}...)`)
  }
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
  t.match(lines().at(-1), { level: 40, msg: 'authmock: SIGTERM, closing' }, 'the stop is a JSON line too')
})

t.test('serve --log-format json --quiet: the listening line only', async (t) => {
  const child = spawn(process.execPath, [...CLI, 'serve', '--log-format', 'json', '--quiet', '--port', '0', '--api', 'nwapp'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  t.ok(await waitFor(() => out, /"msg":"listening"/))
  const url = (JSON.parse(out.split('\n')[0] as string) as { url: string }).url
  t.equal((await fetch(`${url}/api/v1/public/profile`)).status, 401)
  await new Promise((r) => setTimeout(r, 300))
  t.equal(out.trim().split('\n').length, 1, 'no request line')
})

t.test('buildApp({ logFormat: "json", log }): log gets one JSON text per request; pretty by default', async (t) => {
  const json: string[] = []
  const app = await buildApp({ apis: ['nwapp'], seed: 1, logFormat: 'json', log: (line) => json.push(line) })
  t.teardown(() => app.close())
  await app.inject({ method: 'GET', url: '/api/v1/public/profile?token=abc&page=2', headers: { authorization: 'Bearer abc', 'x-authmock-namespace': 'bad name!' } })
  t.equal(json.length, 1)
  // A namespace the engine refuses (400 before routing) is not shown: the line says the default's.
  t.match(JSON.parse(json[0] as string), { msg: 'request', operationId: undefined, path: '/api/v1/public/profile?token=[redacted]&page=2', status: 400, namespace: 'default' })
  t.notMatch(json[0], /abc/)

  const pretty: string[] = []
  const plain = await buildApp({ apis: ['nwapp'], seed: 1, log: (line) => pretty.push(line) })
  t.teardown(() => plain.close())
  await plain.inject({ method: 'GET', url: '/api/v1/public/profile?token=abc' })
  t.match(pretty, [/^GET \/api\/v1\/public\/profile\?token=\[redacted\] 401 \d+\.\dms$/])
})
