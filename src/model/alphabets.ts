/**
 * The characters behind each `alphabet` name a credential may declare in
 * x-authmock (x-authmock-schema.ts lists the same names). The model resolves
 * the name once; the engine's `createRandom` only ever sees the characters.
 */
export const ALPHABETS: Record<string, string> = {
  hex: '0123456789abcdef',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  'lower-alnum': 'abcdefghijklmnopqrstuvwxyz0123456789',
}
