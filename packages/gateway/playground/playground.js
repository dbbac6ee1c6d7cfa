// @ts-check
/**
 * The playground page: the gateway's subscriptions (its admin routes under /gateway), and an
 * editor for one of them: a trigger, a preset and a field-by-field mapping rendered from the
 * action's field definitions (GET /manifest). Every edit re-runs the sample event through the
 * destination (POST /explain) and shows next to each field what it produced.
 *
 * It knows no normalization rule: every digest, normalized string and reason on the page comes
 * from the server, which takes them from the destination's own code.
 *
 * Plain browser JavaScript, served as it is (no build step); type-checked by `npm test`
 * through playground/tsconfig.json. Text from the answer is only ever set as textContent.
 */
// A module: its names stay out of the page's globals (window.status, say), and it runs after parsing.
export {}

/**
 * @typedef {{ name: string, subscribe: string, mapping?: Mapping }} Preset
 * @typedef {{ name: string, title: string, type: string, presets: string[], event: unknown }} Example
 * @typedef {Record<string, unknown>} Mapping
 * @typedef {{ label: string, description?: string, type: string, required?: boolean, default?: unknown, multiple?: boolean, properties?: Record<string, FieldDef>, choices?: ({ value: string, label: string } | string)[], unsafe_hidden?: boolean }} FieldDef
 * @typedef {{ id: string, name: string, enabled?: boolean, trigger: string, preset?: string, mapping?: Mapping }} Subscription
 * @typedef {{ path: string, value: unknown }} SamplePath
 * @typedef {{ mode: string, description: string, sends: boolean, ad_account_id: string, test_mode: boolean, partner_name?: string, default_phone_country?: string }} SettingsView
 * @typedef {{ field: string, label: string, parent?: string, group?: boolean, source?: string, value?: unknown, errors: string[], warnings?: string[] }} FieldView
 * @typedef {{ input?: string, status: string, normalized?: string, digest?: string, reason?: string, note?: string, output?: string }} ValueView
 * @typedef {{ field: string, label: string, pinterestKey: string, hashed: boolean, values: ValueView[], output?: string | string[], errors: string[] }} UserDataView
 * @typedef {{ message: string, fields: string[], source: string, status: number, code?: string }} ExplainedError
 * @typedef {{ signal: string, label: string, priority: string }} SignalView
 * @typedef {{ id: string, neededFor: string, status: string, summary: string }} HealthCheckView
 * @typedef {{ grade: string | null, carries: SignalView[], lacks: SignalView[], cannotCarry: SignalView[], goodFairBlockers: string[], checks: HealthCheckView[] }} HealthView
 * @typedef {{ method: string, url: string, headers?: Record<string, string>, body: unknown }} RequestView
 * @typedef {{ status: number, headers?: Record<string, string>, body: unknown }} ResponseView
 * @typedef {{ ok: boolean, sent: boolean, fields: FieldView[], payloadStage: string, userData: UserDataView[], request: RequestView | null, response: ResponseView | null, errors: ExplainedError[], health: HealthView | null }} Explanation
 * @typedef {Explanation & { index: number }} IndexedExplanation
 * @typedef {Explanation & { mode: string, preset?: string, settings: SettingsView, events?: IndexedExplanation[], error?: string, field?: string }} ExplainAnswer
 */

const ACTION = 'reportConversionEvent'
const SUBSCRIPTIONS = '/gateway/destinations/pinterest/subscriptions'
/** Long enough to let a word be typed, short enough to feel live. */
const DEBOUNCE_MS = 350

/** @type {Preset[]} */
let presets = []
/** @type {Example[]} */
let examples = []
/** @type {SettingsView | undefined} */
let settings
/** @type {Record<string, FieldDef>} */
let fieldDefs = {}
/**
 * Top-level mapping keys laid over the base (the preset's mapping, or the action's defaults),
 * each whole: the gateway and /explain replace whole keys, so an object is never sent in part.
 * @type {Mapping}
 */
let overrides = {}
/** The subscription being edited; null for a new one (Save creates it). @type {string | null} */
let editingId = null
/** @type {Subscription[]} */
let subscriptions = []
let gatewayUp = false
/** Each explain call is numbered so a slow answer never replaces a newer one. */
let runNumber = 0
/** @type {Explanation | undefined} */
let lastExplanation

/** @param {string} id */
function byId(id) {
  const element = document.getElementById(id)
  if (!element) throw new Error(`The page has no #${id}`)
  return element
}

const form = /** @type {HTMLFormElement} */ (byId('input'))
const presetSelect = /** @type {HTMLSelectElement} */ (byId('preset'))
const exampleSelect = /** @type {HTMLSelectElement} */ (byId('example'))
const eventInput = /** @type {HTMLTextAreaElement} */ (byId('event'))
const nameInput = /** @type {HTMLInputElement} */ (byId('sub-name'))
const triggerInput = /** @type {HTMLInputElement} */ (byId('trigger'))
const enabledBox = /** @type {HTMLInputElement} */ (byId('sub-enabled'))
const testMode = /** @type {HTMLInputElement} */ (byId('test-mode'))
const sendBox = /** @type {HTMLInputElement} */ (byId('send'))
const runButton = /** @type {HTMLButtonElement} */ (byId('run'))
const saveButton = /** @type {HTMLButtonElement} */ (byId('save'))
const results = byId('results')
const status = byId('status')

/**
 * An element with attributes and children; strings become text nodes, never markup.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
function h(tag, attributes = {}, children = []) {
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
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<{ status: number, body: any }>}
 */
