// The control page's script (bundled into index.html by scripts/bundle-control-page.ts).
// No framework: it polls the JSON control API once a second, which is plenty
// for a person watching and costs the mock nothing.
import type { ArmedScenario, ScenarioInfo, SessionView } from '../../core/create-controls.js'
import type { JournalEntry } from '../../core/create-journal.js'
import { callControl } from './call-control.js'
import { downloadHar, HAR_URL } from './download-har.js'
import { el } from './el.js'

/** Journal rows opened by a click, kept across refreshes. */
const expanded = new Set<number>()

function byId(id: string): HTMLElement {
  const node = document.getElementById(id)
  if (!node) throw new Error(`the control page has no #${id}`)
  return node
}

async function renderScenarios(): Promise<void> {
  const { catalog, active } = await callControl<{ catalog: ScenarioInfo[]; active: ArmedScenario[] }>('GET', 'scenarios')
  const box = byId('scenarios')
  box.replaceChildren()
  let lastApi = ''
  for (const s of catalog) {
    if (s.api !== lastApi) {
      box.append(el('h3', {}, s.api))
      lastApi = s.api
    }
    box.append(el('div', { class: 'scenario', 'data-scenario': `${s.api}/${s.name}` },
      el('div', {}, el('strong', {}, s.name), el('small', {}, `${s.description} (${s.operations.join(', ')})`)),
      el('div', {},
        el('button', { 'data-next': `${s.api}/${s.name}`, onclick: () => arm(s, 1) }, 'next call'),
        ' ',
        el('button', { onclick: () => arm(s) }, 'until cleared'))))
  }
  renderActive(active)
}

/** Arms every operation the scenario names, for `times` calls or until cleared. */
async function arm(s: ScenarioInfo, times?: number): Promise<void> {
  for (const operation of s.operations) await callControl('POST', 'scenarios', { operation, scenario: s.name, ...(times ? { times } : {}) })
  await refresh()
}

function describeSwitch(a: ArmedScenario): string {
  const shape = a.scenario || [a.status, a.example, a.fault, a.delayMs !== undefined ? `${a.delayMs}ms` : ''].filter(Boolean).join(' ')
  return `${a.operation} -> ${shape} (${a.remaining === null ? 'until cleared' : `${a.remaining} left`})`
}

function renderActive(active: ArmedScenario[]): void {
  byId('active').replaceChildren(...active.map((a) => el('div', { class: 'active', 'data-active': a.operation },
    el('span', {}, describeSwitch(a)),
    el('button', { onclick: async () => { await callControl('DELETE', `scenarios?operation=${encodeURIComponent(a.operation)}`); await refresh() } }, 'clear'))))
}

function sessionRow(s: SessionView): HTMLElement {
  return el('tr', {}, el('td', {}, s.api), el('td', {}, s.kind), el('td', {}, el('code', {}, s.value)), el('td', {}, s.account || ''), el('td', {}, s.expiresAt || 'never'))
}

function requestRows(r: JournalEntry): HTMLElement[] {
  const toggle = () => {
    if (expanded.has(r.id)) expanded.delete(r.id)
    else expanded.add(r.id)
    void refresh()
  }
  const row = el('tr', { class: 'entry', 'data-request': String(r.id), onclick: toggle },
    el('td', {}, r.at.slice(11, 19)), el('td', {}, el('code', {}, `${r.method} ${r.path}`)),
    el('td', { class: `status-${String(r.status)[0]}` }, String(r.status)), el('td', {}, r.operationId || ''), el('td', {}, r.shapedBy || ''))
  if (!expanded.has(r.id)) return [row]
  const detail = { query: r.query, headers: r.headers, body: r.body, responseHeaders: r.responseHeaders, responseBody: r.responseBody }
  return [row, el('tr', {}, el('td', { colspan: '5' }, el('pre', {}, JSON.stringify(detail, null, 2))))]
}

async function refresh(): Promise<void> {
  const [{ now }, { active }, { sessions }, { requests }] = await Promise.all([
    callControl<{ now: string }>('GET', 'clock'),
    callControl<{ active: ArmedScenario[] }>('GET', 'scenarios'),
    callControl<{ sessions: SessionView[] }>('GET', 'sessions'),
    callControl<{ requests: JournalEntry[] }>('GET', 'requests?limit=50'),
  ])
  byId('clock-now').textContent = now
  renderActive(active)
  byId('sessions').replaceChildren(...sessions.map(sessionRow))
  byId('requests').replaceChildren(...requests.slice().reverse().flatMap(requestRows))
}

document.querySelectorAll<HTMLElement>('[data-advance]').forEach((button) => button.addEventListener('click', async () => {
  await callControl('POST', 'clock', { advance: button.dataset.advance })
  await refresh()
}))
byId('expire-all').addEventListener('click', async () => { await callControl('POST', 'sessions/expire'); await refresh() })
const harLink = byId('download-har') as HTMLAnchorElement
harLink.href = HAR_URL
// The served specs rendered for people, with "Try it out" against this mock (register-docs-routes.ts).
const docsLink = byId('docs-link') as HTMLAnchorElement
docsLink.href = '/__mock/docs'
harLink.addEventListener('click', (event) => void downloadHar(event))
byId('reset').addEventListener('click', async () => { await callControl('POST', 'reset'); await refresh() })
void renderScenarios().then(refresh).then(() => { document.body.dataset.ready = 'true' })
setInterval(() => void refresh(), 1000)
