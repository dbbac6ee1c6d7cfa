// @ts-check
/**
 * The playground page: loads the presets (GET /manifest), the bundled examples (GET /examples)
 * and the settings in use (GET /explain), sends the event to POST /explain and shows the answer.
 * It knows no normalization rule: every digest, normalized string and reason on the page comes
 * from the server, which takes them from the destination's own code.
 *
 * Plain browser JavaScript, served as it is (no build step); type-checked by `npm test`
 * through playground/tsconfig.json. Text from the answer is only ever set as textContent.
 */
// A module: its names stay out of the page's globals (window.status, say), and it runs after parsing.
export {}

/**
 * @typedef {{ name: string, subscribe: string, mapping?: Record<string, unknown> }} Preset
 * @typedef {{ name: string, title: string, type: string, presets: string[], event: unknown }} Example
 * @typedef {{ mode: string, description: string, sends: boolean, ad_account_id: string, test_mode: boolean, partner_name?: string, default_phone_country?: string }} SettingsView
 * @typedef {{ field: string, label: string, parent?: string, group?: boolean, source?: string, value?: unknown, errors: string[] }} FieldView
 * @typedef {{ input?: string, status: string, normalized?: string, digest?: string, reason?: string, note?: string, output?: string }} ValueView
 * @typedef {{ field: string, label: string, pinterestKey: string, hashed: boolean, values: ValueView[], output?: string | string[], errors: string[] }} UserDataView
 * @typedef {{ message: string, fields: string[], source: string, status: number }} ExplainedError
 * @typedef {{ signal: string, label: string, priority: string }} SignalView
 * @typedef {{ grade: string | null, carries: SignalView[], lacks: SignalView[], goodFairBlockers: string[], checks: { id: string, neededFor: string, status: string, summary: string }[] }} HealthView
 * @typedef {{ method: string, url: string, headers?: Record<string, string>, body: unknown }} RequestView
 * @typedef {{ status: number, headers?: Record<string, string>, body: unknown }} ResponseView
 * @typedef {{ ok: boolean, sent: boolean, fields: FieldView[], payloadStage: string, userData: UserDataView[], request: RequestView | null, response: ResponseView | null, errors: ExplainedError[], health: HealthView | null }} Explanation
 * @typedef {Explanation & { index: number }} IndexedExplanation
 * @typedef {Explanation & { mode: string, preset?: string, settings: SettingsView, events?: IndexedExplanation[], error?: string, field?: string }} ExplainAnswer
 */

/** @type {Preset[]} */
let presets = []
/** @type {Example[]} */
let examples = []
/** @type {SettingsView | undefined} */
let settings

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
const mappingInput = /** @type {HTMLTextAreaElement} */ (byId('mapping'))
const testMode = /** @type {HTMLInputElement} */ (byId('test-mode'))
const sendBox = /** @type {HTMLInputElement} */ (byId('send'))
const runButton = /** @type {HTMLButtonElement} */ (byId('run'))
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
 */
async function getJson(path, init) {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json' }
  })
  return { status: response.status, body: await response.json() }
}

// ---------------------------------------------------------------- loading

async function load() {
  const [manifest, exampleList, explainInfo] = await Promise.all([
    getJson('/manifest'),
    getJson('/examples'),
    getJson('/explain')
  ])
  presets = manifest.body.presets ?? []
  examples = exampleList.body.examples ?? []
  settings = explainInfo.body.settings
  for (const preset of presets) presetSelect.append(h('option', { value: preset.name }, [preset.name]))
  for (const example of examples) {
    const takenBy = example.presets.length > 0 ? ` (${example.presets.join(', ')})` : ''
    exampleSelect.append(h('option', { value: example.name }, [`${example.title}${takenBy}`]))
  }
  describePreset()
  showSettings()
}

