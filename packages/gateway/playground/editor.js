// @ts-check
/**
 * The mapping editor: the action's fields (GET /manifest) in three groups, as Segment's mapping
 * screens show them: what Pinterest cannot take an event without; what makes it match more
 * people and report the value; everything else, closed. App and device fields appear only for
 * app events. Each field is a row (field-row.js); once a preview answered, what it produced is
 * shown next to it (produced.js).
 * @import { FieldDef, SamplePath } from './types'
 */
import { triggerInput } from './controls.js'
import { byId, h } from './dom.js'
import { fieldRow } from './field-row.js'
import { groupOf, isAppEvent, isAppField, rankOf } from './field-groups.js'
import { arrayPathOf, currentPreset, fullMapping, setItemKey, setKey, setObjectKey } from './mapping.js'
import { showProduced } from './produced.js'
import { pathsOf, sampleEvent, valueAt } from './sample.js'
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

/**
 * An edit of the mapping, then what follows every edit.
 * @param {(value: unknown) => void} apply
 * @returns {(value: unknown) => void}
 */
function edit(apply) {
  return (value) => {
    apply(value)
    mappingChanged()
  }
}

/** Re-renders every row from the manifest and the mapping, keeping the focus and the open groups as they were. */
export function renderEditor() {
  const focused = document.activeElement?.id
  const box = byId('mapping-fields')
  const othersOpen = box.querySelector('[data-group="other"]')?.hasAttribute('open') ?? false
  const event = sampleEvent()
  const app = state.showAppFields || isAppEvent(event, triggerInput.value)
  const groups = {
    required: section(
      'required',
      'Required',
      'Pinterest refuses an event without a name, a time and an ID, and without at least one of these to tell who converted: an email, a mobile advertising ID, or the IP address with the user agent.'
    ),
    recommended: section(
      'recommended',
      'Recommended for matching and value',
      'Each further identifier lets Pinterest match more conversions to people; value, currency and products say what they were worth.'
    ),
    other: h('details', { class: 'group', 'data-group': 'other', open: othersOpen }, [
      h('summary', {}, ['Everything else'])
    ])
  }
  const { entries, appFieldsLeftOut } = fieldEntries(event, app)
  const ordered = entries.map((entry, i) => ({ ...entry, rank: rankOf(entry.field), i }))
  ordered.sort((a, b) => a.rank - b.rank || a.i - b.i)
  for (const { field, nodes } of ordered) groups[groupOf(field)].append(...nodes)
  if (appFieldsLeftOut > 0) groups.other.append(appFieldsNote(appFieldsLeftOut))
  box.replaceChildren(groups.required, groups.recommended, groups.other)
  mappingChanged()
  if (focused) document.getElementById(focused)?.focus()
  if (state.lastExplanation) showProduced(state.lastExplanation)
  showRuleError()
}

/**
 * The editor's pieces, field by field in the action's order: a row per field, per key of an
 * object field (after the object's own notes), and a list field's rows; app and device fields
 * only for an app event.
 * @param {Record<string, unknown> | undefined} event
 * @param {boolean} app
 */
function fieldEntries(event, app) {
  const mapping = fullMapping()
  const paths = pathsOf(event)
  /** @type {{ field: string, nodes: HTMLElement[] }[]} */
  const entries = []
  let appFieldsLeftOut = 0
  /** @param {string} field */
  const shown = (field) => {
    if (app || !isAppField(field)) return true
    appFieldsLeftOut++
    return false
  }
  for (const [key, def] of Object.entries(state.fieldDefs)) {
    if (def.unsafe_hidden || !shown(key)) continue
    if (def.type === 'object' && def.multiple) {
      entries.push({ field: key, nodes: [listGroup(key, def, mapping[key], event)] })
    } else if (def.type === 'object' && def.properties) {
      entries.push({ field: key, nodes: objectNotes(key, def) })
      const object = isObject(mapping[key]) && !isDirective(mapping[key]) ? mapping[key] : {}
      for (const [property, propertyDef] of Object.entries(def.properties)) {
        const field = `${key}.${property}`
        if (!shown(field)) continue
        const onChange = edit((value) => setObjectKey(key, property, value))
        const row = fieldRow({ field, def: propertyDef, value: object[property], paths, onChange, parent: def.label })
        entries.push({ field, nodes: [row] })
      }
    } else {
      const onChange = edit((value) => setKey(key, value))
      entries.push({ field: key, nodes: [fieldRow({ field: key, def, value: mapping[key], paths, onChange })] })
    }
  }
  return { entries, appFieldsLeftOut }
}