async function getJson(path, init) {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json' }
  })
  const text = await response.text()
  let body
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, body }
}

/**
 * @param {() => void} action
 * @returns {(() => void) & { cancel: () => void }}
 */
function debounced(action) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(action, DEBOUNCE_MS)
  }
  return Object.assign(schedule, { cancel: () => clearTimeout(timer) })
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A mapping directive (`@path`, `@if`, `@arrayPath`...) rather than an object of keys. @param {unknown} value */
function isDirective(value) {
  return isObject(value) && Object.keys(value).some((key) => key.startsWith('@'))
}

/**
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function same(a, b) {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]))
  if (!isObject(a) || !isObject(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && same(a[key], b[key]))
}

/** @param {unknown} value */
function copy(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}

// ---------------------------------------------------------------- loading

async function load() {
  const [manifest, exampleList, explainInfo] = await Promise.all([
    getJson('/manifest'),
    getJson('/examples'),
    getJson('/explain')
  ])
  presets = manifest.body.presets ?? []
  fieldDefs = manifest.body.actions?.[ACTION]?.fields ?? {}
  examples = exampleList.body.examples ?? []
  settings = explainInfo.body.settings
  for (const preset of presets) presetSelect.append(h('option', { value: preset.name }, [preset.name]))
  for (const example of examples) {
    const takenBy = example.presets.length > 0 ? ` (${example.presets.join(', ')})` : ''
    exampleSelect.append(h('option', { value: example.name }, [`${example.title}${takenBy}`]))
  }
  describePreset()
  showSettings()
  renderEditor()
}

function currentPreset() {
  return presets.find((p) => p.name.toLowerCase() === presetSelect.value.toLowerCase())
}

function describePreset() {
  const preset = currentPreset()
  byId('preset-hint').textContent = preset
    ? `Its mapping is the base of the editor; its own subscription: ${preset.subscribe}.`
    : 'Without a preset the action’s default mappings are the base; event_name then has to be set below.'
}

function showSettings() {
  const list = byId('settings')
  list.replaceChildren()
  if (!settings) return
  /** @type {[string, string][]} */
  const rows = [
    ['Mode', settings.description],
    ['Ad account', settings.ad_account_id],
    ['Conversion token', '[redacted]'],
    ['Default phone country', settings.default_phone_country ?? 'US'],
    [
      'Run sends the request',
      settings.sends ? 'yes, to the embedded sandbox' : 'no: it is built and shown, unless you tick Send'
    ]
  ]
  if (settings.partner_name) rows.push(['Partner name', settings.partner_name])
  for (const [term, detail] of rows) list.append(h('div', {}, [h('dt', {}, [term]), h('dd', {}, [detail])]))
  testMode.checked = settings.test_mode
  byId('send-control').hidden = settings.sends
}

// ---------------------------------------------------------------- the mapping

/** The preset's mapping, or the action's default mappings, as the server takes them as base. */
function baseMapping() {
  const preset = currentPreset()
  if (preset) return /** @type {Mapping} */ (copy(preset.mapping ?? {}))
  /** @type {Mapping} */
  const defaults = {}
  for (const [key, def] of Object.entries(fieldDefs)) if (def.default !== undefined) defaults[key] = copy(def.default)
  return defaults
}

/** The whole mapping a run uses: the base with the edited keys laid over it. */
function fullMapping() {
  return { ...baseMapping(), ...overrides }
}

/**
 * Replaces one top-level key. Emptying a key the base fills needs a value that maps to nothing
 * (an empty string): a missing key would let the base's come back.
 * @param {string} key
 * @param {unknown} value
 */
function setKey(key, value) {
  const base = baseMapping()[key]
  if (value === undefined) {
    if (base === undefined) delete overrides[key]
    else overrides[key] = ''
  } else if (same(value, base)) delete overrides[key]
  else overrides[key] = value
  mappingChanged()
}

/**
 * Replaces one key of an object field, keeping all its other keys.
 * @param {string} parent
 * @param {string} key
 * @param {unknown} value
 */
function setObjectKey(parent, key, value) {
  const current = fullMapping()[parent]
  const object = isObject(current) && !isDirective(current) ? { ...current } : {}
  if (value === undefined) delete object[key]
  else object[key] = value
  setKey(parent, object)
}

/**
 * The list path and item mapping of a list field mapped with `@arrayPath`, if it is.
 * @param {unknown} value
 * @returns {{ list: string, item: Mapping } | undefined}
 */
function arrayPathOf(value) {
  if (!isObject(value)) return undefined
  const directive = value['@arrayPath']
  if (!Array.isArray(directive) || typeof directive[0] !== 'string') return undefined
  return { list: directive[0], item: isObject(directive[1]) ? { ...directive[1] } : {} }
}

/**
 * Replaces one key of a list field's item mapping, keeping the list path and the other keys.
 * @param {string} field
 * @param {string} key
 * @param {unknown} value
 */
function setItemKey(field, key, value) {
  const mapped = arrayPathOf(fullMapping()[field])
  if (!mapped) return
  if (value === undefined) delete mapped.item[key]
  else mapped.item[key] = value
  setKey(field, { '@arrayPath': [mapped.list, mapped.item] })
}

