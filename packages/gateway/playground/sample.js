// @ts-check
/**
 * The sample event in its box: read as JSON, its paths offered to the editor, and errors about
 * it said next to the box.
 * @import { SamplePath } from './types'
 */
import { eventInput } from './controls.js'
import { byId } from './dom.js'
import { isObject } from './values.js'

/** The sample event as typed, or undefined when the box holds no JSON object. @returns {Record<string, unknown> | undefined} */
export function sampleEvent() {
  try {
    const parsed = JSON.parse(eventInput.value)
    const first = Array.isArray(parsed) ? parsed[0] : parsed
    return isObject(first) ? first : undefined
  } catch {
    return undefined
  }
}

/**
 * Every path of a JSON value, as actions-core's `@path` writes them (`$.properties.email`):
 * values and lists, not the objects that hold them.
 * @param {unknown} value
 * @param {string} [prefix]
 * @param {SamplePath[]} [found]
 * @returns {SamplePath[]}
 */
export function pathsOf(value, prefix = '$', found = []) {
  if (!isObject(value)) {
    if (prefix !== '$') found.push({ path: prefix, value })
    return found
  }
  for (const [key, child] of Object.entries(value)) {
    // Keys a dotted path cannot spell are left to "Another path…".
    if (/^[A-Za-z_][\w-]*$/.test(key)) pathsOf(child, `${prefix}.${key}`, found)
  }
  return found
}

/**
 * The value at a dotted `$.a.b` path of the sample.
 * @param {unknown} root
 * @param {string} path
 */
export function valueAt(root, path) {
  /** @type {unknown} */
  let value = root
  for (const key of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean))
    value = isObject(value) ? value[key] : undefined
  return value
}

/** @param {unknown} value */
export function shortJson(value) {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

/**
 * @param {'event'} name
 * @param {string} message
 */
export function showInputError(name, message) {
  const box = byId(`${name}-error`)
  box.textContent = message
  box.hidden = false
  byId(name).setAttribute('aria-invalid', 'true')
}

/** @param {'event'} name */
export function clearInputError(name) {
  byId(`${name}-error`).hidden = true
  byId(name).removeAttribute('aria-invalid')
}

/**
 * The event box's JSON, or undefined after saying why next to the box. An empty box is an
 * error only when the person asked for a run: a preview waits for an event without a word.
 * @param {{ asked: boolean }} how
 */
export function readEvent({ asked }) {
  clearInputError('event')
  const text = eventInput.value.trim()
  if (text === '') {
    if (asked) showInputError('event', 'Paste a Segment event, or pick a recent or an example event.')
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    showInputError('event', `Not JSON: ${/** @type {Error} */ (error).message}`)
    return undefined
  }
}
