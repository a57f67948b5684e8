import t from 'tap'
import { readPath, renderTemplate } from '../src/core/render-template.js'
import { setPointer } from '../src/core/set-pointer.js'
import { parseDuration } from '../src/core/parse-duration.js'
import { createRandom } from '../src/core/create-random.js'
import { ALPHABETS } from '../src/model/alphabets.js'

const context = { a: { n: 5, s: 'x', nil: null, list: [1] }, empty: '' }

t.test('templates keep types when whole and interpolate otherwise', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['{a.n}', 5],
    ['{a.nil}', null],
    ['{a.list}', [1]],
    ['n={a.n}', 'n=5'],
    ['{missing|/}', '/'],
    ['{empty|fallback}', 'fallback'],
    ['go {missing|/home} now', 'go /home now'],
    ['literal', 'literal'],
    ['{missing}', undefined],
  ]
  for (const [template, expected] of cases) t.same(renderTemplate(template, context), expected, template)
})

t.test('paths read own properties only', async (t) => {
  const body = JSON.parse('{"__proto__": {"x": 1}}') as object
  t.same(readPath({ body }, 'body.__proto__.x'), 1, 'an own __proto__ key is plain data')
  t.equal(readPath({}, 'constructor'), undefined)
  t.equal(readPath({ a: {} }, 'a.toString'), undefined)
})

t.test('JSON pointers set nested values and "" replaces the root', async (t) => {
  t.same(setPointer({ a: { b: 1 } }, '/a/b', 2), { a: { b: 2 } })
  t.same(setPointer({}, '/a~1b/c', 1), { 'a/b': { c: 1 } })
  t.same(setPointer({ a: 1 }, '', [1]), [1])
})

t.test('durations', async (t) => {
  t.equal(parseDuration('24h'), 86_400_000)
  t.equal(parseDuration('15m'), 900_000)
  t.equal(parseDuration('30'), 30_000)
  t.equal(parseDuration('never'), undefined)
  t.ok(Number.isNaN(parseDuration('soon')))
})

t.test('seeded tokens repeat; unseeded ones do not', async (t) => {
  t.equal(createRandom(7).token(ALPHABETS.hex as string, 40), createRandom(7).token(ALPHABETS.hex as string, 40))
  t.not(createRandom(7).token(ALPHABETS.hex as string, 40), createRandom(8).token(ALPHABETS.hex as string, 40))
  t.not(createRandom().token(ALPHABETS.alnum as string, 30), createRandom().token(ALPHABETS.alnum as string, 30))
  t.match(createRandom(1).token(ALPHABETS['lower-alnum'] as string, 32), /^[a-z0-9]{32}$/)
})
