import type { FastifyInstance, InjectOptions } from 'fastify'
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
