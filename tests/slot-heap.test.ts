import t from 'tap'
import { createSlotHeap } from '../src/store/create-slot-heap.js'
import { createSlotQueue } from '../src/store/create-slot-queue.js'

t.test('the heap pops times in ascending order, like a sort, under mixed pushes and pops and growth', async (t) => {
  const heap = createSlotHeap()
  const model: number[] = []
  let seed = 11
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed % n
  }
  let mismatches = 0
  for (let step = 0; step < 20_000; step++) {
    if (rand(3) !== 0) {
      const time = rand(1000)
      heap.push(time, time * 2)
      model.push(time)
    } else if (model.length > 0) {
      model.sort((a, b) => a - b)
      const want = model.shift() as number
      if (heap.peekTime() !== want || heap.peekSlot() !== want * 2) mismatches++
      heap.pop()
    }
  }
  t.equal(mismatches, 0)
  t.equal(heap.size(), model.length)
  heap.clear()
  t.same([heap.peekTime(), heap.peekSlot(), heap.size()], [Infinity, -1, 0])
})

t.test('the queue is first in, first out across compaction and growth, and filters in order, each slot with its time', async (t) => {
  const queue = createSlotQueue()
  const model: number[] = []
  const shift = (): string => {
    const entry = `${queue.peekTime()}:${queue.peekSlot()}`
    queue.pop()
    return entry
  }
  let got = ''
  let want = ''
  for (let i = 0; i < 5000; i++) {
    queue.push(i / 2, i)
    model.push(i)
    if (i % 3 === 0) {
      got += `${shift()},`
      const slot = model.shift() as number
      want += `${slot / 2}:${slot},`
    }
  }
  t.equal(got, want)
  queue.filter((time, slot) => slot % 2 === 0 && time === slot / 2)
  const rest = model.filter((slot) => slot % 2 === 0)
  t.equal(queue.size(), rest.length)
  const drained: string[] = []
  while (queue.size() > 0) drained.push(shift())
  t.same(drained, rest.map((slot) => `${slot / 2}:${slot}`))
  t.same([queue.peekTime(), queue.peekSlot()], [NaN, -1], 'empty')
  queue.pop()
  t.equal(queue.size(), 0, 'a pop on an empty queue keeps it empty')
})
