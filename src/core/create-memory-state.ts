import type { SpecModel } from '../model/spec-model.js'
import { createMemoryStore } from '../store/create-memory-store.js'
import type { CredentialStore } from '../store/credential-store.js'
import { createAccountRegistry, type AccountRegistry } from './create-account-registry.js'
import type { ArmedScenario } from './create-controls.js'
import { createJournal } from './create-journal.js'
import type { AccountTable, FixtureAccounts, NamespaceState, StateBackend } from './namespace-state.js'
import { DEFAULT_NAMESPACE, fixtureAccountsOf } from './namespace-state.js'

export interface MemoryStateOptions {
  maxCredentials: number
  maxAccounts: number
  journalSize: number
  /** Namespaces held at once besides `default`; a new one past it is refused until one is reset. */
  maxNamespaces: number
  /** The default namespace's credential store, when the caller brings one (EngineOptions.store). */
  store?: CredentialStore | undefined
}

/**
 * The state of every namespace in this process: the default backend, and
 * the one the MSW handlers use. Synchronous under its Awaitable interface.
 *
 * @example const backend = createMemoryState(model, { maxCredentials: 100_000, maxAccounts: 10_000, journalSize: 500, maxNamespaces: 100 })
 */
export function createMemoryState(model: SpecModel, options: MemoryStateOptions): StateBackend & { store(namespace: string): CredentialStore } {
  /** API name -> its fixture accounts now; `useFixtures` swaps it whole (serve --watch). */
  let fixtures = fixtureAccountsOf(model)
  const namespaces = new Map<string, NamespaceState & { store: CredentialStore }>()
  /** Past the bound a new name gets this: its begin refuses, so no request or control call gets further (nothing allocated). */
  const full: NamespaceState = {
    begin: () => ({ ok: false, count: namespaces.size - 1 }),
    get credentials(): never { throw new Error('namespace refused: past --max-namespaces') },
    accounts(): never { throw new Error('namespace refused: past --max-namespaces') },
    get switches(): never { throw new Error('namespace refused: past --max-namespaces') },
    get journal(): never { throw new Error('namespace refused: past --max-namespaces') },
    offset: () => 0,
    setOffset() {},
    reset() {},
  }
  function namespace(name: string): NamespaceState & { store?: CredentialStore } {
    const found = namespaces.get(name)
    if (found) return found
    // The default namespace is always there and not counted.
    if (namespaces.size - 1 >= options.maxNamespaces && name !== DEFAULT_NAMESPACE) return full
    const created = createMemoryNamespace(() => fixtures, options, name === DEFAULT_NAMESPACE ? options.store : undefined, () => {
      // The default namespace always holds its place; any other frees it, and its memory.
      if (name !== DEFAULT_NAMESPACE) namespaces.delete(name)
    })
    namespaces.set(name, created)
    return created
  }
  namespace(DEFAULT_NAMESPACE)
  return {
    namespace,
    store: (name) => (namespaces.get(name) ?? (namespace(name) as { store: CredentialStore })).store,
    familyPrefix: '',
    useFixtures(next) {
      fixtures = fixtureAccountsOf(next)
    },
    close: async () => {},
  }
}

function createMemoryNamespace(fixtures: () => FixtureAccounts, options: MemoryStateOptions, given: CredentialStore | undefined, release: () => void): NamespaceState & { store: CredentialStore } {
  const store = given ?? createMemoryStore({ maxCredentials: options.maxCredentials })
  /** Made on an API's first use: an API that a reload added gets its table then. */
  const tables = new Map<string, AccountTable & { registry: AccountRegistry }>()
  function table(api: string): AccountTable & { registry: AccountRegistry } {
    let found = tables.get(api)
    if (found) return found
    if (!fixtures().has(api)) throw new Error(`no API ${api} in the model`)
    const registry = createAccountRegistry(() => fixtures().get(api) ?? [], { maxAccounts: options.maxAccounts })
    found = {
      registry,
      byId: (id) => registry.byId(id),
      match: (fields, values) => registry.match(fields, values),
      nextNumber: (field) => registry.nextNumber(field),
      register(fields, unique) {
        if (unique !== undefined && registry.match([unique], [fields[unique]])) return undefined
        return registry.register(fields)
      },
    }
    tables.set(api, found)
    return found
  }
  const journal = createJournal(options.journalSize)
  let armed: ArmedScenario[] = []
  let nextSwitch = 1
  let offset = 0

  /** The newest switch for the operation answers; when its `times` run out, an older one applies again. */
  function take(operationId: string): ArmedScenario | undefined {
    for (let i = armed.length - 1; i >= 0; i--) {
      const view = armed[i] as ArmedScenario
      if (view.operation !== operationId) continue
      const taken = { ...view }
      if (view.remaining !== null && --view.remaining <= 0) armed.splice(i, 1)
      return taken
    }
    return undefined
  }

  return {
    store,
    begin(operationId, read) {
      return {
        ok: true,
        offset,
        taken: operationId === undefined || armed.length === 0 ? undefined : take(operationId),
        credential: read && store.get(read.api, read.value),
      }
    },
    credentials: {
      putAll(credentials) {
        for (const credential of credentials) store.put(credential)
      },
      get: (api, value) => store.get(api, value),
      revokeFamily: (api, family, at) => store.revokeFamily(api, family, at),
      revokeSubject: (api, subject, at) => store.revokeSubject(api, subject, at),
      expire: (at) => store.expire(at),
      live: (now) => store.live(now),
    },
    accounts: table,
    switches: {
      add(views) {
        const added = views.map((view) => ({ id: nextSwitch++, ...view }))
        armed.push(...added.map((view) => ({ ...view })))
        return added
      },
      list: () => armed.map((view) => ({ ...view })),
      clear(operation) {
        const before = armed.length
        armed = operation === undefined ? [] : armed.filter((view) => view.operation !== operation)
        return before - armed.length
      },
    },
    journal: {
      add: (at, api, request, response, durationMs) => journal.add(at, api, request, response, durationMs),
      list: (filter) => journal.list(filter),
    },
    offset: () => offset,
    setOffset(ms) {
      offset = ms
    },
    reset() {
      store.clear()
      for (const { registry } of tables.values()) registry.clear()
      journal.clear()
      armed = []
      offset = 0
      release()
    },
  }
}
