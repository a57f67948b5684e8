import type { Redis } from 'ioredis'

type Runner = (args: readonly string[]) => Promise<unknown>

/** Clients whose scripts are defined: defineCommand once per client, however many namespaces use it. */
const defined = new WeakMap<Redis, Set<string>>()

/**
 * Lua scripts as functions of their arguments. ioredis sends EVALSHA and
 * falls back to EVAL once when Redis does not know the script (after a
 * restart or a failover), so each call is one round trip. Scripts take no
 * KEYS: every key they touch is built from the namespace prefix, whose hash
 * tag keeps them in one Redis Cluster slot.
 */
export function defineScripts<T extends Record<string, string>>(client: Redis, scripts: T): { [K in keyof T]: Runner } {
  const names = defined.get(client) ?? new Set<string>()
  defined.set(client, names)
  const out: Record<string, Runner> = {}
  for (const [name, lua] of Object.entries(scripts)) {
    const command = `authmock_${name}`
    if (!names.has(command)) {
      client.defineCommand(command, { numberOfKeys: 0, lua })
      names.add(command)
    }
    const call = (client as unknown as Record<string, (...args: string[]) => Promise<unknown>>)[command] as (...args: string[]) => Promise<unknown>
    out[name] = (args) => call.apply(client, [...args])
  }
  return out as { [K in keyof T]: Runner }
}
