import t from 'tap'
import { fixtureIds, readFixtures } from '../src/model/read-fixtures.js'

t.test('a fixture account is known by its first plain string member, not its position', async (t) => {
  t.same(fixtureIds([{ email: 'a@b.c', password: 'x' }, { username: 'u', email: 'e' }]), ['email=a@b.c', 'username=u'])
  t.same(fixtureIds([{ password: 'x', apiKey: 'k', user_id: 7, name: 'n' }]), ['name=n'], 'secret-named and non-string members are passed over')
  t.same(fixtureIds([{ password: 'x' }, { profile: {} }]), ['#1', '#2'], 'without one, by position')
  t.same(fixtureIds([{ email: 'a' }, { email: 'a' }, { email: 'a#2' }]), ['email=a', 'email=a#2', 'email=a#2#2'], 'a repeated identity is numbered, never shared')
  const before = readFixtures('x', { accounts: [{ email: 'a', password: '1' }, { email: 'b', password: '2' }] }).accounts
  const after = readFixtures('x', { accounts: [{ email: 'new', password: '0' }, { email: 'b', password: 'changed' }, { email: 'a', password: '1' }] }).accounts
  t.same(after.filter((a) => before.some((b) => b.id === a.id)).map((a) => a.fields.email), ['b', 'a'], 'inserting, moving or changing a password keeps each id')
})
