import { readFileSync } from 'node:fs'
import t from 'tap'
import { ACTION_NEEDS, operationExtensionSchema, recipeSchema, rootExtensionSchema, schemeExtensionSchema } from '../src/model/x-authmock-schema.js'

// docs/spec-extensions.md stays the human reference (examples, the why); the
// schema in src/model/x-authmock-schema.ts is the source. These tests fail when
// the schema has a key the page does not document where that key may stand.

/** The page's sections: "## Operations" -> its text up to the next "## " heading (its "### " ones included). */
function sections(): Map<string, string> {
  const out = new Map<string, string>()
  let heading = ''
  for (const line of readFileSync('docs/spec-extensions.md', 'utf8').split('\n')) {
    if (line.startsWith('## ')) heading = line.slice(3)
    out.set(heading, `${out.get(heading) ?? ''}${line}\n`)
  }
  return out
}

function section(title: string): string {
  const found = [...sections()].find(([heading]) => heading.startsWith(title))
  if (!found) throw new Error(`docs/spec-extensions.md has no "## ${title}" section`)
  return found[1]
}

type Schema = { properties?: Record<string, unknown>; additionalProperties?: unknown; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] }

/** Every property name a schema declares, nested ones too; a recipe inside another place is the Recipes section's. */
function keysOf(schema: unknown, out = new Set<string>(), top = schema): Set<string> {
  if (schema === null || typeof schema !== 'object' || (schema === recipeSchema && top !== recipeSchema)) return out
  const s = schema as Schema
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    out.add(key)
    keysOf(child, out, top)
  }
  for (const child of [s.additionalProperties, s.items, ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) keysOf(child, out, top)
  return out
}

/** A key is documented when the section writes it as YAML (`key:`) or names it in code (`` `key` ``). */
function undocumented(keys: Iterable<string>, text: string): string[] {
  const escape = (key: string): string => key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')
  return [...keys].filter((key) => !new RegExp(`(^|[\\s{,])${escape(key)}:|\`${escape(key)}\``, 'm').test(text))
}

t.test('every x-authmock key is documented in the section of the place it stands', async (t) => {
  const places: Array<[string, unknown]> = [
    ['Recipes', recipeSchema],
    ['Document root', rootExtensionSchema],
    ['Security schemes', schemeExtensionSchema],
    ['Operations', operationExtensionSchema],
  ]
  for (const [title, schema] of places) {
    const keys = keysOf(schema)
    t.ok(keys.size > 3, `${title}: the schema's keys were found (${[...keys].join(', ')})`)
    t.same(undocumented(keys, section(title)), [], `${title}: every key of the schema is on the page`)
  }
})

t.test('every action is described, with what it needs declared', async (t) => {
  const operations = section('Operations')
  for (const [action, needs] of Object.entries(ACTION_NEEDS)) {
    const line = new RegExp(`^- \`${action}\`:`, 'm')
    t.match(operations, line, `the Actions list describes ${action}`)
    for (const need of needs) {
      // The YAML block's comment on each key names the actions that use it ("# login / revoke-account: ...").
      const comment = new RegExp(`^\\s+${need}:[^#\\n]*#[^\\n]*\\b${action}\\b`, 'm')
      t.match(operations, comment, `the comment on \`${need}\` names ${action}, which needs it`)
    }
  }
})

t.test('a key missing from the page is reported', async (t) => {
  const fake = { type: 'object', properties: { respond: {}, nested: { type: 'object', properties: { deepKey: {} } } } }
  t.same(undocumented(keysOf(fake), 'respond: { example: ok }\nthe `nested` object\n'), ['deepKey'])
  t.same(undocumented(['idField'], 'idFields: x'), ['idField'], 'a longer name does not count')
})
