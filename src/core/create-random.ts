/** A source of credential values. */
export interface Random {
  /** A string of `length` characters drawn from `alphabet`. */
  token(alphabet: string, length: number): string
}

export const ALPHABETS: Record<string, string> = {
  hex: '0123456789abcdef',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  'lower-alnum': 'abcdefghijklmnopqrstuvwxyz0123456789',
}

/**
 * Seeded: sfc32, a small fast PRNG, so `--seed` makes every issued token
 * reproducible across runs and across the server and MSW. Unseeded: Web Crypto
 * (in Node 20 and every browser as `globalThis.crypto`), because real-looking
 * tokens should not be guessable even in a mock.
 *
 * @example createRandom(42).token(ALPHABETS.hex, 40)
 */
export function createRandom(seed?: number): Random {
  const next = seed === undefined ? cryptoBytes() : sfc32(seed)
  // Character codes into a buffer, then one string: about twice as fast as
  // growing a string a character at a time, and tokens are made on every login.
  let codes = new Uint16Array(64)
  const tables = new Map<string, Uint16Array>()
  return {
    token(alphabet, length) {
      let table = tables.get(alphabet)
      if (!table) {
        table = Uint16Array.from(alphabet, (c) => c.charCodeAt(0))
        tables.set(alphabet, table)
      }
      if (codes.length < length) codes = new Uint16Array(length)
      for (let i = 0; i < length; i++) codes[i] = table[next() % table.length] as number
      return String.fromCharCode(...codes.subarray(0, length))
    },
  }
}

function cryptoBytes(): () => number {
  // 16 KiB of randomness per refill: a login draws about 100 values, so a refill every ~160 logins.
  const buffer = new Uint32Array(4096)
  let index = buffer.length
  return () => {
    if (index === buffer.length) {
      globalThis.crypto.getRandomValues(buffer)
      index = 0
    }
    return buffer[index++] as number
  }
}

function sfc32(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0
  const step = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    const t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    const out = (t + d) | 0
    c = (c + out) | 0
    return out >>> 0
  }
  for (let i = 0; i < 15; i++) step()
  return step
}