function mappingChanged() {
  byId('mapping-json').textContent = JSON.stringify(fullMapping(), null, 2)
  const edited = Object.keys(overrides)
  const base = currentPreset() ? `the preset ${currentPreset()?.name}` : 'the action’s defaults'
  byId('edits').textContent =
    edited.length === 0
      ? `No edits: the mapping is ${base}.`
      : `Edited over ${base}: ${edited.join(', ')} (each sent whole, with all its keys).`
  byId('reset-edits').hidden = edited.length === 0
  schedulePreview()
}

// ---------------------------------------------------------------- the sample event

/** The sample event as typed, or undefined when the box holds no JSON object. @returns {Record<string, unknown> | undefined} */
function sampleEvent() {
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
function pathsOf(value, prefix = '$', found = []) {
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
function valueAt(root, path) {
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
function preview(value) {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

// ---------------------------------------------------------------- the editor

/** Re-renders every row from the manifest and the mapping, keeping the focus where it was. */
function renderEditor() {
  const focused = document.activeElement?.id
  const box = byId('mapping-fields')
  box.replaceChildren()
  const mapping = fullMapping()
  const event = sampleEvent()
  const paths = pathsOf(event)
  const scalars = h('fieldset', { class: 'group' }, [h('legend', {}, ['Event fields'])])
  box.append(scalars)
  for (const [key, def] of Object.entries(fieldDefs)) {
    if (def.unsafe_hidden) continue
    if (def.type === 'object' && def.multiple) box.append(listGroup(key, def, mapping[key], event))
    else if (def.type === 'object' && def.properties) box.append(objectGroup(key, def, mapping[key], paths))
    else scalars.append(sourceRow(key, def, mapping[key], paths, (value) => setKey(key, value)))
  }
  mappingChanged()
  if (focused) document.getElementById(focused)?.focus()
  if (lastExplanation) showProduced(lastExplanation)
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
            paths.map((p) => h('option', { value: p.path }, [`${p.path} = ${preview(p.value)}`]))
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
  select.addEventListener('change', () => {
    showInputs()
    onChange(read())
    if (select.value === '@fixed') fixedInput.focus()
    else if (select.value === '@path') pathInput.focus()
  })
  fixedInput.addEventListener('input', () => onChange(read()))
  pathInput.addEventListener('input', () => onChange(read()))

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
function showProduced(explanation) {
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
    value === undefined ? h('span', { class: 'empty' }, ['no value']) : h('code', { class: 'value' }, [preview(value)])
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

// ---------------------------------------------------------------- examples and presets

function pickExample() {
  const example = examples.find((e) => e.name === exampleSelect.value)
  const useButton = /** @type {HTMLButtonElement} */ (byId('use-example-preset'))
  useButton.hidden = true
  if (!example) return
  eventInput.value = JSON.stringify(example.event, null, 2)
  clearInputError('event')
  const preset = currentPreset()
  const hint = byId('example-hint')
  // The example never changes the preset behind the person's back: it says so, and offers it.
  if (example.presets.length === 0) {
    hint.textContent = `No preset takes ${example.title}; the preset stays ${preset ? preset.name : '(none)'}.`
  } else if (preset && example.presets.includes(preset.name)) {
    hint.textContent = `The preset ${preset.name} takes ${example.title}; it stays as it is.`
  } else {
    const suggested = example.presets[0]
    hint.textContent = `${example.title} is taken by the preset ${example.presets.join(', ')}; the preset stays ${
      preset ? preset.name : '(none)'
    }.`
    useButton.textContent = `Use the preset ${suggested}`
    useButton.dataset.preset = suggested
    useButton.hidden = false
  }
  sampleChanged()
}

function useExamplePreset() {
  const button = /** @type {HTMLButtonElement} */ (byId('use-example-preset'))
  presetSelect.value = button.dataset.preset ?? ''
  button.hidden = true
  presetChanged()
  presetSelect.focus()
}

/** The trigger follows the preset while it still is the previous preset's own (or empty). */
let presetTrigger = ''
function presetChanged() {
  const preset = currentPreset()
  if (triggerInput.value.trim() === '' || triggerInput.value === presetTrigger) {
    triggerInput.value = preset?.subscribe ?? ''
    checkTriggerSoon()
  }
  presetTrigger = preset?.subscribe ?? ''
  describePreset()
  renderEditor()
}

function sampleChanged() {
  renderEditor()
  checkTriggerSoon()
}

// ---------------------------------------------------------------- running

/**
 * @param {'event'} name
 * @param {string} message
 */
function showInputError(name, message) {
  const box = byId(`${name}-error`)
  box.textContent = message
  box.hidden = false
  byId(name).setAttribute('aria-invalid', 'true')
}

/** @param {'event'} name */
function clearInputError(name) {
  byId(`${name}-error`).hidden = true
  byId(name).removeAttribute('aria-invalid')
}

/** The event box's JSON, or undefined after saying why next to the box. */
function readEvent() {
  clearInputError('event')
  const text = eventInput.value.trim()
  if (text === '') {
    showInputError('event', 'Paste a Segment event, or pick an example.')
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    showInputError('event', `Not JSON: ${/** @type {Error} */ (error).message}`)
    return undefined
  }
}

/**
 * POST /explain with the whole mapping. A preview never sends to Pinterest (live mode builds
 * only); in sandbox mode it is the same run as Run, to the embedded sandbox.
 * @param {{ run: boolean }} how
 */
async function explain({ run }) {
  const payload = readEvent()
  if (payload === undefined) {
    if (run) eventInput.focus()
    return
  }
  /** @type {Record<string, unknown>} */
  const body = { payload, mapping: fullMapping() }
  if (presetSelect.value) body.preset = presetSelect.value
  if (settings && testMode.checked !== settings.test_mode) body.settings = { test_mode: testMode.checked }
  const query = run && settings && !settings.sends && sendBox.checked ? '?send=true' : ''
  const number = ++runNumber
  // Run shows its own answer: a preview still waiting for its turn would replace it.
  if (run) schedulePreview.cancel()
  if (run) {
    runButton.disabled = true
    results.setAttribute('aria-busy', 'true')
    status.textContent = 'Running…'
  }
  try {
    const answer = await getJson(`/explain${query}`, { method: 'POST', body: JSON.stringify(body) })
    if (number !== runNumber) return
    render(answer.status, answer.body, run)
    if (run) {
      results.scrollIntoView({ block: 'start' })
      results.focus({ preventScroll: true })
    }
  } catch (error) {
    if (number === runNumber) status.textContent = `The server did not answer: ${/** @type {Error} */ (error).message}`
  } finally {
    if (run) {
      runButton.disabled = false
      results.removeAttribute('aria-busy')
    }
  }
}

const schedulePreview = debounced(() => void explain({ run: false }))

/** @param {SubmitEvent} submitted */
function run(submitted) {
  submitted.preventDefault()
  void explain({ run: true })
}

// ---------------------------------------------------------------- subscriptions

async function loadSubscriptions() {
  const gatewayStatus = byId('gateway-status')
  /** @type {{ status: number, body: any }} */
  let answer
  try {
    answer = await getJson(SUBSCRIPTIONS)
  } catch (error) {
    answer = { status: 0, body: { error: /** @type {Error} */ (error).message } }
  }
  gatewayUp = answer.status === 200 && Array.isArray(answer.body?.subscriptions)
  saveButton.disabled = !gatewayUp
  const newButton = /** @type {HTMLButtonElement} */ (byId('new-subscription'))
  newButton.disabled = !gatewayUp
  if (!gatewayUp) {
    subscriptions = []
    renderSubscriptions()
    gatewayStatus.textContent =
      answer.status === 404
        ? 'The gateway is not running on this server (its admin routes answer 404): subscriptions cannot be listed or saved here. The editor and the preview work without it.'
        : `The gateway did not answer (${
            answer.body?.error ?? answer.status
          }): subscriptions cannot be listed or saved. The editor and the preview still work.`
    return
  }
  subscriptions = answer.body.subscriptions
  const [config, counts] = await Promise.all([getJson('/gateway/config'), getJson('/gateway/status')])
  const where = config.body?.default
    ? `no configuration saved yet, so every preset is one; saving writes ${config.body.path}`
    : `configuration: ${config.body?.path ?? 'saved'}`
  const c = counts.body ?? {}
  gatewayStatus.textContent =
    `${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'} of the running gateway ` +
    `(${where}); saving applies at once, without a restart. ` +
    `Events: ${c.accepted ?? 0} accepted, ${c.queued ?? 0} queued, ${c.delivered ?? 0} delivered, ` +
    `${c.dead_lettered ?? 0} dead-lettered.`
  renderSubscriptions()
}

function renderSubscriptions() {
  const list = byId('subscriptions')
  list.replaceChildren()
  for (const subscription of subscriptions) {
    const on = subscription.enabled !== false
    const keys = Object.keys(subscription.mapping ?? {})
    const what = subscription.preset
      ? `preset ${subscription.preset}${keys.length > 0 ? `, with its own ${keys.join(', ')}` : ''}`
      : `custom mapping (${keys.length} keys)`
    const toggle = /** @type {HTMLInputElement} */ (
      h('input', { type: 'checkbox', checked: on, 'aria-label': `${subscription.name} on` })
    )
    toggle.addEventListener('change', () => void saveSubscription({ ...subscription, enabled: toggle.checked }))
    const item = h('li', { class: on ? 'subscription' : 'subscription off', 'data-id': subscription.id }, [
      h('label', { class: 'check toggle' }, [toggle, h('span', { 'aria-hidden': 'true' }, [on ? 'on' : 'off'])]),
      h('span', { class: 'sub-name' }, [h('strong', {}, [subscription.name]), ' ', h('code', {}, [subscription.id])]),
      h('code', { class: 'trigger' }, [subscription.trigger]),
      h('span', { class: 'hint' }, [what]),
      h('span', { class: 'sub-actions' }, [
        button('Edit', `Edit ${subscription.name}`, () => editSubscription(subscription, false)),
        button('Duplicate', `Duplicate ${subscription.name}`, () => editSubscription(subscription, true)),
        button('Delete', `Delete ${subscription.name}`, () => askDelete(item, subscription))
      ])
    ])
    list.append(item)
  }
}

/**
 * @param {string} text
 * @param {string} label
 * @param {() => void} action
 */
function button(text, label, action) {
  const element = h('button', { type: 'button', class: 'secondary', 'aria-label': label }, [text])
  element.addEventListener('click', action)
  return element
}

/**
 * Loads a subscription into the editor; a duplicate is a new subscription with its content.
 * @param {Subscription} subscription
 * @param {boolean} duplicate
 */
function editSubscription(subscription, duplicate) {
  editingId = duplicate ? null : subscription.id
  nameInput.value = duplicate ? `${subscription.name} (copy)` : subscription.name
  triggerInput.value = subscription.trigger
  enabledBox.checked = subscription.enabled !== false
  const preset = presets.find((p) => p.name.toLowerCase() === (subscription.preset ?? '').toLowerCase())
  presetSelect.value = preset?.name ?? ''
  presetTrigger = preset?.subscribe ?? ''
  overrides = /** @type {Mapping} */ (copy(subscription.mapping ?? {}))
  byId('subscription-legend').textContent = duplicate
    ? `New subscription, a copy of “${subscription.name}” (not saved)`
    : `Editing “${subscription.name}” (${subscription.id})`
  byId('save-status').textContent = ''
  clearSubscriptionErrors()
  describePreset()
  renderEditor()
  checkTriggerSoon()
  nameInput.focus()
}

function newSubscription() {
  editingId = null
  nameInput.value = ''
  triggerInput.value = currentPreset()?.subscribe ?? ''
  presetTrigger = triggerInput.value
  enabledBox.checked = true
  overrides = {}
  byId('subscription-legend').textContent = 'New subscription (not saved)'
  byId('save-status').textContent = ''
  clearSubscriptionErrors()
  renderEditor()
  checkTriggerSoon()
  nameInput.focus()
}

/**
 * Deleting asks first, in place, so it works from the keyboard without a dialog.
 * @param {HTMLElement} item
 * @param {Subscription} subscription
 */
function askDelete(item, subscription) {
  item.querySelector('.confirm')?.remove()
  const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': `Delete ${subscription.name}?` }, [
    h('span', {}, [`Delete “${subscription.name}”? Its queued events are dead-lettered. `])
  ])
  const yes = button('Delete it', `Delete ${subscription.name} now`, () => void deleteSubscription(subscription))
  const no = button('Keep it', `Keep ${subscription.name}`, () => {
    confirm.remove()
    // The question goes away with the focus in it: the focus goes back to where it was asked.
    const asked = /** @type {HTMLButtonElement | null} */ (item.querySelector('.sub-actions button:last-child'))
    asked?.focus()
  })
  confirm.append(yes, ' ', no)
  item.append(confirm)
  yes.focus()
}

/** @param {Subscription} subscription */
async function deleteSubscription(subscription) {
  const answer = await getJson(`${SUBSCRIPTIONS}/${encodeURIComponent(subscription.id)}`, { method: 'DELETE' })
  byId('save-status').textContent =
    answer.status === 200
      ? `Deleted “${subscription.name}”${
          answer.body.queued
            ? `; its ${answer.body.queued} queued events go to the dead letters (subscription_removed), to requeue if you add it back`
            : ''
        }.`
      : `Not deleted: ${answer.body?.error ?? `the gateway answered ${answer.status}`}`
  if (answer.status === 200 && editingId === subscription.id) editingId = null
  await loadSubscriptions()
  byId('new-subscription').focus()
}

/** What Save sends: with a preset, only the edited keys (each whole); without, the whole mapping. */
function subscriptionFromForm() {
  /** @type {Record<string, unknown>} */
  const body = { name: nameInput.value.trim(), trigger: triggerInput.value.trim(), enabled: enabledBox.checked }
  if (presetSelect.value) {
    body.preset = presetSelect.value
    if (Object.keys(overrides).length > 0) body.mapping = copy(overrides)
  } else {
    body.mapping = fullMapping()
  }
  return body
}

/**
 * Creates (POST) or replaces (PUT) a subscription; the gateway applies it without a restart.
 * @param {Record<string, unknown>} body
 */
async function saveSubscription(body) {
  const id = typeof body.id === 'string' ? body.id : editingId
  const { id: _ignored, ...content } = body
  const answer = id
    ? await getJson(`${SUBSCRIPTIONS}/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(content) })
    : await getJson(SUBSCRIPTIONS, { method: 'POST', body: JSON.stringify(content) })
  const saveStatus = byId('save-status')
  if (answer.status === 200 || answer.status === 201) {
    const saved = /** @type {Subscription} */ (answer.body.subscription)
    saveStatus.textContent = `Saved “${saved.name}” (${saved.id}): the running gateway uses it from now on.`
    if (typeof body.id !== 'string') {
      editingId = saved.id
      byId('subscription-legend').textContent = `Editing “${saved.name}” (${saved.id})`
    }
    await loadSubscriptions()
    return
  }
  const message = answer.body?.error ?? `The gateway answered ${answer.status}.`
  saveStatus.textContent = `Not saved: ${message}`
  showSubscriptionError(answer.body?.field, message)
}

function clearSubscriptionErrors() {
  /** @type {[HTMLElement, string][]} */
  const pairs = [
    [nameInput, 'sub-name-error'],
    [triggerInput, 'trigger-error']
  ]
  for (const [input, box] of pairs) {
    input.removeAttribute('aria-invalid')
    byId(box).hidden = true
  }
}

/**
 * Puts a refusal of the gateway next to the field it names, and the focus on it.
 * @param {string | undefined} field
 * @param {string} message
 */
function showSubscriptionError(field, message) {
  clearSubscriptionErrors()
  /** @type {[HTMLElement, HTMLElement] | undefined} */
  let target
  if (field === 'name') target = [nameInput, byId('sub-name-error')]
  else if (field === 'trigger') target = [triggerInput, byId('trigger-error')]
  else if (field === 'preset') target = [presetSelect, byId('preset-hint')]
  else if (field?.startsWith('mapping.')) {
    const name = field.slice('mapping.'.length)
    const row = document.querySelector(`#mapping-fields [data-field="${CSS.escape(name)}"]`)
    const groupBox = document.querySelector(`#mapping-fields [data-error-for="${CSS.escape(name)}"]`)
    const box = /** @type {HTMLElement | null} */ (row?.querySelector('.produced') ?? groupBox)
    const control = /** @type {HTMLElement | null} */ (
      row?.querySelector('select') ?? groupBox?.closest('details')?.querySelector('summary') ?? null
    )
    if (box && control) target = [control, box]
  }
  if (!target) return
  const [control, box] = target
  box.textContent = message
  box.hidden = false
  control.setAttribute('aria-invalid', 'true')
  control.focus()
}

const checkTriggerSoon = debounced(() => void checkTrigger())
let triggerNumber = 0

/** The sample events a trigger is checked against: the one in the box, then the bundled examples. */
function triggerSamples() {
  const event = sampleEvent()
  const samples = examples.map((e) => ({ label: `${e.title} (example)`, event: e.event }))
  return event ? [{ label: 'the event in the box', event }, ...samples] : samples
}

async function checkTrigger() {
  const trigger = triggerInput.value.trim()
  const out = byId('trigger-check')
  const number = ++triggerNumber
  if (trigger === '') {
    out.textContent = 'FQL, as Segment writes subscriptions: type = "track" and event = "Order Completed".'
    triggerInput.removeAttribute('aria-invalid')
    return
  }
  const samples = triggerSamples()
  /** @type {{ status: number, body: any }} */
  let answer
  try {
    answer = await getJson('/gateway/triggers/check', {
      method: 'POST',
      body: JSON.stringify({ trigger, events: samples.map((s) => s.event) })
    })
  } catch (error) {
    answer = { status: 0, body: { error: /** @type {Error} */ (error).message } }
  }
  if (number !== triggerNumber) return
  if (answer.status === 404) {
    out.textContent = 'The gateway is not running: the trigger cannot be checked here.'
    return
  }
  if (answer.status !== 200 || !answer.body?.ok) {
    out.textContent = `Not a valid trigger: ${answer.body?.error ?? `the gateway answered ${answer.status}`}`
    out.classList.add('bad')
    triggerInput.setAttribute('aria-invalid', 'true')
    return
  }
  out.classList.remove('bad')
  triggerInput.removeAttribute('aria-invalid')
  /** @type {number[]} */
  const matches = answer.body.matches ?? []
  out.textContent =
    matches.length === 0
      ? `Valid; it takes none of the ${samples.length} sample events.`
      : `Valid; it takes ${matches.map((i) => samples[i]?.label ?? `event ${i}`).join(', ')}.`
}
// ---------------------------------------------------------------- results

/**
 * @param {number} httpStatus
 * @param {ExplainAnswer} answer
 * @param {boolean} run Run pressed (else a preview of an edit)
 */
function render(httpStatus, answer, run) {
  if (httpStatus !== 200) {
    // The body, the preset or the mapping was refused before any event ran: say which.
    const field = answer.field ?? ''
    const message = answer.error ?? `The server answered ${httpStatus}.`
    if (field === 'payload' || field.startsWith('payload[')) showInputError('event', message)
    status.textContent = `Not run: ${message}`
    clearResults()
    return
  }
  // An array is explained event by event; the page shows the first.
  const explanation = answer.events ? answer.events[0] : answer
  const more = answer.events && answer.events.length > 1 ? ` (showing the first of ${answer.events.length} events)` : ''
  lastExplanation = explanation
  status.textContent = (run ? '' : 'Preview: ') + summary(explanation, run) + more
  renderErrors(explanation.errors)
  renderFields(explanation)
  renderRequest(explanation)
  renderTrace(explanation.userData, explanation.payloadStage)
  renderHealth(explanation.health, actionSourceOf(explanation))
  showProduced(explanation)
}

/**
 * What happened, in one sentence a newcomer can act on: refused (by whom), built and not sent,
 * or sent and answered; and for a failed send, who retries it.
 * @param {Explanation} explanation
 * @param {boolean} run
 */
function summary(explanation, run) {
  const failed = sendFailure(explanation)
  if (failed) return failed
  const errors = explanation.errors.length
  if (errors > 0)
    return `${run ? 'Refused' : 'refused'}: ${errors} error${
      errors === 1 ? '' : 's'
    }, shown next to the fields that caused ${errors === 1 ? 'it' : 'them'}.`
  if (!explanation.sent) return `${run ? 'Built' : 'built'} the Pinterest request; it was not sent.`
  return `${run ? 'Sent' : 'sent'}; the answer was ${explanation.response ? explanation.response.status : 'missing'}.`
}

/**
 * A request that was built but failed on its way or at Pinterest: what happened and who retries.
 * @param {Explanation} explanation
 */
function sendFailure(explanation) {
  const error = explanation.errors.find((e) => e.source === 'pinterest')
  if (!error || !explanation.request) return undefined
  const retryable = error.code === 'RETRYABLE_ERROR' || error.status === 429 || error.status >= 500
  const retries = retryable
    ? 'Nothing retries on this page (Run again to retry); the gateway retries failures like this one for events it takes on /v1/track.'
    : 'Sending it again would fail the same way, here or through the gateway: fix what the answer names.'
  const what = explanation.response
    ? `Pinterest answered ${explanation.response.status}: ${error.message}`
    : `Pinterest could not be reached: ${error.message}`
  return `The request was built; ${what} ${retries}`
}

function clearResults() {
  for (const id of ['fields', 'request', 'trace', 'health'])
    byId(id).replaceChildren(h('p', { class: 'empty' }, ['Nothing to show.']))
  byId('errors').hidden = true
}

/** @param {ExplainedError[]} errors */
function renderErrors(errors) {
  const box = byId('errors')
  box.replaceChildren()
  box.hidden = errors.length === 0
  if (errors.length === 0) return
  const list = h('ul')
  for (const error of errors) {
    const links = error.fields.map((field) => h('a', { href: `#field-${field.replace(/\[\d+\]/g, '')}` }, [field]))
    const named =
      links.length > 0
        ? [
            h(
              'span',
              { class: 'error-fields' },
              links.flatMap((link, i) => (i === 0 ? [link] : [', ', link]))
            ),
            ': '
          ]
        : []
    list.append(h('li', {}, [...named, error.message]))
  }
  box.append(h('h3', {}, [errors.length === 1 ? 'Error' : 'Errors']), list)
}

/** @param {Explanation} explanation */
function renderFields(explanation) {
  const box = byId('fields')
  box.replaceChildren()
  box.append(
    h('p', { class: 'hint' }, [
      explanation.payloadStage === 'validated'
        ? 'As the action received it, after the framework mapped and validated it.'
        : 'As the mapping produced it: the framework’s validation refused it before the action ran.'
    ])
  )
  const list = h('ul', { class: 'fields' })
  const empty = []
  for (const field of explanation.fields) {
    if (field.group) {
      if (field.errors.length > 0) list.append(fieldRow(field))
      continue
    }
    if (field.value === undefined && field.errors.length === 0) {
      empty.push(field.field)
      continue
    }
    list.append(fieldRow(field))
  }
  box.append(list)
  if (empty.length > 0) box.append(h('p', { class: 'hint' }, [`No value: ${empty.join(', ')}.`]))
}

/** @param {FieldView} field */
function fieldRow(field) {
  const errorId = `error-${field.field}`
  return h(
    'li',
    {
      class: field.errors.length > 0 ? 'field has-error' : 'field',
      id: `field-${field.field}`,
      'data-field': field.field
    },
    [
      h('span', { class: 'field-name' }, [
        h('code', {}, [field.field]),
        ' ',
        h('span', { class: 'label' }, [field.label])
      ]),
      h('code', { class: 'value', 'aria-describedby': field.errors.length > 0 ? errorId : undefined }, [
        field.value === undefined ? '(no value)' : JSON.stringify(field.value)
      ]),
      field.source ? h('span', { class: 'source' }, [`from ${field.source}`]) : null,
      field.errors.length > 0 ? h('p', { class: 'field-error', id: errorId }, [field.errors.join(' ')]) : null
    ]
  )
}

/** @param {Explanation} explanation */
function renderRequest(explanation) {
  const box = byId('request')
  box.replaceChildren()
  const request = explanation.request
  const failedOnItsWay = !explanation.response && explanation.errors.some((e) => e.source === 'pinterest')
  if (!request) {
    box.append(h('p', { class: 'empty' }, ['No request was built: see the errors.']))
    return
  }
  box.append(
    h('p', {}, [
      h('span', { class: explanation.sent ? 'badge sent' : 'badge' }, [
        explanation.sent ? 'sent' : failedOnItsWay ? 'built; sending failed' : 'built, not sent'
      ]),
      ' ',
      h('code', { class: 'url' }, [`${request.method} ${request.url}`])
    ]),
    h('h4', {}, ['Body']),
    h('pre', { class: 'json', id: 'request-body', tabindex: '0', 'aria-label': 'Pinterest request body' }, [
      JSON.stringify(request.body, null, 2)
    ])
  )
  const response = explanation.response
  box.append(h('h4', {}, ['Answer']))
  if (!response) {
    box.append(
      h('p', { class: 'empty' }, [
        failedOnItsWay ? 'None: Pinterest could not be reached (see above).' : 'None: the request was not sent.'
      ])
    )
    return
  }
  const testHeader = response.headers?.['x-sandbox-test-mode']
  box.append(
    h('p', {}, [
      h('span', { class: response.status < 300 ? 'badge ok' : 'badge bad' }, [String(response.status)]),
      testHeader ? ' test mode: Pinterest records nothing' : ''
    ]),
    h('pre', { class: 'json', id: 'response-body', tabindex: '0', 'aria-label': 'Answer body' }, [
      JSON.stringify(response.body, null, 2)
    ])
  )
}

/**
 * @param {UserDataView[]} rows
 * @param {string} stage
 */
function renderTrace(rows, stage) {
  const box = byId('trace')
  box.replaceChildren()
  if (rows.length === 0) {
    box.append(
      h('p', { class: 'empty' }, [
        stage === 'mapped'
          ? 'None: the framework refused the mapped payload before the destination saw it.'
          : 'None: the settings are unusable (see the errors).'
      ])
    )
    return
  }
  const empty = []
  for (const row of rows) {
    if (row.values.length === 0 && row.errors.length === 0) {
      empty.push(row.field)
      continue
    }
    const values = h('ul', { class: 'values' }, row.values.map(valueItem))
    box.append(
      h('section', { class: row.errors.length > 0 ? 'key has-error' : 'key', 'data-key': row.field }, [
        h('h4', {}, [
          h('code', {}, [row.field]),
          ' → ',
          h('code', {}, [row.pinterestKey]),
          h('span', { class: 'label' }, [row.hashed ? ' normalized, SHA-256' : ' sent as is'])
        ]),
        values,
        row.errors.length > 0 ? h('p', { class: 'field-error' }, [row.errors.join(' ')]) : null
      ])
    )
  }
  if (empty.length > 0) box.append(h('p', { class: 'hint' }, [`No value: ${empty.join(', ')}.`]))
}

/** @param {ValueView} value */
function valueItem(value) {
  /** @type {[string, string, string?][]} */
  const parts = []
  if (value.input !== undefined) parts.push(['input', value.input])
  if (value.normalized !== undefined) parts.push(['normalized', value.normalized, 'normalized'])
  if (value.digest !== undefined) parts.push(['SHA-256', value.digest, 'digest'])
  if (value.output !== undefined) parts.push(['sent', value.output])
  const status = value.status === 'dropped' ? 'dropped' : value.status === 'prehashed' ? 'passed through' : value.status
  return h('li', { class: `value ${value.status}` }, [
    h('span', { class: 'badge' }, [status]),
    h(
      'dl',
      {},
      parts.map(([term, detail, kind]) =>
        h('div', {}, [h('dt', {}, [term]), h('dd', {}, [h('code', { class: kind }, [detail])])])
      )
    ),
    value.note ? h('p', { class: value.status === 'dropped' ? 'note dropped-reason' : 'note' }, [value.note]) : null
  ])
}

/**
 * The action source the destination gave the event, as the request carries it.
 * @param {Explanation} explanation
 * @returns {string | undefined}
 */
function actionSourceOf(explanation) {
  const body = explanation.request?.body
  const data = isObject(body) && Array.isArray(body.data) ? body.data[0] : undefined
  return isObject(data) && typeof data.action_source === 'string' ? data.action_source : undefined
}

/**
 * @param {HealthView | null} health
 * @param {string | undefined} actionSource
 */
function renderHealth(health, actionSource) {
  const box = byId('health')
  box.replaceChildren()
  if (!health) {
    box.append(h('p', { class: 'empty' }, ['None: no Pinterest event was built.']))
    return
  }
  const lacks = health.lacks
  box.append(
    h('p', {}, [
      'Grade: ',
      h('strong', { class: 'grade' }, [health.grade ?? 'none']),
      ' — what a stream of events like this one would earn.'
    ]),
    h('h4', {}, ['Carries']),
    signalList(health.carries, 'carries'),
    h('h4', {}, ['Lacks']),
    signalList(lacks, 'lacks')
  )
  if (health.cannotCarry.length > 0) {
    box.append(
      h('p', { class: 'hint' }, [
        `Not counted for a ${actionSource} event (it cannot carry them): ${health.cannotCarry
          .map((s) => s.label)
          .join(', ')}.`
      ])
    )
  }
  const next = nextGrade(health, lacks)
  box.append(
    h('h4', {}, [next.title]),
    h(
      'ul',
      { class: 'blockers' },
      next.blockers.map((text) => h('li', {}, [text]))
    )
  )
  const unverified = health.checks.filter((check) => check.status === 'unverified')
  if (unverified.length > 0) {
    box.append(
      h('h4', {}, ['Not decidable from one event (the grade assumes them met)']),
      h(
        'ul',
        {},
        unverified.map((check) => h('li', {}, [check.summary]))
      )
    )
  }
}

/**
 * The grade above this one and what keeps the event from it, in the health module's words.
 * @param {HealthView} health
 * @param {SignalView[]} lacks
 * @returns {{ title: string, blockers: string[] }}
 */
function nextGrade(health, lacks) {
  if (health.grade === 'Poor')
    return { title: 'What stands between it and Good/Fair', blockers: health.goodFairBlockers }
  if (health.grade === 'Great') return { title: 'Next grade', blockers: ['None: Great is the highest grade.'] }
  const failing = health.checks.filter((check) => check.neededFor === 'Great' && check.status === 'fail')
  const missing = lacks.filter((signal) => signal.priority !== 'high')
  return {
    title: 'What stands between it and Great',
    blockers: [
      ...missing.map((signal) => `${signal.label} (${signal.priority}): not on this event`),
      ...failing.map((check) => `Great needs every medium and low priority id: ${check.summary}`)
    ]
  }
}

/**
 * @param {SignalView[]} signals
 * @param {string} kind
 */
function signalList(signals, kind) {
  if (signals.length === 0) return h('p', { class: `empty ${kind}` }, ['nothing'])
  return h(
    'ul',
    { class: `signals ${kind}` },
    signals.map((s) => h('li', { class: `signal ${s.priority}` }, [h('code', {}, [s.label]), ` ${s.priority}`]))
  )
}

// ---------------------------------------------------------------- wiring

presetSelect.addEventListener('change', presetChanged)
exampleSelect.addEventListener('change', pickExample)
byId('use-example-preset').addEventListener('click', useExamplePreset)
const eventEdited = debounced(sampleChanged)
eventInput.addEventListener('input', eventEdited)
triggerInput.addEventListener('input', checkTriggerSoon)
testMode.addEventListener('change', schedulePreview)
byId('reset-edits').addEventListener('click', () => {
  overrides = {}
  renderEditor()
  byId('editor').focus()
})
byId('new-subscription').addEventListener('click', newSubscription)
saveButton.addEventListener('click', () => {
  clearSubscriptionErrors()
  void saveSubscription(subscriptionFromForm())
})
form.addEventListener('submit', run)
load().catch((error) => {
  status.textContent = `Could not load the presets and examples: ${error.message}`
})
void loadSubscriptions()
