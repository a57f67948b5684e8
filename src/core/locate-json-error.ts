/** Where a JSON text first departs from RFC 8259. */
export interface JsonErrorPosition {
  /** UTF-16 offset. */
  offset: number
  /** 1-based. */
  line: number
  /** 1-based, in UTF-16 units. */
  column: number
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/**
 * The position of the first syntax error in a JSON text, or undefined when
 * JSON.parse would accept it. Why not JSON.parse's message: V8 quotes the
 * text around the error ('Unexpected token 'p', "password: hunter2" is not
 * valid JSON'), and a file or body that failed to parse may hold a secret; the
 * position says where to look without repeating any of it. Iterative, so a
 * deeply nested text cannot overflow the stack.
 *
 * @example locateJsonError('{"a": 1,}') // { offset: 8, line: 1, column: 9 }
 */
export function locateJsonError(text: string): JsonErrorPosition | undefined {
  const stack: string[] = []
  let i = 0
  let expect: 'value' | 'key' | 'after' = 'value'
  const skip = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  /** Reads a string at `i` (on its opening quote); false where it breaks. */
  const string = (): boolean => {
    i++
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === 0x22) {
        i++
        return true
      }
      if (code < 0x20) return false
      if (code === 0x5c) {
        const next = text[i + 1] ?? ''
        if (ESCAPES.has(next)) i += 2
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else return false
      } else i++
    }
    return false
  }
  for (;;) {
    skip()
    const ch = text[i]
    if (expect === 'value') {
      if (ch === '{' || ch === '[') {
        stack.push(ch)
        i++
        skip()
        if (text[i] === (ch === '{' ? '}' : ']')) {
          stack.pop()
          i++
          expect = 'after'
        } else expect = ch === '{' ? 'key' : 'value'
        continue
      }
      if (ch === '"') {
        if (!string()) return at(text, i)
        expect = 'after'
        continue
      }
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i))
      if (literal !== undefined) {
        i += literal.length
        expect = 'after'
        continue
      }
      NUMBER.lastIndex = i
      if (ch !== undefined && NUMBER.test(text)) {
        i = NUMBER.lastIndex
        expect = 'after'
        continue
      }
      return at(text, i)
    }
    if (expect === 'key') {
      if (ch !== '"' || !string()) return at(text, i)
      skip()
      if (text[i] !== ':') return at(text, i)
      i++
      expect = 'value'
      continue
    }
    const top = stack.at(-1)
    if (top === undefined) return i < text.length ? at(text, i) : undefined
    if (ch === ',') {
      i++
      expect = top === '{' ? 'key' : 'value'
      if (expect === 'key') skip()
    } else if (ch === (top === '{' ? '}' : ']')) {
      stack.pop()
      i++
    } else return at(text, i)
  }
}

function at(text: string, offset: number): JsonErrorPosition {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { offset, line, column: offset - lineStart + 1 }
}

/**
 * A JSON syntax error in words, by position only.
 *
 * @example describeJsonError('{"a": }') // 'not valid JSON (line 1, column 7)'
 */
export function describeJsonError(text: string): string {
  const position = locateJsonError(text)
  return position === undefined ? 'valid JSON' : `not valid JSON (line ${position.line}, column ${position.column})`
}
