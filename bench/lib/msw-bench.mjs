// @ts-check
// MSW in Node: requests/s through setupServer + fetch, authmock's handlers
// (createHandlers, from the built dist) against a static MSW handler that returns
// the same documented JSON. Prints one JSON line; { na } when the adapter or msw
// is not there yet.
//
// Usage: node bench/lib/msw-bench.mjs '{"distDir":"/abs/dist","routes":"/abs/routes.json","duration":3,"rounds":3,"concurrency":10}'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { LOGIN, PROFILE, VALID_LOGIN } from './scenarios.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const job = JSON.parse(process.argv[2] ?? '{}')
/** Prints the result and exits: `never`, so the code after a failed import knows it has the modules. */
/** @type {(result: unknown) => never} */
const done = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`)
  return process.exit(0)
}

let createHandlers, http, HttpResponse, setupServer
try {
  ({ createHandlers } = await import(pathToFileURL(join(job.distDir, 'src', 'msw', 'index.js')).href))
  if (typeof createHandlers !== 'function') throw new Error('no createHandlers export')
} catch (error) {
  const e = /** @type {NodeJS.ErrnoException} */ (error)
  done({ na: `not built yet (${e.code ?? e.message})` })
}
try {
  ({ http, HttpResponse } = await import('msw'))
  ;({ setupServer } = await import('msw/node'))
} catch (error) {
  const e = /** @type {NodeJS.ErrnoException} */ (error)
  done({ na: `msw not installed (${e.code ?? e.message})` })
}

const BASE = 'http://api.test'
const routes = JSON.parse(readFileSync(job.routes ?? join(here, '..', 'reference', 'routes.json'), 'utf8'))
const exampleOf = (operationId) => routes.find((r) => r.operationId === operationId).success.body
const loginJson = exampleOf('nwappLogin')
const profileJson = exampleOf('nwappProfile')

const variants = {
  static: () => [
    http.post(`${BASE}${LOGIN}`, () => HttpResponse.json(loginJson)),
    http.get(`${BASE}${PROFILE}`, () => HttpResponse.json(profileJson)),
  ],
  authmock: () => createHandlers({ baseUrl: BASE }),
}

const scenarios = {
  'login-valid': () => ({ url: `${BASE}${LOGIN}`, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: VALID_LOGIN } }),
  'profile-token': (token) => ({ url: `${BASE}${PROFILE}`, init: { headers: { authorization: `Bearer ${token}` } } }),
}

const server = setupServer()
server.listen({ onUnhandledRequest: 'error' })

async function measure(variant, scenario, seconds) {
  server.resetHandlers(...variants[variant]())
  const login = await globalThis.fetch(`${BASE}${LOGIN}`, scenarios['login-valid']().init)
  if (login.status !== 200) throw new Error(`${variant}: login answered ${login.status}`)
  const token = (await login.json()).access_token.token
  const { url, init } = scenarios[scenario](token)
  let count = 0
  let wrong = 0
  const deadline = performance.now() + seconds * 1000
  const t0 = performance.now()
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = await globalThis.fetch(url, init)
      await res.text()
      if (res.status !== 200) wrong++
      count++
    }
  }
  await Promise.all(Array.from({ length: job.concurrency ?? 10 }, worker))
  const elapsed = (performance.now() - t0) / 1000
  if (wrong > 0) throw new Error(`${variant} ${scenario}: ${wrong} of ${count} answers were not 200`)
  return count / elapsed
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
const result = {}
try {
  for (const scenario of Object.keys(scenarios)) {
    for (const variant of Object.keys(variants)) await measure(variant, scenario, Math.min(1, job.duration ?? 3) / 2) // warm-up
    const samples = { static: [], authmock: [] }
    for (let round = 0; round < (job.rounds ?? 3); round++) {
      const order = round % 2 === 0 ? ['static', 'authmock'] : ['authmock', 'static']
      for (const variant of order) samples[variant].push(await measure(variant, scenario, job.duration ?? 3))
    }
    result[scenario] = {
      staticRps: median(samples.static),
      authmockRps: median(samples.authmock),
      ratio: median(samples.authmock) / median(samples.static),
      samples,
    }
  }
} catch (error) {
  server.close()
  done({ na: `failed: ${/** @type {NodeJS.ErrnoException} */ (error).message}` })
}
server.close()
done(result)
