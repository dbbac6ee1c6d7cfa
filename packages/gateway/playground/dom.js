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
