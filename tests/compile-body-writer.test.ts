import t from 'tap'
import { compileBodyWriter } from '../src/model/compile-body-writer.js'
import { renderRecipe } from '../src/core/render-recipe.js'
import type { Recipe } from '../src/model/spec-model.js'
import { loadModel } from '../src/spec/load-model.js'

/** Every recipe object reachable from the model (operations, security failures, scenarios). */
function recipesIn(value: unknown, found = new Set<Recipe>(), seen = new Set<unknown>()): Set<Recipe> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found
  seen.add(value)
  if ('status' in value && 'set' in value && 'headers' in value && 'cookies' in value) found.add(value as Recipe)
  for (const child of value instanceof Map ? value.values() : Object.values(value)) recipesIn(child, found, seen)
  return found
}

const contexts = [
  { label: 'tokens and an account', context: { body: {}, query: {}, params: {}, credentials: { access: { value: 'A', expires: 7, ttl: 9 }, refresh: { value: 'R', expires: 8 }, token: { value: 'T', expires: null } }, account: { profile: { email: 'e@x', first_name: 'F', user_id: 3 }, username: 'u', email: 'e@x' } } },
  { label: 'nothing live', context: { body: {}, query: {}, params: {}, credentials: {} } },
  { label: 'a profile that replaces the objects the tokens go into', context: { body: {}, query: {}, params: {}, credentials: { access: { value: 'A', expires: 1 } }, account: { profile: { access_token: { other: true }, refresh_token: null, email: undefined } } } },
]

t.test('the compiled writer gives exactly what the general path gives, for every recipe in the specs', async (t) => {
  const model = await loadModel({})
  const recipes = [...recipesIn(model)]
  const live = recipes.filter((r) => r.writeBody !== undefined)
  t.ok(live.length >= 10, `${live.length} of ${recipes.length} recipes have a compiled writer`)
  for (const recipe of live) {
    for (const { label, context } of contexts) {
      const compiled = renderRecipe(recipe, context).body
      const general = renderRecipe({ ...recipe, writeBody: undefined }, context).body
      t.equal(compiled, general, `${recipe.example} (${recipe.status}), ${label}`)
    }
  }
})

t.test('recipes of other shapes are left to the general path', async (t) => {
  t.equal(compileBodyWriter([1, 2], undefined, [['/0', '{x}']]), undefined, 'an array body')
  t.equal(compileBodyWriter({ a: 1 }, undefined, [['/b', '{x}']]), undefined, 'a key the example does not have')
  t.equal(compileBodyWriter({ a: [1] }, undefined, [['/a/0', '{x}']]), undefined, 'through an array')
  t.equal(compileBodyWriter({ a: 1 }, undefined, [['', '{x}']]), undefined, 'the whole document')
  t.equal(compileBodyWriter({ a: { b: 1 } }, undefined, [['/a', '{x}'], ['/a/b', '{y}']]), undefined, 'a key and a key below it')
  const writer = compileBodyWriter({ 'a/b': { '~c': 1 }, d: 2 }, undefined, [['/a~1b/~0c', '{x}']])
  t.equal(writer?.({ x: 'v' }), '{"a/b":{"~c":"v"},"d":2}', 'escaped pointers')
})
