/**
 * The characters behind each `alphabet` name a credential may declare in
 * x-authmock (typed by x-authmock-schema.ts, so a name added there fails
 * the compile until it has its characters here). The model resolves
 * the name once; the engine's `createRandom` only ever sees the characters.
 */
import type { RootDeclaration } from './x-authmock-schema.js'

type AlphabetName = NonNullable<RootDeclaration['credentials']>[string]['alphabet']

export const ALPHABETS: Record<AlphabetName, string> = {
  hex: '0123456789abcdef',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  'lower-alnum': 'abcdefghijklmnopqrstuvwxyz0123456789',
}
