/**
 * `authmock/msw`: the four APIs as MSW handlers, for the browser (setupWorker)
 * and Node (setupServer). Browser-safe: no Fastify, no node: modules, no YAML.
 */
export { createHandlers, type AuthmockHandlers, type HandlerOptions } from './create-handlers.js'
export { createManualClock, type ManualClock } from '../core/create-manual-clock.js'
