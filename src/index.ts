/**
 * authmock's programmatic API: build the stub server, or the engine alone.
 *
 * @example
 * import { buildApp } from 'authmock'
 * const app = await buildApp({ apis: ['nwapp'], seed: 1 })
 */
export { buildApp, type AppOptions } from './server/build-app.js'
export { listen, type ListenOptions } from './server/listen.js'
export { createEngine, type Engine, type EngineOptions } from './core/create-engine.js'
export { createManualClock, type ManualClock } from './core/create-manual-clock.js'
export { AuthmockError, ERRORS, type ErrorCode } from './core/errors.js'
export type { Clock, StubRequest, StubResponse, SetCookie } from './core/types.js'
export { buildModel, type ApiSource, type BuildOptions } from './model/build-model.js'
export { createAjvValidators } from './model/create-ajv-validators.js'
export type { ModelValidators } from './model/model-validators.js'
export type { SpecModel } from './model/spec-model.js'
export { loadSources, listApis, type SourceOptions } from './spec/load-sources.js'
export { createMemoryStore } from './store/create-memory-store.js'
export { createMemoryState, type MemoryStateOptions } from './core/create-memory-state.js'
export { DEFAULT_NAMESPACE, NAMESPACE_HEADER, StoreUnavailable, type NamespaceState, type StateBackend } from './core/namespace-state.js'
export type { Credential, CredentialStore } from './store/credential-store.js'
export { verifyServer, type VerifyOptions } from './contract/verify-server.js'
export { createProxy, type ProxyOptions } from './contract/create-proxy.js'
export { formatPretty } from './contract/format-pretty.js'
export { formatTap } from './contract/format-tap.js'
export { formatJunit } from './contract/format-junit.js'
export type { Violation, CaseResult, VerifyResult } from './contract/types.js'
export type { Controls, ScenarioRequest, ArmedScenario } from './core/create-controls.js'
