// @ts-check
/**
 * The gateway's subscriptions (its admin routes under /gateway): listed, switched on and off,
 * loaded into the editor, duplicated, deleted after asking in place, and saved from the form.
 * @import { Mapping, Subscription } from './types'
 */
import { getJson } from './api.js'
import { enabledBox, form, nameInput, presetSelect, saveButton, triggerInput } from './controls.js'
import { consentErrorTarget, consentFromForm, showConsent } from './consent.js'
import { button, byId, h } from './dom.js'
import { renderEditor, showRuleError } from './editor.js'
import { currentPreset, mappingToSave } from './mapping.js'
import { checkOverlapsSoon } from './overlap.js'
import { describePreset } from './pickers.js'
import { openSamples } from './samples.js'
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
  state.gatewayUp = gatewayUp
  refreshSave(showRuleError())
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
  // What a saved subscription lacks is its own, not the blank form's: said at once.
  state.untouched = false
  nameInput.value = duplicate ? `${subscription.name} (copy)` : subscription.name
  triggerInput.value = subscription.trigger
  enabledBox.checked = subscription.enabled !== false
  showConsent(subscription.consent)
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
  opened()
}

function newSubscription() {
  state.editingId = null
  state.untouched = true
  nameInput.value = ''
  triggerInput.value = currentPreset()?.subscribe ?? ''
  state.presetTrigger = triggerInput.value
  enabledBox.checked = true
  showConsent(undefined)
  state.overrides = {}
  byId('subscription-legend').textContent = 'New subscription (not saved)'
  byId('save-status').textContent = ''
  clearSubscriptionErrors()
  opened()
}

/** A subscription just put in the editor: shown on a recent real event its trigger takes, if the gateway has one. */
function opened() {
  setMappingError(null)
  renderEditor()
  checkTriggerSoon()
  nameInput.focus()
  void openSamples()
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

/** What Save sends. */
function subscriptionFromForm() {
  const consent = consentFromForm()
  return {
    name: nameInput.value.trim(),
    trigger: triggerInput.value.trim(),
    enabled: enabledBox.checked,
    ...(consent && { consent }),
    ...mappingToSave()
  }
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
    checkOverlapsSoon()
    return
  }
  const message = answer.body?.error ?? `The gateway answered ${answer.status}.`
  saveStatus.textContent = `Not saved: ${message}`
  // A switch of the list saves another subscription than the one in the editor: its error is said above only.
  if (id === state.editingId) showSubscriptionError(answer.body?.field, message)
}

/**
 * Keeps Save off while the gateway refuses the mapping, its error shown beside the field.
 * @param {{ field: string, message: string } | null} error `field` without `subscription.mapping.`
 */
export function setMappingError(error) {
  state.ruleError = error
  refreshSave(showRuleError())
}

/** @param {string | undefined} label the field the mapping error is shown beside */
function refreshSave(label) {
  saveButton.disabled = !state.gatewayUp || state.ruleError !== null
  const note = byId('save-blocked')
  note.hidden = state.ruleError === null
  note.className = state.untouched ? 'hint' : 'field-error'
  const field = label ?? 'the mapping'
  note.textContent = !state.ruleError
    ? ''
    : state.untouched
    ? `Save waits until ${field} has a value Pinterest takes.`
    : `Save waits until ${field} is fixed: see the error beside it.`
}

/** The person changed something: what keeps Save off is now said as an error beside its field. */
function touched() {
  if (!state.untouched) return
  state.untouched = false
  refreshSave(showRuleError())
}

function clearSubscriptionErrors() {
  /** @type {[HTMLElement, string][]} */
  const pairs = [
    [nameInput, 'sub-name-error'],
    [triggerInput, 'trigger-error'],
    [consentErrorTarget()[0], 'sub-consent-error']
  ]
  for (const [input, box] of pairs) {
    input.removeAttribute('aria-invalid')
    byId(box).hidden = true
  }
}

/**
 * Puts a refusal of the gateway next to the field it names (`subscription.name`,
 * `subscription.mapping.event_name`), and the focus on it.
 * @param {string | undefined} field
 * @param {string} message
 */
function showSubscriptionError(field, message) {
  clearSubscriptionErrors()
  const name = field?.replace(/^subscription\./, '')
  if (name?.startsWith('mapping.')) {
    setMappingError({ field: name.slice('mapping.'.length), message })
    const control = /** @type {HTMLElement | null} */ (byId('mapping-fields').querySelector('[aria-invalid="true"]'))
    control?.focus()
    return
  }
  /** @type {[HTMLElement, HTMLElement] | undefined} */
  let target
  if (name === 'name') target = [nameInput, byId('sub-name-error')]
  else if (name === 'trigger') target = [triggerInput, byId('trigger-error')]
  else if (name === 'preset') target = [presetSelect, byId('preset-hint')]
  else if (/(^|\.)consent(\.|$)/.test(name ?? '')) target = consentErrorTarget()
  if (!target) return
  const [control, box] = target
  box.textContent = message
  box.hidden = false
  control.setAttribute('aria-invalid', 'true')
  control.focus()
}

export function mountSubscriptions() {
  form.addEventListener('input', touched)
  form.addEventListener('change', touched)
  byId('new-subscription').addEventListener('click', newSubscription)
  saveButton.addEventListener('click', () => {
    clearSubscriptionErrors()
    void saveSubscription(subscriptionFromForm())
  })
  void loadSubscriptions()
}