function describePreset() {
  const preset = presets.find((p) => p.name === presetSelect.value)
  byId('preset-hint').textContent = preset
    ? `Subscribes to: ${preset.subscribe}. Its mapping is the base; the overrides are laid over it.`
    : 'Without a preset the action’s default mappings are the base; event_name then has to come from the overrides.'
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

function pickExample() {
  const example = examples.find((e) => e.name === exampleSelect.value)
  if (!example) return
  eventInput.value = JSON.stringify(example.event, null, 2)
  if (example.presets.length > 0) {
    presetSelect.value = example.presets[0]
    describePreset()
  }
  clearInputError('event')
}

function copyMapping() {
  const preset = presets.find((p) => p.name === presetSelect.value)
  mappingInput.value = JSON.stringify(preset?.mapping ?? {}, null, 2)
  clearInputError('mapping')
  mappingInput.focus()
}

// ---------------------------------------------------------------- running

/**
 * @param {'event' | 'mapping'} name
 * @param {string} message
 */
function showInputError(name, message) {
  const box = byId(`${name}-error`)
  box.textContent = message
  box.hidden = false
  byId(name).setAttribute('aria-invalid', 'true')
}

/** @param {'event' | 'mapping'} name */
function clearInputError(name) {
  byId(`${name}-error`).hidden = true
  byId(name).removeAttribute('aria-invalid')
}

/**
 * The JSON of a text box, or undefined after showing why it is not JSON next to the box.
 * @param {'event' | 'mapping'} name
 * @param {HTMLTextAreaElement} input
 */
function readJson(name, input) {
  clearInputError(name)
  const text = input.value.trim()
  if (text === '') {
    if (name === 'mapping') return {}
    showInputError(name, 'Paste a Segment event, or pick an example.')
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    showInputError(name, `Not JSON: ${/** @type {Error} */ (error).message}`)
    return undefined
  }
}

/** @param {SubmitEvent} submitted */
async function run(submitted) {
  submitted.preventDefault()
  const payload = readJson('event', eventInput)
  const mapping = readJson('mapping', mappingInput)
  if (payload === undefined) return eventInput.focus()
  if (mapping === undefined) return mappingInput.focus()
  /** @type {Record<string, unknown>} */
  const body = { payload }
  if (presetSelect.value) body.preset = presetSelect.value
  if (Object.keys(mapping).length > 0) body.mapping = mapping
  if (settings && testMode.checked !== settings.test_mode) body.settings = { test_mode: testMode.checked }
  const query = settings && !settings.sends && sendBox.checked ? '?send=true' : ''

  runButton.disabled = true
  results.setAttribute('aria-busy', 'true')
  status.textContent = 'Running…'
  try {
    const answer = await getJson(`/explain${query}`, { method: 'POST', body: JSON.stringify(body) })
    render(answer.status, answer.body)
  } catch (error) {
    status.textContent = `The server did not answer: ${/** @type {Error} */ (error).message}`
  } finally {
    runButton.disabled = false
    results.removeAttribute('aria-busy')
  }
}

// ---------------------------------------------------------------- results

/**
 * @param {number} httpStatus
 * @param {ExplainAnswer} answer
 */
function render(httpStatus, answer) {
  if (httpStatus !== 200) {
    // The body, the preset or the mapping was refused before any event ran: say which.
    const field = answer.field ?? ''
    const message = answer.error ?? `The server answered ${httpStatus}.`
    if (field === 'payload' || field.startsWith('payload[')) showInputError('event', message)
    else if (field === 'mapping') showInputError('mapping', message)
    status.textContent = `Not run: ${message}`
    clearResults()
    return
  }
  // An array is explained event by event; the page shows the first.
  const explanation = answer.events ? answer.events[0] : answer
  const more = answer.events && answer.events.length > 1 ? ` (showing the first of ${answer.events.length} events)` : ''
  status.textContent = summary(explanation) + more
  renderErrors(explanation.errors)
  renderFields(explanation)
  renderRequest(explanation)
  renderTrace(explanation.userData, explanation.payloadStage)
  renderHealth(explanation.health)
}

/** @param {Explanation} explanation */
function summary(explanation) {
  const errors = explanation.errors.length
  if (errors > 0)
    return `Refused: ${errors} error${errors === 1 ? '' : 's'}, shown next to the fields that caused ${
      errors === 1 ? 'it' : 'them'
    }.`
  if (!explanation.sent) return 'Built the Pinterest request; it was not sent.'
  return `Sent; the answer was ${explanation.response ? explanation.response.status : 'missing'}.`
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
  if (!request) {
    box.append(h('p', { class: 'empty' }, ['No request was built: see the errors.']))
    return
  }
  box.append(
    h('p', {}, [
      h('span', { class: explanation.sent ? 'badge sent' : 'badge' }, [explanation.sent ? 'sent' : 'built, not sent']),
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
    box.append(h('p', { class: 'empty' }, ['None: the request was not sent.']))
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

/** @param {HealthView | null} health */
function renderHealth(health) {
  const box = byId('health')
  box.replaceChildren()
  if (!health) {
    box.append(h('p', { class: 'empty' }, ['None: no Pinterest event was built.']))
    return
  }
  box.append(
    h('p', {}, [
      'Grade: ',
      h('strong', { class: 'grade' }, [health.grade ?? 'none']),
      ' — what a stream of events like this one would earn.'
    ]),
    h('h4', {}, ['Carries']),
    signalList(health.carries),
    h('h4', {}, ['Lacks']),
    signalList(health.lacks)
  )
  if (health.goodFairBlockers.length > 0) {
    box.append(
      h('h4', {}, ['Held back from Good/Fair by']),
      h(
        'ul',
        {},
        health.goodFairBlockers.map((text) => h('li', {}, [text]))
      )
    )
  }
}

/** @param {SignalView[]} signals */
function signalList(signals) {
  if (signals.length === 0) return h('p', { class: 'empty' }, ['nothing'])
  return h(
    'ul',
    { class: 'signals' },
    signals.map((s) => h('li', { class: `signal ${s.priority}` }, [h('code', {}, [s.label]), ` ${s.priority}`]))
  )
}

// ---------------------------------------------------------------- wiring

presetSelect.addEventListener('change', describePreset)
exampleSelect.addEventListener('change', pickExample)
byId('copy-mapping').addEventListener('click', copyMapping)
form.addEventListener('submit', (event) => void run(event))
load().catch((error) => {
  status.textContent = `Could not load the presets and examples: ${error.message}`
})
