import { readdirSync, readFileSync } from 'node:fs'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { parse } from 'yaml'
import { createManualClock, type ManualClock } from '../src/core/create-manual-clock.js'
import { buildApp, type AppOptions } from '../src/server/build-app.js'

export const START = Date.parse('2026-01-01T00:00:00Z')
export const HOUR = 3_600_000

export interface TestApp {
  app: FastifyInstance
  clock: ManualClock
  /** inject, with the body parsed when it is JSON. */
  call(options: InjectOptions): Promise<{ status: number; headers: Record<string, unknown>; body: unknown; cookies: Array<{ name: string; value: string; [k: string]: unknown }> }>
}

/** A stub server on a manual clock with a fixed seed, closed when the test ends. */
export async function buildTestApp(t: { teardown(fn: () => unknown): void }, options: AppOptions = {}): Promise<TestApp> {
  const clock = createManualClock(START)
  const app = await buildApp({ seed: 1, clock, ...options })
  t.teardown(() => app.close())
  return {
    app,
    clock,
    async call(options) {
      const res = await app.inject(options)
      const type = String(res.headers['content-type'] ?? '')
      return {
        status: res.statusCode,
        headers: res.headers,
        body: type.includes('json') && res.body ? JSON.parse(res.body) : res.body,
        cookies: res.cookies as Array<{ name: string; value: string }>,
      }
    },
  }
}

/** A JSON POST. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): InjectOptions {
  return { method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) }
}

const root = new URL('../', import.meta.url)

/**
 * The APIs this repository documents, read from `spec/*.yaml` (each file's
 * `x-authmock.name`), sorted. Tests that mean "every API" use this list, so a
 * fifth API needs a spec, fixtures and docs, and no test edit. Read from the
 * files, not through src/spec, so a test of the loader does not check it
 * against itself.
 */
export const API_NAMES: readonly string[] = readdirSync(new URL('spec/', root))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => {
    const name = (parse(readFileSync(new URL(`spec/${file}`, root), 'utf8')) as { 'x-authmock'?: { name?: unknown } })['x-authmock']?.name
    if (typeof name !== 'string') throw new Error(`spec/${file} has no x-authmock.name`)
    return name
  })
  .sort()

/**
 * Per API, the first fixture account's login fields (its string fields:
 * username or email, and password), as `authmock verify` takes them
 * (`--credentials` keyed by API name), read from `fixtures/<name>.json`.
 */
export function fixtureLogins(): Record<string, Record<string, string>> {
  return Object.fromEntries(API_NAMES.map((name) => {
    const { accounts } = JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, root), 'utf8')) as { accounts: Array<Record<string, unknown>> }
    const first = accounts[0]
    if (!first) throw new Error(`fixtures/${name}.json has no account`)
    return [name, Object.fromEntries(Object.entries(first).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))]
  }))
}
