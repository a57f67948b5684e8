import t from 'tap'
import { findTool, inCI, requireTool } from './require-tool.js'

t.test('CI counts as set the way CI services set it', async (t) => {
  for (const [value, expected] of [[undefined, false], ['', false], ['0', false], ['false', false], ['FALSE', false], ['true', true], ['1', true], ['yes', true]] as const) {
    t.equal(inCI(value === undefined ? {} : { CI: value }), expected, `CI=${value}`)
  }
})

t.test('a missing tool fails in CI and is skipped with the apt package named elsewhere', async (t) => {
  const missing = 'authmock-no-such-tool'
  t.equal(findTool(missing), '')
  const seen: string[] = []
  const fake = {
    fail: (message: string) => { seen.push(`fail: ${message}`); return false },
    test: (name: string, options: { skip: string }) => { seen.push(`skip: ${name}: ${options.skip}`); return Promise.resolve() },
  } as unknown as Parameters<typeof requireTool>[0]
  t.equal(requireTool(fake, 'needs it', missing, 'some-deb', { CI: 'true' }), false)
  t.equal(requireTool(fake, 'needs it', missing, 'some-deb', {}), false)
  t.same(seen, [
    'fail: needs it: `authmock-no-such-tool` is not installed (apt-get install some-deb); CI is set, and .ci/run installs it',
    'skip: needs it: `authmock-no-such-tool` is not installed (apt-get install some-deb); set CI to make this a failure',
  ])
  t.equal(requireTool(fake, 'needs node', 'node', 'nodejs', { CI: 'true' }), true, 'a tool on PATH runs the test')
  t.equal(seen.length, 2)
})
