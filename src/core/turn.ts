import type { NamespaceState } from './namespace-state.js'

/** One request's hold on the state: its namespace and the mock's time when it began (the clock with the namespace's offset). */
export interface Turn {
  state: NamespaceState
  namespace: string
  now: number
}
