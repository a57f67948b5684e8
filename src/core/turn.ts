import type { Credential } from '../store/credential-store.js'
import type { NamespaceState } from './namespace-state.js'

/** One request's hold on the state: its namespace and the mock's time when it began (the clock with the namespace's offset). */
export interface Turn {
  state: NamespaceState
  namespace: string
  now: number
  /** The credentials the request presents for the operation's schemes (presentedCredentials), found once per request. */
  presented: ReadonlyArray<{ kind: string; value: string }>
  /** The credential the request presents, read by `begin` along with the rest (the lookup then needs no store call). */
  read?: { value: string; credential: Credential | undefined } | undefined
}
