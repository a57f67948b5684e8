import t from 'tap'
import { parseTarget } from '../src/core/parse-target.js'

// The fast path must read every URL exactly as the WHATWG parser does.
const urls = [
  '/api/v1/public/profile', '/users/login/', '/', '/a?x=1&y=2&x=3', '/a?', '/a?q=a%20b+c',
  '/api/../secret', '/./a', '/a/./b', '/%2e%2e/a', '/a b', '/caf\u00e9', '//evil.example/x', '/a#frag', '/a\\b',
  '/.well-known/x', '/a/.hidden', '/a~b_c-d.e',
  'http://127.0.0.1:4010/api/v1/public/login', 'http://localhost/x?y=1', 'https://api.test/a/b/',
  'http://LOCALHOST/x', 'http://127.0.0.1:80/x', 'https://h:443/x', 'http://h:080/x', 'http://[::1]:4010/x', 'http://h:4010//x',
]

t.test('reads path and query exactly as URL does, on the fast path and off it', async (t) => {
  for (const url of urls) {
    const expected = new URL(url.startsWith('/') ? `http://localhost${url}` : url)
    const got = parseTarget(url)
    t.ok(got, url)
    if (!got) continue
    t.equal(got.pathname, expected.pathname, `${url}: pathname`)
    t.same([...got.searchParams], [...expected.searchParams], `${url}: query`)
    t.equal(new URL(got.href).href, expected.href, `${url}: href`)
  }
})

t.test('an unparseable URL is undefined', async (t) => {
  t.equal(parseTarget('http://'), undefined)
  t.equal(parseTarget('http://exa mple.com/'), undefined)
})
