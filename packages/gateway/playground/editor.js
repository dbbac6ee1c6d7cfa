// @ts-check
/**
 * The mapping editor: one row per field of the action, rendered from its definition (GET
 * /manifest), each with a source picker (a path of the sample, a fixed value, another path,
 * nothing) and, once a run answered, what the field produced.
 * @import { Explanation, FieldDef, SamplePath, ValueView } from './types'
 */
import { byId, h } from './dom.js'
import { arrayPathOf, currentPreset, fullMapping, setItemKey, setKey, setObjectKey } from './mapping.js'
import { pathsOf, sampleEvent, shortJson, valueAt } from './sample.js'
import { state } from './state.js'
import { isDirective, isObject } from './values.js'

/** Sent on #editor after every change of the mapping. */
export const MAPPING_CHANGED = 'mapping-changed'

/** Shows the mapping as it now is, and tells the page (a preview follows every change). */
function mappingChanged() {
  byId('mapping-json').textContent = JSON.stringify(fullMapping(), null, 2)
  const edited = Object.keys(state.overrides)
  const base = currentPreset() ? `the preset ${currentPreset()?.name}` : 'the action’s defaults'
  byId('edits').textContent =
    edited.length === 0
      ? `No edits: the mapping is ${base}.`
      : `Edited over ${base}: ${edited.join(', ')} (each sent whole, with all its keys).`
  byId('reset-edits').hidden = edited.length === 0
  byId('editor').dispatchEvent(new Event(MAPPING_CHANGED))
}

/** Re-renders every row from the manifest and the mapping, keeping the focus where it was. */
export function renderEditor() {
  const focused = document.activeElement?.id
  const box = byId('mapping-fields')
  box.replaceChildren()
  const mapping = fullMapping()
  const event = sampleEvent()
  const paths = pathsOf(event)
  const scalars = h('fieldset', { class: 'group' }, [h('legend', {}, ['Event fields'])])
  box.append(scalars)
  for (const [key, def] of Object.entries(state.fieldDefs)) {
    if (def.unsafe_hidden) continue
    if (def.type === 'object' && def.multiple) box.append(listGroup(key, def, mapping[key], event))
    else if (def.type === 'object' && def.properties) box.append(objectGroup(key, def, mapping[key], paths))
    else scalars.append(sourceRow(key, def, mapping[key], paths, (value) => setKey(key, value)))
  }
  mappingChanged()
  if (focused) document.getElementById(focused)?.focus()
  if (state.lastExplanation) showProduced(state.lastExplanation)
}

/** Groups a person rarely needs on a web event start closed; the rest start open. */
const CLOSED_GROUPS = new Set(['app_info', 'device_info', 'custom_data_2'])

/**
 * An object field: one row per key of its definition.
 * @param {string} key
 * @param {FieldDef} def
 * @param {unknown} value
 * @param {SamplePath[]} paths
 */
function objectGroup(key, def, value, paths) {
  const object = isObject(value) && !isDirective(value) ? value : {}
  const mapped = Object.keys(def.properties ?? {}).filter((k) => object[k] !== undefined).length
  const group = h('details', { class: 'group', 'data-group': key, open: !CLOSED_GROUPS.has(key) }, [
    h('summary', {}, [
      h('strong', {}, [def.label]),
      ' ',
      h('code', {}, [key]),
      def.required ? h('span', { class: 'required' }, [' required']) : null,
      h('span', { class: 'hint' }, [` ${mapped} of ${Object.keys(def.properties ?? {}).length} keys mapped`])
    ]),
    def.description ? h('p', { class: 'hint' }, [def.description]) : null,
    h('p', { class: 'field-error', 'data-error-for': key, hidden: true })
  ])
  for (const [property, propertyDef] of Object.entries(def.properties ?? {})) {
    group.append(
      sourceRow(`${key}.${property}`, propertyDef, object[property], paths, (v) => setObjectKey(key, property, v))
    )
  }
  return group
}

/**
 * A list field (products → contents): where the list comes from, then the mapping of each item,
 * its paths read from the first item of that list in the sample.
 * @param {string} key
 * @param {FieldDef} def
 * @param {unknown} value
 * @param {Record<string, unknown> | undefined} event
 */