/**
 * @param {string} name
 * @param {string} title
 * @param {string} hint
 */
function section(name, title, hint) {
  return h('fieldset', { class: 'group', 'data-group': name }, [
    h('legend', {}, [title]),
    h('p', { class: 'hint' }, [hint])
  ])
}

/**
 * Where what concerns an object field as a whole is said (User Data with no identifier on the
 * sample, say): a warning from the preview, an error that keeps Save off.
 * @param {string} key
 * @param {FieldDef} def
 */
function objectNotes(key, def) {
  return [
    h('div', { 'data-warning-for': key, hidden: true }),
    h('p', { class: 'field-error rule-error', 'data-rule-for': key, 'data-label': def.label, hidden: true })
  ]
}

/** @param {number} count */
function appFieldsNote(count) {
  const show = h('button', { type: 'button', class: 'secondary' }, ['Show them'])
  show.addEventListener('click', () => {
    state.showAppFields = true
    renderEditor()
  })
  return h('p', { class: 'hint app-note' }, [
    `${count} app and device fields are left out: neither the trigger nor the sample is an app event. `,
    show
  ])
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
  /** @type {SamplePath[]} */
  const lists = pathsOf(event).filter((p) => Array.isArray(p.value) && p.value.some(isObject))
  /** @type {FieldDef} */
  const listDef = { label: `${def.label}: the list`, type: 'list', description: 'The list whose items become entries.' }
  const group = h('div', { class: 'list', 'data-group': key }, [
    fieldRow({
      field: key,
      def: { ...listDef, description: `${def.description ?? ''} ${listDef.description}` },
      value: mapped ? { '@path': mapped.list } : value,
      paths: lists,
      onChange: (chosen) => {
        const path = isObject(chosen) && typeof chosen['@path'] === 'string' ? chosen['@path'] : undefined
        setKey(key, path ? { '@arrayPath': [path, mapped?.item ?? {}] } : chosen)
        // The item rows offer the paths of the chosen list's items: they change with it.
        renderEditor()
      },
      pathsOnly: true
    })
  ])
  if (!mapped) return group
  const items = valueAt(event, mapped.list)
  const firstItem = Array.isArray(items) ? items.find(isObject) : undefined
  const itemPaths = pathsOf(firstItem)
  const itemBox = h('div', { class: 'items' }, [
    h('p', { class: 'hint' }, [`Each item of ${mapped.list}, its paths starting at the item ($.name):`])
  ])
  for (const [property, propertyDef] of Object.entries(def.properties ?? {})) {
    const onChange = edit((v) => setItemKey(key, property, v))
    itemBox.append(
      fieldRow({
        field: `${key}[].${property}`,
        def: propertyDef,
        value: mapped.item[property],
        paths: itemPaths,
        onChange
      })
    )
  }
  group.append(itemBox)
  return group
}

/**
 * Shows the error that keeps Save off (state.ruleError) beside its field, and only that one:
 * the row of the field, else of the list item it names, else of its object field (on a new
 * subscription nobody has touched yet, it is not shown: Save says what it waits for). Answers
 * the label of that field, for Save to name it.
 * @returns {string | undefined}
 */
export function showRuleError() {
  const box = byId('mapping-fields')
  for (const element of box.querySelectorAll('[data-rule-for]')) {
    const rule = /** @type {HTMLElement} */ (element)
    rule.hidden = true
    rule.closest('.map-row')?.querySelector('select')?.removeAttribute('aria-invalid')
  }
  const error = state.ruleError
  if (!error) return undefined
  const [first, ...rest] = error.field.split('.')
  const rule = /** @type {HTMLElement | undefined} */ (
    [error.field, `${first}[].${rest.join('.')}`, first]
      .map((name) => box.querySelector(`[data-rule-for="${CSS.escape(name)}"]`))
      .find((found) => found !== null)
  )
  if (!rule) return undefined
  const row = rule.closest('.map-row')
  if (!state.untouched) {
    rule.textContent = error.message
    rule.hidden = false
    row?.querySelector('select')?.setAttribute('aria-invalid', 'true')
  }
  return row?.querySelector('label')?.textContent ?? rule.getAttribute('data-label') ?? undefined
}

/** Undoing the edits goes back to the base mapping. */
export function mountEditor() {
  byId('reset-edits').addEventListener('click', () => {
    state.overrides = {}
    renderEditor()
    byId('editor').focus()
  })
}
