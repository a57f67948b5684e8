/**
 * The control page at GET /__mock/: one self-contained HTML file (no
 * framework, no build) over the JSON control API. It polls once a second,
 * which is plenty for a person watching, and costs the mock nothing.
 */
export const CONTROL_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>authmock control</title>
<style>
  :root { font: 14px/1.4 system-ui, sans-serif; color: #1d232a; }
  body { margin: 0; background: #f5f6f8; }
  header { background: #1d232a; color: #fff; padding: .7rem 1.2rem; display: flex; gap: 1.5rem; align-items: center; }
  header h1 { font-size: 1.1rem; margin: 0; }
  main { display: grid; grid-template-columns: minmax(22rem, 1fr) minmax(28rem, 1.4fr); gap: 1rem; padding: 1rem 1.2rem; }
  section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: .8rem 1rem; }
  h2 { font-size: 1rem; margin: 0 0 .6rem; }
  h3 { font-size: .9rem; margin: .8rem 0 .3rem; color: #4b5563; }
  table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
  td, th { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #eef0f3; vertical-align: top; }
  button { font: inherit; font-size: 12.5px; padding: .2rem .55rem; border: 1px solid #b8c0ca; border-radius: 4px; background: #fff; cursor: pointer; }
  button:hover { background: #eef2f7; }
  button.danger { border-color: #d9534f; color: #b52b27; }
  .scenario { display: grid; grid-template-columns: 1fr auto; gap: .2rem .6rem; padding: .35rem 0; border-bottom: 1px dashed #e5e7eb; }
  .scenario small { color: #6b7280; display: block; }
  .active { background: #fff7e0; border: 1px solid #f0c36d; border-radius: 4px; padding: .3rem .5rem; margin: .2rem 0; display: flex; justify-content: space-between; gap: .5rem; }
  .status-2 { color: #137333; } .status-3 { color: #1a5fb4; } .status-4 { color: #b06000; } .status-5 { color: #b52b27; }
  code, pre { font: 12px ui-monospace, monospace; }
  pre { background: #f6f8fa; padding: .5rem; overflow: auto; max-height: 16rem; margin: .3rem 0; }
  tr.entry { cursor: pointer; }
  #clock-now { font: 13px ui-monospace, monospace; }
  .muted { color: #6b7280; }
</style>
</head>
<body>
<header>
  <h1>authmock control</h1>
  <span>mock time <span id="clock-now">...</span></span>
  <button id="reset" class="danger">Reset everything</button>
</header>
<main>
  <div>
    <section>
      <h2>Scenarios</h2>
      <p class="muted">A switch makes the next real request of that operation answer the documented error; your client needs no change.</p>
      <div id="active"></div>
      <div id="scenarios"></div>
    </section>
    <section style="margin-top:1rem">
      <h2>Clock and tokens</h2>
      <button data-advance="1h">+1 h</button>
      <button data-advance="10h">+10 h</button>
      <button data-advance="25h">+25 h</button>
      <button data-advance="15d">+15 d</button>
      <button id="expire-all" class="danger">Expire all tokens</button>
      <h3>Live sessions and tokens</h3>
      <table><thead><tr><th>API</th><th>kind</th><th>value</th><th>account</th><th>expires</th></tr></thead><tbody id="sessions"></tbody></table>
    </section>
  </div>
  <section>
    <h2>Requests <span class="muted">(newest first, secrets redacted; click a row)</span></h2>
    <table><thead><tr><th>time</th><th>request</th><th>status</th><th>operation</th><th>shaped by</th></tr></thead><tbody id="requests"></tbody></table>
  </section>
</main>
<script>
// A server started with --control-token answers 401 until the page sends it: asked once, kept for this tab only.
const TOKEN_KEY = 'authmock-control-token'
const api = async (method, path, body, asked = false) => {
  const headers = body ? { 'content-type': 'application/json' } : {}
  const token = sessionStorage.getItem(TOKEN_KEY)
  if (token) headers.authorization = 'Bearer ' + token
  const res = await fetch('/__mock/' + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const data = await res.json().catch(() => ({}))
  if (res.status === 401 && !asked) {
    const entered = prompt('This authmock needs its control token (--control-token):')
    if (entered) { sessionStorage.setItem(TOKEN_KEY, entered); return api(method, path, body, true) }
  }
  if (!res.ok) alert(data.detail || res.status)
  return data
}
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v)
  for (const child of children) node.append(child)
  return node
}
const expanded = new Set()

async function renderScenarios() {
  const { catalog, active } = await api('GET', 'scenarios')
  const box = document.getElementById('scenarios')
  box.replaceChildren()
  let lastApi = ''
  for (const s of catalog) {
    if (s.api !== lastApi) { box.append(el('h3', {}, s.api)); lastApi = s.api }
    box.append(el('div', { class: 'scenario', 'data-scenario': s.api + '/' + s.name },
      el('div', {}, el('strong', {}, s.name), el('small', {}, s.description + ' (' + s.operations.join(', ') + ')')),
      el('div', {},
        el('button', { 'data-next': s.api + '/' + s.name, onclick: () => arm(s, 1) }, 'next call'),
        ' ',
        el('button', { onclick: () => arm(s) }, 'until cleared'))))
  }
  renderActive(active)
}
async function arm(s, times) {
  for (const operation of s.operations) await api('POST', 'scenarios', { operation, scenario: s.name, ...(times ? { times } : {}) })
  refresh()
}
function renderActive(active) {
  const box = document.getElementById('active')
  box.replaceChildren(...active.map((a) => el('div', { class: 'active', 'data-active': a.operation },
    el('span', {}, a.operation + ' -> ' + (a.scenario || [a.status, a.example, a.fault, a.delayMs !== undefined ? a.delayMs + 'ms' : ''].filter(Boolean).join(' ')) + ' (' + (a.remaining === null ? 'until cleared' : a.remaining + ' left') + ')'),
    el('button', { onclick: async () => { await api('DELETE', 'scenarios?operation=' + encodeURIComponent(a.operation)); refresh() } }, 'clear'))))
}
async function refresh() {
  const [{ now }, { active }, { sessions }, { requests }] = await Promise.all([api('GET', 'clock'), api('GET', 'scenarios'), api('GET', 'sessions'), api('GET', 'requests?limit=50')])
  document.getElementById('clock-now').textContent = now
  renderActive(active)
  document.getElementById('sessions').replaceChildren(...sessions.map((s) => el('tr', {}, el('td', {}, s.api), el('td', {}, s.kind), el('td', {}, el('code', {}, s.value)), el('td', {}, s.account || ''), el('td', {}, s.expiresAt || 'never'))))
  const rows = []
  for (const r of requests.slice().reverse()) {
    rows.push(el('tr', { class: 'entry', 'data-request': r.id, onclick: () => { expanded.has(r.id) ? expanded.delete(r.id) : expanded.add(r.id); refresh() } },
      el('td', {}, r.at.slice(11, 19)), el('td', {}, el('code', {}, r.method + ' ' + r.path)),
      el('td', { class: 'status-' + String(r.status)[0] }, String(r.status)), el('td', {}, r.operationId || ''), el('td', {}, r.shapedBy || '')))
    if (expanded.has(r.id)) rows.push(el('tr', {}, el('td', { colspan: 5 }, el('pre', {}, JSON.stringify({ query: r.query, headers: r.headers, body: r.body, responseHeaders: r.responseHeaders, responseBody: r.responseBody }, null, 2)))))
  }
  document.getElementById('requests').replaceChildren(...rows)
}
document.querySelectorAll('[data-advance]').forEach((b) => b.addEventListener('click', async () => { await api('POST', 'clock', { advance: b.dataset.advance }); refresh() }))
document.getElementById('expire-all').addEventListener('click', async () => { await api('POST', 'sessions/expire'); refresh() })
document.getElementById('reset').addEventListener('click', async () => { await api('POST', 'reset'); refresh() })
renderScenarios().then(refresh).then(() => { document.body.dataset.ready = 'true' })
setInterval(refresh, 1000)
</script>
</body>
</html>
`
