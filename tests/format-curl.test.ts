import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import fc from 'fast-check'
import t from 'tap'
import { createRedactor } from '../src/contract/create-redactor.js'
import { formatCurl } from '../src/contract/format-curl.js'
import { requireTool } from './require-tool.js'

t.test('secrets become variable references; headers curl sets itself are left out', async (t) => {
  const redactor = createRedactor()
  redactor.add('s3cret-pass', 'AUTHMOCK_PASSWORD')
  redactor.add('tok123456', 'AUTHMOCK_ACCESS')
  const line = formatCurl({
    method: 'POST',
    url: 'https://staging.example/login?token=tok123456',
    headers: { authorization: 'Bearer tok123456', 'user-agent': 'authmock-verify', 'content-type': 'application/json' },
    body: '{"password":"s3cret-pass","name":"O\'Brien"}',
  }, redactor)
  t.equal(line, `curl -sS -i -X 'POST' 'https://staging.example/login?token='"\${AUTHMOCK_ACCESS}" -H 'authorization: Bearer '"\${AUTHMOCK_ACCESS}" -H 'content-type: application/json' --data-binary '{"password":"'"\${AUTHMOCK_PASSWORD}"'","name":"O'\\''Brien"}'`)
  t.notOk(line.includes('s3cret-pass') || line.includes('tok123456'))
  t.equal(formatCurl({ method: 'GET', url: 'http://h/', headers: { 'x-empty': '' }, body: '' }, redactor), `curl -sS -i -X 'GET' 'http://h/' -H 'x-empty: ' --data-binary ''`)
})

t.test('control characters and non-ASCII keep the command on one line', async (t) => {
  const line = formatCurl({ method: 'POST', url: 'http://h/', headers: {}, body: 'a\nb\u0000c\u00e9\u{1f600}\'\\' }, createRedactor())
  t.equal(line, `curl -sS -i -X 'POST' 'http://h/' --data-binary $'a\\x0ab\\x00c\\xe9\\U0001f600\\'\\\\'`)
  t.notOk(line.includes('\n'))
})

if (requireTool(t, 'bash reads back every body exactly', 'bash', 'bash')) {
  t.test('bash reads back every body exactly', async () => {
    // The body part of the line, echoed by bash instead of sent: what curl would get is what was generated (NUL aside: no shell string holds it).
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000') && !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))), async (body) => {
      const line = formatCurl({ method: 'POST', url: 'http://h/', headers: {}, body }, createRedactor())
      const word = line.slice(line.indexOf('--data-binary ') + '--data-binary '.length)
      const { stdout } = await promisify(execFile)('bash', ['-c', `printf '%s' ${word}`], { encoding: 'buffer' })
      return Buffer.from(stdout).equals(Buffer.from(body, 'utf8'))
    }), { numRuns: 60 })
  })
}
