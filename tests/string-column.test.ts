import t from 'tap'
import { createStringColumn } from '../src/store/create-string-column.js'

t.test('keeps ASCII strings in place and others aside, and reads both back', async (t) => {
  const column = createStringColumn(8)
  column.resize(4)
  const long = 'longer than eight'
  const unicode = 'café'
  column.set(0, 'abc')
  column.set(1, long)
  column.set(2, unicode)
  column.set(3, '')
  t.same([0, 1, 2, 3].map((slot) => column.get(slot)), ['abc', long, unicode, ''])
  t.ok(column.equals(0, 'abc'))
  t.notOk(column.equals(0, 'abd'), 'same length, other bytes')
  t.notOk(column.equals(0, 'abcd'), 'other length')
  t.ok(column.equals(1, long))
  t.notOk(column.equals(2, 'cafe'))
  column.set(1, 'short')
  t.equal(column.get(1), 'short', 'a slot kept aside can go back in place')
  column.resize(8)
  t.equal(column.get(0), 'abc', 'growing keeps what is there')
  column.set(7, 'last')
  t.equal(column.get(7), 'last')
  column.clear(2)
  t.equal(column.get(2), '', 'cleared')
  column.reset()
  column.resize(1)
  t.equal(column.get(0), '')
})
