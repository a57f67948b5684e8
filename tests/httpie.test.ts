import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { buildApp } from '../src/server/build-app.js'
import { listen } from '../src/server/listen.js'

// The nwapp document's own sample calls, as written (host and port aside).
// HTTPie comes from Debian; .ci/run installs it, so in CI a missing one fails.
const found = spawnSync('http', ['--version'], { encoding: 'utf8' })
if (found.status !== 0) {
  if (process.env.CI) t.fail('HTTPie (`http`) is not installed; .ci/run should have installed it')
  else t.test('HTTPie sample calls', { skip: 'HTTPie (`http`) is not installed: apt-get install httpie' }, () => {})
} else {
  t.test('the nwapp document\'s HTTPie sample calls work against the mock', async (t) => {
    const app = await buildApp({ apis: ['nwapp'] })
    t.teardown(() => app.close())
    const host = (await listen(app, { port: 0 })).replace('http://', '')
    // Asynchronous: the server answers from this same process.
    const http = async (...args: string[]) => {
      const res = await promisify(execFile)('http', ['--ignore-stdin', '--print=hb', '--pretty=none', ...args], { encoding: 'utf8', timeout: 20_000 })
      const [head = '', body = ''] = res.stdout.split(/\r?\n\r?\n/)
      return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), body: body.trim() ? JSON.parse(body) : undefined, stderr: res.stderr }
    }

    const login = await http('post', `${host}/api/v1/public/login`, 'email=bart@mikasoftware.com', 'password=123password')
    t.equal(login.status, 200, login.stderr)
    t.match(login.body, { email: 'bart@mikasoftware.com', first_name: 'Bart', access_token: { scope: 'read,write,introspection' } })
    const token: string = login.body.access_token.token
    const refreshToken: string = login.body.refresh_token.token

    const profile = await http('get', `${host}/api/v1/public/profile`, `Authorization:Bearer ${token}`)
    t.equal(profile.status, 200)
    t.same(profile.body, { email: 'bart@mikasoftware.com', first_name: 'Bart', last_name: 'Mika', user_id: 1 })

    const refresh = await http('post', `${host}/api/v1/public/refresh-token`, `refresh_token=${refreshToken}`, `Authorization:Bearer ${token}`)
    t.equal(refresh.status, 200)
    const fresh: string = refresh.body.access_token.token

    const logout = await http('post', `${host}/api/v1/public/logout`, `token=${fresh}`, `Authorization:Bearer ${fresh}`)
    t.equal(logout.status, 200)
    t.same(logout.body, { detail: 'You are now logged off.' })
    t.equal((await http('get', `${host}/api/v1/public/profile`, `Authorization:Bearer ${fresh}`)).status, 401)

    const register = await http('post', `${host}/api/v1/public/register`, 'email=bart@mikasoftware.com', 'password=YOUR_PASSWORD', 'first_name=Bart', 'last_name=Mika')
    t.equal(register.status, 400)
    t.same(register.body, { error: 'Email is not unique.', status: 'Invalid request.' })
  })
}
