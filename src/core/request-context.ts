import type { Json, JsonObject } from './types.js'

/**
 * What recipes and actions can read of one request (docs/spec-extensions.md,
 * "Values"): filled step by step as the engine answers it.
 */
export interface RequestContext {
  body: Json
  query: Record<string, string>
  params: Record<string, string>
  account?: JsonObject | undefined
  credentials: Record<string, { value: string; expires: number | null; ttl?: number | undefined }>
  page?: unknown
  item?: unknown
  violations?: unknown
  error?: { message: string }
}
