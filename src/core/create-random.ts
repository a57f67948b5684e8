/** A source of credential values. */
export interface Random {
  /** A string of `length` characters drawn from `alphabet`. */
  token(alphabet: string, length: number): string
}

/**
 * Seeded: sfc32, a small fast PRNG, so `--seed` makes every issued token
 * reproducible across runs and across the server and MSW. Unseeded: Web Crypto
 * (in Node 20 and every browser as `globalThis.crypto`), because real-looking
 * tokens should not be guessable even in a mock.
 *
 * @example createRandom(42).token('0123456789abcdef', 40)
 */
export function createRandom(seed?: number): Random {
  const nextByte = seed === undefined ? cryptoBytes() : seededBytes(seed)
  // Character codes into a reused array, then one string: no per-character
  // string, and tokens are made on every login. Alphabets come from the
  // specs, so there are few; each is turned into a code table once.
  const codes: number[] = []
  const tables = new Map<string, { codes: number[]; limit: number }>()
  return {
    token(alphabet, length) {
      let table = tables.get(alphabet)
      if (!table) {
        const alphabetCodes = Array.from(alphabet, (c) => c.charCodeAt(0))
        // Bytes at or past the last whole multiple of the alphabet's size are
        // redrawn, so every character is equally likely (no modulo bias).
        table = { codes: alphabetCodes, limit: 256 - (256 % alphabetCodes.length) }
        tables.set(alphabet, table)
      }
      codes.length = length
      const size = table.codes.length
      for (let i = 0; i < length;) {
        const byte = nextByte()
        if (byte < table.limit) codes[i++] = table.codes[byte % size] as number
      }
      return String.fromCharCode.apply(null, codes)
    },
  }
}

function cryptoBytes(): () => number {
  // 16 KiB of randomness per refill: a login draws about 70 bytes, so a refill every ~230 logins.
  const buffer = new Uint8Array(16384)
  let index = buffer.length
  return () => {
    if (index === buffer.length) {
      globalThis.crypto.getRandomValues(buffer)
      index = 0
    }
    return buffer[index++] as number
  }
}

function seededBytes(seed: number): () => number {
  const next = sfc32(seed)
  let word = 0
  let left = 0
  return () => {
    if (left === 0) {
      word = next()
      left = 4
    }
    const byte = word & 0xff
    word >>>= 8
    left--
    return byte
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
