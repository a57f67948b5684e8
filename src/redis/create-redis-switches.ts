import type { Redis } from 'ioredis'
import type { ArmedScenario } from '../core/create-controls.js'
import { defineScripts } from './define-scripts.js'

/**
 * Scenario switches of one namespace: `sw`, a LIST of switch views as JSON,
 * oldest first, and `swid`, the last id given. A view holds everything a
 * switch means (operation, scenario or status/example, fault, delay, calls
 * left), so any replica rebuilds its answer from its own model.
 */

/** Takes one call of the newest switch for an operation (ARGV prefix, operationId); returns its view as it was, or nil. */
export const TAKE_SWITCH = `
local function take(p, op)
  local key = p .. 'sw'
  local list = redis.call('LRANGE', key, 0, -1)
  for i = #list, 1, -1 do
    local view = cjson.decode(list[i])
    if view.operation == op then
      if type(view.remaining) == 'number' then
        view.remaining = view.remaining - 1
        if view.remaining <= 0 then
          redis.call('LSET', key, i - 1, 'authmock:gone')
          redis.call('LREM', key, 1, 'authmock:gone')
        else
          redis.call('LSET', key, i - 1, cjson.encode(view))
        end
      end
      return list[i]
    end
  end
  return false
end
`

/** ARGV prefix, operationId ('' = every switch). Returns how many were cleared. */
const CLEAR = `
local key = ARGV[1] .. 'sw'
local op = ARGV[2]
local list = redis.call('LRANGE', key, 0, -1)
local kept, count = {}, 0
for _, json in ipairs(list) do
  if op == '' or cjson.decode(json).operation == op then count = count + 1 else kept[#kept + 1] = json end
end
redis.call('DEL', key)
if #kept > 0 then redis.call('RPUSH', key, unpack(kept)) end
return count
`

/** ARGV prefix, then views as JSON without an id: each gets the next id; returns the first id. */
const ADD = `
local p = ARGV[1]
local last = redis.call('INCRBY', p .. 'swid', #ARGV - 1)
local first = last - (#ARGV - 1) + 1
for i = 2, #ARGV do
  local view = cjson.decode(ARGV[i])
  view.id = first + i - 2
  redis.call('RPUSH', p .. 'sw', cjson.encode(view))
end
return first
`

export interface RedisSwitches {
  /** Arms switches (atomically, ids in order); returns them with their ids. */
  add(views: ReadonlyArray<Omit<ArmedScenario, 'id'>>): Promise<ArmedScenario[]>
  list(): Promise<ArmedScenario[]>
  clear(operation?: string): Promise<number>
}

const SCRIPTS = { switchAdd: ADD, switchClear: CLEAR }

/** JSON has no "until cleared" number: null stays null, cjson writes it back as null. */
export function createRedisSwitches(client: Redis, prefix: string): RedisSwitches {
  const run = defineScripts(client, SCRIPTS)
  return {
    async add(views) {
      if (views.length === 0) return []
      const first = Number(await run.switchAdd([prefix, ...views.map((v) => JSON.stringify(v))]))
      return views.map((v, i) => ({ id: first + i, ...v }))
    },
    async list() {
      return (await client.lrange(`${prefix}sw`, 0, -1)).map((json) => JSON.parse(json) as ArmedScenario)
    },
    async clear(operation) {
      return Number(await run.switchClear([prefix, operation ?? '']))
    },
  }
}
