// @ts-check
/** Building the page's elements. Text is only ever set as text nodes, never parsed as markup. */

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id)
  if (!element) throw new Error(`The page has no #${id}`)
  return element
}

/**
 * An element with attributes and children; strings become text nodes, never markup.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (name === 'class') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : value)
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    element.append(typeof child === 'string' ? document.createTextNode(child) : child)
  }
  return element
}

/**
 * @param {string} text
 * @param {string} label
 * @param {() => void} action
 */
export function button(text, label, action) {
  const element = h('button', { type: 'button', class: 'secondary', 'aria-label': label }, [text])
  element.addEventListener('click', action)
  return element
}

/**
 * A field's description as a person reads it: Markdown code spans (`event_name`) become <code>,
 * everything else stays text. The text comes from the server: it is never parsed as markup.
 * @param {string} text
 * @returns {(Node | string)[]}
 */
export function richText(text) {
  const parts = text.split('`')
  // An odd count of backticks leaves the last one unmatched: it is shown as it is.
  const unmatched = parts.length % 2 === 0 ? parts.splice(-2, 2).join('`') : undefined
  const nodes = parts.map((part, i) => (i % 2 === 1 ? h('code', {}, [part]) : part))
  if (unmatched !== undefined) nodes.push(unmatched)
  return nodes.filter((node) => node !== '')
}