function listGroup(key, def, value, event) {
  const mapped = arrayPathOf(value)
  const lists = pathsOf(event).filter((p) => Array.isArray(p.value) && p.value.some(isObject))
  const group = h('details', { class: 'group', 'data-group': key, open: true }, [
    h('summary', {}, [h('strong', {}, [def.label]), ' ', h('code', {}, [key]), ' (a list: one entry per item)']),
    def.description ? h('p', { class: 'hint' }, [def.description]) : null
  ])
  /** @type {FieldDef} */
  const listDef = { label: `${def.label}: the list`, type: 'list', description: 'The list whose items become entries.' }
  group.append(
    sourceRow(
      key,
      listDef,
      mapped ? { '@path': mapped.list } : value,
      lists,
      (chosen) => {
        const path = isObject(chosen) && typeof chosen['@path'] === 'string' ? chosen['@path'] : undefined
        setKey(key, path ? { '@arrayPath': [path, mapped?.item ?? {}] } : chosen)
        // The item rows offer the paths of the chosen list's items: they change with it.
        renderEditor()
      },
      true
    )
  )
  if (!mapped) return group
  const items = valueAt(event, mapped.list)
  const firstItem = Array.isArray(items) ? items.find(isObject) : undefined
  const itemPaths = pathsOf(firstItem)
  const itemBox = h('div', { class: 'items' }, [
    h('p', { class: 'hint' }, [`Each item of ${mapped.list}, its paths starting at the item ($.name):`])
  ])
  for (const [property, propertyDef] of Object.entries(def.properties ?? {})) {
    itemBox.append(
      sourceRow(`${key}[].${property}`, propertyDef, mapped.item[property], itemPaths, (v) =>
        setItemKey(key, property, v)
      )
    )
  }
  group.append(itemBox)
  return group
}

/**
 * One field's row: label, required mark, default, description, the source picker (a path of the
 * sample, a fixed value, another path, empty) and, once run, what the field produced.
 * @param {string} field
 * @param {FieldDef} def
 * @param {unknown} value
 * @param {SamplePath[]} paths
 * @param {(value: unknown) => void} onChange
 * @param {boolean} [pathsOnly] a list: no fixed value
 */
