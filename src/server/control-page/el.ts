/** An attribute's text, or a listener for the event named after `on` (`onclick` -> click). */
export type Attributes = Record<string, string | ((event: Event) => void)>

/**
 * A DOM element built from data. Listeners are attached with
 * addEventListener, never as `on...` attributes (inline handlers, which a
 * Content-Security-Policy would block), and text goes in as text nodes:
 * what the journal shows (a request's path, headers, body) is never parsed as HTML.
 *
 * @example el('button', { onclick: () => refresh() }, 'clear')
 */
export function el(tag: string, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') node.addEventListener(name.slice(2), value)
    else node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}
