import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadModel } from '../src/spec/load-model.js'
import { PACKAGE_ROOT } from '../src/spec/package-root.js'
import { buildTestApp, post } from './helpers.js'

t.test('the shipped specs load from the build-time bundle (no schemas kept, nothing compiled)', async (t) => {
  const model = await loadModel({ apis: ['nwapp'] })
  t.same(model.apis.map((a) => a.name), ['nwapp'])
  t.equal(model.apis[0]?.operations[0]?.responses[0]?.schema, undefined, 'the bundle drops response schemas: this is the bundled path')
  await t.rejects(loadModel({ apis: ['nope'] }), { code: 'ERR_UNKNOWN_API' })
})

t.test('a spec folder edited since the build is read from disk, so a changed fixture counts at once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authmock-'))
  cpSync(join(PACKAGE_ROOT, 'spec'), join(dir, 'spec'), { recursive: true })
  cpSync(join(PACKAGE_ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true })
  const file = join(dir, 'fixtures', 'nwapp.json')
  writeFileSync(file, readFileSync(file, 'utf8').replace('"123password"', '"changed-pass"'))
  const model = await loadModel({ apis: ['nwapp'], specDir: join(dir, 'spec'), fixturesDir: join(dir, 'fixtures') })
  t.ok(model.apis[0]?.operations[0]?.responses[0]?.schema, 'read and compiled from disk')
  const { call } = await buildTestApp(t, { apis: ['nwapp'], specDir: join(dir, 'spec'), fixturesDir: join(dir, 'fixtures') })
  t.equal((await call(post('/api/v1/public/login', { email: 'bart@mikasoftware.com', password: 'changed-pass' }))).status, 200)
  t.equal((await call(post('/api/v1/public/login', { email: 'bart@mikasoftware.com', password: '123password' }))).status, 400)
})