function sourceRow(field, def, value, paths, onChange, pathsOnly = false) {
  const id = `src-${field.replace(/[^\w-]/g, '-')}`
  const simplePath = isObject(value) && Object.keys(value).length === 1 && typeof value['@path'] === 'string'
  const path = simplePath ? /** @type {string} */ (value['@path']) : undefined
  const fixed = value !== undefined && value !== '' && !isObject(value) && !Array.isArray(value)
  const other = value !== undefined && value !== '' && !simplePath && !fixed
  const original = value

  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id, 'aria-describedby': `${id}-about ${id}-out` }, [
      other ? h('option', { value: '@current', class: 'current' }, ['As mapped now (a directive)']) : null,
      h('option', { value: '@empty' }, ['Empty (no value)']),
      pathsOnly ? null : h('option', { value: '@fixed' }, ['A fixed value…']),
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
  const known = path !== undefined && paths.some((p) => p.path === path)
  select.value = other ? '@current' : fixed ? '@fixed' : known ? String(path) : path ? '@path' : '@empty'

  const choices = (def.choices ?? []).map((c) => (typeof c === 'string' ? c : c.value))
  const fixedInput = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      id: `${id}-fixed`,
      class: 'fixed',
      'aria-label': `${def.label}: fixed value`,
      list: choices.length > 0 ? `${id}-choices` : undefined,
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
      value: path && !known ? path : ''
    })
  )
  const showInputs = () => {
    fixedInput.hidden = select.value !== '@fixed'
    pathInput.hidden = select.value !== '@path'
  }
  showInputs()
  const read = () => {
    switch (select.value) {
      case '@current':
        return original
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
  const change = () => {
    onChange(read())
    mappingChanged()
  }
  select.addEventListener('change', () => {
    showInputs()
    change()
    if (select.value === '@fixed') fixedInput.focus()
    else if (select.value === '@path') pathInput.focus()
  })
  fixedInput.addEventListener('input', change)
  pathInput.addEventListener('input', change)

  const about = [def.description ?? '']
  if (def.default !== undefined && !isObject(def.default)) about.push(`Default: ${JSON.stringify(def.default)}.`)
  else if (isObject(def.default) && typeof def.default['@path'] === 'string')
    about.push(`Default: ${def.default['@path']}.`)
  return h('div', { class: 'map-row', 'data-field': field }, [
    h('div', { class: 'map-head' }, [
      h('label', { for: id }, [def.label]),
      ' ',
      h('code', {}, [field.split('.').pop() ?? field]),
      def.required ? h('span', { class: 'required', title: 'required' }, [' required']) : null,
      def.multiple && def.type !== 'object' ? h('span', { class: 'hint' }, [' one or many']) : null
    ]),
    h('p', { class: 'hint about', id: `${id}-about` }, [about.join(' ').trim()]),
    h('div', { class: 'map-controls' }, [
      select,
      fixedInput,
      choices.length > 0
        ? h(
            'datalist',
            { id: `${id}-choices` },
            choices.map((c) => h('option', { value: c }))
          )
        : null,
      pathInput
    ]),
    h('div', { class: 'produced', id: `${id}-out` })
  ])
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

/**
 * Next to each row, what the last run produced for its field: the value, where it came from,
 * each user_data value's normalization, values left out and why, errors.
 * @param {Explanation} explanation
 */
export function showProduced(explanation) {
  const views = new Map(explanation.fields.map((f) => [f.field, f]))
  const userData = new Map(explanation.userData.map((row) => [`user_data.${row.field}`, row]))
  for (const row of byId('mapping-fields').querySelectorAll('.map-row')) {
    const field = row.getAttribute('data-field') ?? ''
    const out = row.querySelector('.produced')
    if (!out) continue
    out.replaceChildren()
    const item = field.match(/^(\w+)\[\]\.(\w+)$/)
    const view = item ? views.get(item[1]) : views.get(field)
    if (!view) continue
    // The directive is named in words only while it is the one in use: once the person picks
    // something else, the option keeps offering the directive they started from.
    const select = row.querySelector('select')
    const current = select?.value === '@current' ? row.querySelector('option.current') : null
    if (current && view.source) current.textContent = `As mapped now: ${view.source}`
    if (item) {
      const list = Array.isArray(view.value) ? view.value : []
      const values = list.map((entry) => (isObject(entry) ? entry[item[2]] : undefined))
      out.append(producedValue(values.some((v) => v !== undefined) ? values : undefined))
      continue
    }
    const trace = userData.get(field)
    if (trace && trace.values.length > 0) {
      out.append(h('ul', { class: 'values compact' }, trace.values.map(tracedValue)))
    } else if (!view.group) {
      out.append(producedValue(view.value))
    }
    if (current && view.source) out.append(h('p', { class: 'hint' }, [`from ${view.source}`]))
    for (const warning of view.warnings ?? []) out.append(h('p', { class: 'note dropped-reason' }, [warning]))
    const errors = [...view.errors, ...(trace?.errors ?? [])].filter((e, i, all) => all.indexOf(e) === i)
    if (errors.length > 0) out.append(h('p', { class: 'field-error' }, [errors.join(' ')]))
    row.classList.toggle('has-error', errors.length > 0)
  }
  for (const groupError of byId('mapping-fields').querySelectorAll('[data-error-for]')) {
    const view = views.get(groupError.getAttribute('data-error-for') ?? '')
    groupError.textContent = view?.errors.join(' ') ?? ''
    const element = /** @type {HTMLElement} */ (groupError)
    element.hidden = !view || view.errors.length === 0
  }
}

/** @param {unknown} value */
function producedValue(value) {
  return h('p', { class: 'out' }, [
    '→ ',
    value === undefined
      ? h('span', { class: 'empty' }, ['no value'])
      : h('code', { class: 'value' }, [shortJson(value)])
  ])
}

/** @param {ValueView} value */
function tracedValue(value) {
  const steps = []
  if (value.input !== undefined) steps.push(h('code', {}, [JSON.stringify(value.input)]))
  if (value.normalized !== undefined) steps.push(' → ', h('code', { class: 'normalized' }, [value.normalized]))
  if (value.digest !== undefined)
    steps.push(' → sha256 ', h('code', { class: 'digest' }, [value.digest.slice(0, 12) + '…']))
  if (value.output !== undefined) steps.push(' → sent ', h('code', {}, [value.output]))
  return h('li', { class: `value ${value.status}` }, [
    h('span', { class: 'badge' }, [value.status === 'prehashed' ? 'passed through' : value.status]),
    ' ',
    ...steps,
    value.note && value.status !== 'kept'
      ? h('span', { class: value.status === 'dropped' ? 'note dropped-reason' : 'note' }, [` ${value.note}`])
      : null
  ])
}

/** Undoing the edits goes back to the base mapping. */
export function mountEditor() {
  byId('reset-edits').addEventListener('click', () => {
    state.overrides = {}
    renderEditor()
    byId('editor').focus()
  })
}
