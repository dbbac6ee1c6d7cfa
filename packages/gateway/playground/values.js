// @ts-check
/** JSON values as the mapping holds them. */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A mapping directive (`@path`, `@if`, `@arrayPath`...) rather than an object of keys. @param {unknown} value */
export function isDirective(value) {
  return isObject(value) && Object.keys(value).some((key) => key.startsWith('@'))
}

/**
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
export function same(a, b) {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]))
  if (!isObject(a) || !isObject(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && same(a[key], b[key]))
}

/** @param {unknown} value */
export function copy(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
