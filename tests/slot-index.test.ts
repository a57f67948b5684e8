import t from 'tap'
import { createSlotIndex, hashOf } from '../src/store/create-slot-index.js'

t.test('finds, moves and removes like a Map under random churn, growth included', async (t) => {
  const keys: Array<string | undefined> = []
  const groups: number[] = []
  const index = createSlotIndex((slot, group, key) => groups[slot] === group && keys[slot] === key)
  const model = new Map<string, number>()
  let seed = 7
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed % n
  }
  let mismatches = 0
  for (let step = 0; step < 20_000; step++) {
    // Few distinct keys and two groups: plenty of equal keys across groups and long probe runs.
    const key = `k${rand(300)}`
    const group = rand(2)
    const id = `${group}:${key}`
    const held = model.get(id)
    if (held === undefined) {
      const slot = keys.length
      keys.push(key)
      groups.push(group)
      index.add(hashOf(group, key), slot)
      model.set(id, slot)
    } else if (rand(3) === 0) {
      const to = keys.length
      keys.push(key)
      groups.push(group)
      index.move(hashOf(group, key), held, to)
      keys[held] = undefined
      model.set(id, to)
    } else {
      index.remove(hashOf(group, key), held)
      keys[held] = undefined
      model.delete(id)
    }
    const probe = `k${rand(300)}`
    const probeGroup = rand(2)
    if (index.find(probeGroup, probe) !== (model.get(`${probeGroup}:${probe}`) ?? -1)) mismatches++
  }
  t.equal(mismatches, 0, 'every lookup agreed with the Map')
  for (const [id, slot] of model) {
    const [group, key] = id.split(':') as [string, string]
    if (index.find(Number(group), key) !== slot) mismatches++
  }
  t.equal(mismatches, 0, 'every entry left is found')
  index.clear()
  t.equal(index.find(0, keys.find((k) => k !== undefined) as string), -1, 'clear empties it')
})

t.test('tells keys apart by group and by content, not by hash alone', async (t) => {
  const keys = ['same', 'same', 'other']
  const groups = [0, 1, 0]
  const index = createSlotIndex((slot, group, key) => groups[slot] === group && keys[slot] === key)
  keys.forEach((key, slot) => index.add(hashOf(groups[slot] as number, key), slot))
  t.equal(index.find(0, 'same'), 0)
  t.equal(index.find(1, 'same'), 1)
  t.equal(index.find(1, 'other'), -1)
  t.equal(index.find(2, 'same'), -1)
  index.remove(hashOf(0, 'same'), 0)
  t.equal(index.find(0, 'same'), -1)
  t.equal(index.find(1, 'same'), 1, 'the other group keeps its entry')
  index.remove(hashOf(0, 'missing'), 5)
  t.equal(index.find(0, 'other'), 2, 'removing what is not there changes nothing')
})
