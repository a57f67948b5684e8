import t from 'tap'
import { buildTestApp, HOUR, post } from './helpers.js'

const ONE = { username: 'seller-one', password: 'seller-one-pass' }
const TWO = { username: 'seller-two', password: 'seller-two-pass' }
interface Product { sku: string; publishedStatus: string }

t.test('Unicommerce /authToken + apiKey', async (t) => {
  const { call, clock } = await buildTestApp(t, { apis: ['unicommerce'] })
  const token = async (seller: typeof ONE): Promise<string> => {
    const res = await call(post('/authToken', seller))
    t.match(res.body, { status: 'SUCCESS', accessToken: /^[A-Za-z0-9]{25}$/ })
    return (res.body as { accessToken: string }).accessToken
  }
  const products = async (apiKey: string, query = '') =>
    call({ method: 'GET', url: `/products${query}`, headers: { apiKey } })

  t.test('each seller sees only its own catalogue', async (t) => {
    const one = (await products(await token(ONE))).body as { products: Product[] }
    const two = (await products(await token(TWO))).body as { products: Product[] }
    t.ok(one.products.length >= 5)
    t.ok(two.products.length >= 5)
    const skusOne = new Set(one.products.map((p) => p.sku))
    t.ok(two.products.every((p) => !skusOne.has(p.sku)), 'disjoint')
  })

  t.test('filters and counts', async (t) => {
    const key = await token(ONE)
    const all = ((await products(key, '?pageSize=100')).body as { products: Product[] }).products
    const published = ((await products(key, '?publishedStatus=PUBLISHED&pageSize=100')).body as { products: Product[] }).products
    t.ok(published.length > 0 && published.length < all.length)
    t.ok(published.every((p) => p.publishedStatus === 'PUBLISHED'))
    const count = await call({ method: 'GET', url: '/productsCount?publishedStatus=PUBLISHED', headers: { apikey: key } })
    t.same(count.body, { count: published.length })
    const picked = [all[0]?.sku, all[1]?.sku].join(',')
    const bySku = ((await products(key, `?skus=${picked}`)).body as { products: Product[] }).products
    t.same(bySku.map((p) => p.sku), [all[0]?.sku, all[1]?.sku])
    const page2 = ((await products(key, '?pageNumber=2&pageSize=2')).body as { products: Product[] }).products
    t.same(page2.map((p) => p.sku), all.slice(2, 4).map((p) => p.sku))
  })

  t.test('a bad, missing or expired apiKey gets 401 Invalid User/Token', async (t) => {
    const key = await token(ONE)
    t.same((await products('bogus')).body, { message: 'Invalid User/Token' })
    const none = await call({ method: 'GET', url: '/productsCount' })
    t.equal(none.status, 401)
    clock.advance(24 * HOUR + 1000)
    const expired = await products(key)
    t.equal(expired.status, 401, 'tokens live 24 h by default')
  })

  t.test('credentials: INVALID_CREDENTIALS with 200, FAILED for GET, 400 for missing fields', async (t) => {
    const bad = await call(post('/authToken', { ...ONE, password: 'x' }))
    t.equal(bad.status, 200)
    t.same(bad.body, { status: 'INVALID_CREDENTIALS' })
    const viaGet = await call({ method: 'GET', url: '/authToken?username=seller-two&password=seller-two-pass' })
    t.match(viaGet.body, { status: 'SUCCESS' })
    const getBad = await call({ method: 'GET', url: '/authToken?username=seller-two&password=x' })
    t.same(getBad.body, { status: 'FAILED' })
    const missing = await call(post('/authToken', { username: 'seller-one' }))
    t.equal(missing.status, 400)
    t.match(missing.body, { status: 'FAILED', message: /password/ })
  })
})

t.test('INVALID_CREDENTIALS can be configured to answer 401', async (t) => {
  const { call } = await buildTestApp(t, { apis: ['unicommerce'], statusOverrides: { 'unicommerce:invalid-credentials': 401 } })
  const bad = await call(post('/authToken', { ...ONE, password: 'x' }))
  t.equal(bad.status, 401)
  t.same(bad.body, { status: 'INVALID_CREDENTIALS' })
})
