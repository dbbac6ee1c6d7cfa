// @ts-check
/**
 * One field of the editor: its label and description, and where its value comes from: a value
 * the field takes (a picker when the field lists them, as Event Name lists Pinterest's names),
 * a path of the sample event, another path, the directive it is mapped with, or nothing.
 * @import { FieldDef, SamplePath } from './types'
 */
import { h, richText } from './dom.js'
import { shortJson } from './sample.js'
import { isObject } from './values.js'

/** An option's value for one of the values a field takes: never a path, which starts with $. */
const VALUE = '='

/**
 * @typedef {{
 *   field: string,
 *   def: FieldDef,
 *   value: unknown,
 *   paths: SamplePath[],
 *   onChange: (value: unknown) => void,
 *   parent?: string,
 *   pathsOnly?: boolean
 * }} RowInput
 * `parent`: the label of the object field the key belongs to; `pathsOnly`: a list, which has no fixed value.
 */

/**
 * @param {RowInput} input
 * @returns {HTMLElement}
 */
export function fieldRow({ field, def, value, paths, onChange, parent, pathsOnly = false }) {
  const id = `src-${field.replace(/[^\w-]/g, '-')}`
  const simplePath = isObject(value) && Object.keys(value).length === 1 && typeof value['@path'] === 'string'
  const path = simplePath ? /** @type {string} */ (value['@path']) : undefined
  const fixed = value !== undefined && value !== '' && !isObject(value) && !Array.isArray(value)
  const other = value !== undefined && value !== '' && !simplePath && !fixed
  const choices = (def.choices ?? []).map((c) => (typeof c === 'string' ? c : c.value))
  const known = path !== undefined && paths.some((p) => p.path === path)

  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id, 'aria-describedby': `${id}-about ${id}-directive ${id}-rule ${id}-out` }, [
      other ? h('option', { value: '@current', class: 'current' }, [`As mapped now: ${JSON.stringify(value)}`]) : null,
      h('option', { value: '@empty' }, ['Empty (no value)']),
      choices.length > 0 ? valueOptions(choices, fixed ? String(value) : undefined) : null,
      choices.length > 0 || pathsOnly ? null : h('option', { value: '@fixed' }, ['A fixed value…']),
      h('option', { value: '@path' }, ['Another path…']),
      paths.length > 0
        ? h(
            'optgroup',
            { label: 'Paths of the sample event' },
            paths.map((p) => h('option', { value: p.path }, [`${p.path} = ${shortJson(p.value)}`]))
          )
        : null
    ])
  )
  select.value = other
    ? '@current'
    : fixed
    ? choices.length > 0
      ? VALUE + String(value)
      : '@fixed'
    : known
    ? String(path)
    : path
    ? '@path'
    : '@empty'

  const fixedInput = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      id: `${id}-fixed`,
      class: 'fixed',
      'aria-label': `${def.label}: fixed value`,
      autocomplete: 'off',
      value: fixed ? String(value) : ''
    })
  )
  const pathInput = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      id: `${id}-path`,
      class: 'path',
      'aria-label': `${def.label}: path`,
      placeholder: '$.properties.name',
      spellcheck: 'false',
      autocomplete: 'off',
      value: path ?? ''
    })
  )
  // The whole of what is chosen, which a narrow picker cuts short: on hover, and below it while focused.
  const directive = h('p', { class: 'directive hint', id: `${id}-directive` })
  const showChoice = () => {
    fixedInput.hidden = select.value !== '@fixed'
    pathInput.hidden = select.value !== '@path'
    const text = select.selectedOptions[0]?.textContent ?? ''
    select.title = text
    // Only a directive or a path of the sample is long; the other choices read whole in the picker.
    const long = select.value === '@current' || !/^[@=]/.test(select.value)
    directive.textContent = long ? text : ''
  }
  showChoice()
  const read = () => {
    if (select.value.startsWith(VALUE)) return typed(select.value.slice(VALUE.length), def)
    switch (select.value) {
      case '@current':
        return value
      case '@empty':
        return undefined
      case '@fixed':
        return fixedInput.value === '' ? undefined : typed(fixedInput.value, def)
      case '@path':
        return pathInput.value.trim() === '' ? undefined : { '@path': pathInput.value.trim() }
      default:
        return { '@path': select.value }
    }
  }
  select.addEventListener('change', () => {
    showChoice()
    onChange(read())
    if (select.value === '@fixed') fixedInput.focus()
    else if (select.value === '@path') pathInput.focus()
  })
  fixedInput.addEventListener('input', () => onChange(read()))
  pathInput.addEventListener('input', () => onChange(read()))

  return h('div', { class: 'map-row', 'data-field': field }, [
    h('div', { class: 'map-head' }, [
      h('label', { for: id }, [def.label]),
      parent ? h('span', { class: 'parent' }, [` in ${parent}`]) : null,
      def.required ? h('span', { class: 'required' }, [' required']) : null,
      def.multiple && def.type !== 'object' ? h('span', { class: 'hint' }, [' · one or many']) : null
    ]),
    h('p', { class: 'hint about', id: `${id}-about` }, about(def)),
    h('div', { class: 'map-controls' }, [select, directive, fixedInput, pathInput]),
    h('p', { class: 'field-error rule-error', id: `${id}-rule`, 'data-rule-for': field, hidden: true }),
    h('div', { class: 'produced', id: `${id}-out` })
  ])
}

/**
 * The values a field takes, as options; a value it does not take stays shown, marked, so the
 * subscription reads as it is until the person picks another.
 * @param {string[]} choices
 * @param {string | undefined} current
 */
function valueOptions(choices, current) {
  const options = choices.map((choice) => h('option', { value: VALUE + choice }, [choice]))
  if (current !== undefined && !choices.includes(current))
    options.unshift(h('option', { value: VALUE + current }, [`${current} (not a value it takes)`]))
  return h('optgroup', { label: 'Values it takes' }, options)
}

/** @param {FieldDef} def */
function about(def) {
  const parts = richText(def.description ?? '')
  if (def.default !== undefined && !isObject(def.default)) parts.push(` Default: ${JSON.stringify(def.default)}.`)
  else if (isObject(def.default) && typeof def.default['@path'] === 'string')
    parts.push(' Default: ', h('code', {}, [def.default['@path']]), '.')
  return parts
}

/**
 * A fixed value as the field's type wants it: `true` for a boolean, 3 for a number.
 * @param {string} text
 * @param {FieldDef} def
 */
function typed(text, def) {
  if (def.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  if ((def.type === 'number' || def.type === 'integer') && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text)
  return text
}
