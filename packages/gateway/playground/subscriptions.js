// @ts-check
/**
 * The gateway's subscriptions (its admin routes under /gateway): listed, switched on and off,
 * loaded into the editor, duplicated, deleted after asking in place, and saved from the form.
 * @import { Mapping, Subscription } from './types'
 */
import { getJson } from './api.js'
import { enabledBox, nameInput, presetSelect, saveButton, triggerInput } from './controls.js'
import { button, byId, h } from './dom.js'
import { renderEditor } from './editor.js'
import { currentPreset, fullMapping } from './mapping.js'
import { describePreset } from './pickers.js'
import { state } from './state.js'
import { checkTriggerSoon } from './trigger.js'
import { copy } from './values.js'

const SUBSCRIPTIONS = '/gateway/destinations/pinterest/subscriptions'

async function loadSubscriptions() {
  const gatewayStatus = byId('gateway-status')
  /** @type {{ status: number, body: any }} */
  let answer
  try {
    answer = await getJson(SUBSCRIPTIONS)
  } catch (error) {
    answer = { status: 0, body: { error: /** @type {Error} */ (error).message } }
  }
  const gatewayUp = answer.status === 200 && Array.isArray(answer.body?.subscriptions)
  saveButton.disabled = !gatewayUp
  const newButton = /** @type {HTMLButtonElement} */ (byId('new-subscription'))
  newButton.disabled = !gatewayUp
  if (!gatewayUp) {
    state.subscriptions = []
    renderSubscriptions()
    gatewayStatus.textContent =
      answer.status === 404
        ? 'The gateway is not running on this server (its admin routes answer 404): subscriptions cannot be listed or saved here. The editor and the preview work without it.'
        : `The gateway did not answer (${
            answer.body?.error ?? answer.status
          }): subscriptions cannot be listed or saved. The editor and the preview still work.`
    return
  }
  state.subscriptions = answer.body.subscriptions
  const [config, counts] = await Promise.all([getJson('/gateway/config'), getJson('/gateway/status')])
  const where = config.body?.default
    ? `no configuration saved yet, so every preset is one; saving writes ${config.body.path}`
    : `configuration: ${config.body?.path ?? 'saved'}`
  const c = counts.body ?? {}
  gatewayStatus.textContent =
    `${state.subscriptions.length} subscription${state.subscriptions.length === 1 ? '' : 's'} of the running gateway ` +
    `(${where}); saving applies at once, without a restart. ` +
    `Events: ${c.accepted ?? 0} accepted, ${c.queued ?? 0} queued, ${c.delivered ?? 0} delivered, ` +
    `${c.dead_lettered ?? 0} dead-lettered.`
  renderSubscriptions()
}

function renderSubscriptions() {
  const list = byId('subscriptions')
  list.replaceChildren()
  for (const subscription of state.subscriptions) {
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
 * Loads a subscription into the editor; a duplicate is a new subscription with its content.
 * @param {Subscription} subscription
 * @param {boolean} duplicate
 */
function editSubscription(subscription, duplicate) {
  state.editingId = duplicate ? null : subscription.id
  nameInput.value = duplicate ? `${subscription.name} (copy)` : subscription.name
  triggerInput.value = subscription.trigger
  enabledBox.checked = subscription.enabled !== false
  const preset = state.presets.find((p) => p.name.toLowerCase() === (subscription.preset ?? '').toLowerCase())
  presetSelect.value = preset?.name ?? ''
  state.presetTrigger = preset?.subscribe ?? ''
  state.overrides = /** @type {Mapping} */ (copy(subscription.mapping ?? {}))
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
  state.editingId = null
  nameInput.value = ''
  triggerInput.value = currentPreset()?.subscribe ?? ''
  state.presetTrigger = triggerInput.value
  enabledBox.checked = true
  state.overrides = {}
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
  if (answer.status === 200 && state.editingId === subscription.id) state.editingId = null
  await loadSubscriptions()
  byId('new-subscription').focus()
}

/** What Save sends: with a preset, only the edited keys (each whole); without, the whole mapping. */
function subscriptionFromForm() {
  /** @type {Record<string, unknown>} */
  const body = { name: nameInput.value.trim(), trigger: triggerInput.value.trim(), enabled: enabledBox.checked }
  if (presetSelect.value) {
    body.preset = presetSelect.value
    if (Object.keys(state.overrides).length > 0) body.mapping = copy(state.overrides)
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
  const id = typeof body.id === 'string' ? body.id : state.editingId
  const { id: _ignored, ...content } = body
  const answer = id
    ? await getJson(`${SUBSCRIPTIONS}/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(content) })
    : await getJson(SUBSCRIPTIONS, { method: 'POST', body: JSON.stringify(content) })
  const saveStatus = byId('save-status')
  if (answer.status === 200 || answer.status === 201) {
    const saved = /** @type {Subscription} */ (answer.body.subscription)
    saveStatus.textContent = `Saved “${saved.name}” (${saved.id}): the running gateway uses it from now on.`
    if (typeof body.id !== 'string') {
      state.editingId = saved.id
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

export function mountSubscriptions() {
  byId('new-subscription').addEventListener('click', newSubscription)
  saveButton.addEventListener('click', () => {
    clearSubscriptionErrors()
    void saveSubscription(subscriptionFromForm())
  })
  void loadSubscriptions()
}
