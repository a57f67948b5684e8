import t from 'tap'
import * as authmock from '../src/index.js'

t.test('the package entry exports the programmatic API', async (t) => {
  for (const name of ['buildApp', 'listen', 'createEngine', 'createManualClock', 'buildModel', 'loadSources', 'createMemoryStore', 'createAjvValidators', 'verifyServer', 'createProxy', 'formatPretty', 'formatTap', 'formatJunit']) {
    t.type((authmock as Record<string, unknown>)[name], 'function', name)
  }
  const clock = authmock.createManualClock(0)
  const app = await authmock.buildApp({ apis: ['nwapp'], clock })
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/public/profile' })).statusCode, 401)
})
