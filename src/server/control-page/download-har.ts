import { controlAuthorization } from './call-control.js'

/** The journal as HAR (register-control-routes.ts), the "Download HAR" link's href. */
export const HAR_URL = '/__mock/requests.har'

/**
 * The "Download HAR" link (index.html) is a plain `<a download>` (its href
 * set by page.ts): the browser saves GET /__mock/requests.har itself. A link
 * cannot send a header, so on a server started with --control-token (the
 * page then holds the token) the click fetches the HAR with the token and
 * saves it from a Blob URL under the same name; a refusal is shown as the
 * other controls show theirs (alert).
 *
 * @example link.addEventListener('click', downloadHar)
 */
export async function downloadHar(event: MouseEvent): Promise<void> {
  const headers = controlAuthorization()
  const link = event.currentTarget
  if (!(link instanceof HTMLAnchorElement) || Object.keys(headers).length === 0) return
  event.preventDefault()
  const res = await fetch(link.href, { headers })
  if (!res.ok) {
    const problem: unknown = await res.json().catch(() => ({}))
    alert((problem as { detail?: string }).detail || res.status)
    return
  }
  const url = URL.createObjectURL(await res.blob())
  const save = document.createElement('a')
  save.href = url
  save.download = link.download
  document.body.append(save)
  save.click()
  save.remove()
  // The click has started the download from the Blob; its memory can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
