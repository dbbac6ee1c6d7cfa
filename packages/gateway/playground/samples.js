// @ts-check
/**
 * Real samples: the editor previews a subscription on a recent call its trigger takes (GET
 * /gateway/recent-calls, newest first, the others a pick away), else on a bundled example the
 * trigger takes. Nothing here is an error: without either, the box waits for an event.
 */
import { getJson } from './api.js'
import { eventInput, exampleSelect, triggerInput } from './controls.js'
import { debounced } from './debounce.js'
import { byId, h } from './dom.js'
import { renderEditor } from './editor.js'
import { clearInputError } from './sample.js'
import { state } from './state.js'
import { checkTriggerSoon } from './trigger.js'

/** As many as a person can pick from; the gateway keeps at most 100, for an hour. */
const LIMIT = 20

const recentSelect = /** @type {HTMLSelectElement} */ (byId('recent'))
const hint = byId('recent-hint')
let askNumber = 0

/**
 * Puts the newest recent call the trigger takes in the box (else a bundled example it takes),
 * unless the person has changed the box meanwhile. With `onlyIfEmpty`, a sample already there stays.
 * @param {{ onlyIfEmpty?: boolean }} [how]
 */
export async function openSamples({ onlyIfEmpty = false } = {}) {
  const before = eventInput.value
  const number = ++askNumber
  const trigger = triggerInput.value.trim()
  state.recent = trigger === '' ? [] : await recentTaking(trigger)
  if (number !== askNumber) return
  listRecent()
  if (!untouched(before) || (onlyIfEmpty && before.trim() !== '')) return
  if (state.recent.length > 0) {
    recentSelect.value = '0'
    show(state.recent[0].event)
    hint.textContent =
      state.recent.length === 1
        ? 'The one event this trigger took in the last hour.'
        : `The newest of the ${countOf(state.recent.length)} this trigger took in the last hour.`
    return
  }
  const example = trigger === '' ? undefined : await exampleTaking(trigger)
  if (number !== askNumber || !untouched(before)) return
  if (example) {
    exampleSelect.value = example.name
    show(example.event)
    hint.textContent = `No event of this trigger in the last hour: the bundled example ${example.title} is in the box.`
  } else {
    // An event another subscription was shown on would read as this one's.
    if (!onlyIfEmpty) show(undefined)
    hint.textContent = 'No event of this trigger in the last hour, and no bundled example it takes: paste one below.'
  }
}

/**
 * The box as it was when the samples were asked for, and not in the person's hands: a paste
 * that has just begun would land after what is put there.
 * @param {string} before
 */
function untouched(before) {
  return eventInput.value === before && document.activeElement !== eventInput
}

/**
 * @param {string} trigger
 * @returns {Promise<{ received_at: string, event: Record<string, unknown> }[]>}
 */
async function recentTaking(trigger) {
  try {
    const answer = await getJson(`/gateway/recent-calls?trigger=${encodeURIComponent(trigger)}&limit=${LIMIT}`)
    return answer.status === 200 && Array.isArray(answer.body?.calls) ? answer.body.calls : []
  } catch {
    return []
  }
}

/** The first bundled example the trigger takes, as the gateway's own FQL reads it. @param {string} trigger */
async function exampleTaking(trigger) {
  try {
    const answer = await getJson('/gateway/triggers/check', {
      method: 'POST',
      body: JSON.stringify({ trigger, events: state.examples.map((e) => e.event) })
    })
    const first = answer.body?.ok ? answer.body.matches?.[0] : undefined
    return typeof first === 'number' ? state.examples[first] : undefined
  } catch {
    return undefined
  }
}

function listRecent() {
  const calls = state.recent
  recentSelect.replaceChildren(
    h('option', { value: '' }, [calls.length === 0 ? '(none in the last hour)' : `(${countOf(calls.length)})`]),
    ...calls.map((call, i) => h('option', { value: String(i) }, [describeCall(call)]))
  )
  recentSelect.disabled = calls.length === 0
  if (calls.length === 0) hint.textContent = 'The gateway keeps the calls of the last hour in memory, for this.'
}

/** @param {{ received_at: string, event: Record<string, unknown> }} call */
function describeCall({ received_at, event }) {
  const what = typeof event.event === 'string' ? event.event : typeof event.name === 'string' ? event.name : event.type
  const when = new Date(received_at).toLocaleTimeString()
  return `${what} at ${when} (${event.messageId})`
}

/** @param {number} count */
function countOf(count) {
  return count === 1 ? '1 recent event' : `${count} recent events`
}

/** @param {unknown} event undefined: none, the box left empty */
function show(event) {
  eventInput.value = event === undefined ? '' : JSON.stringify(event, null, 2)
  clearInputError('event')
  renderEditor()
  checkTriggerSoon()
}

function pickRecent() {
  const call = state.recent[Number(recentSelect.value)]
  if (recentSelect.value === '' || !call) return
  show(call.event)
  hint.textContent = `Received at ${new Date(call.received_at).toLocaleTimeString()}; the others are a pick away.`
}

export function mountSamples() {
  recentSelect.addEventListener('change', pickRecent)
  // A new trigger takes other events: the list follows it, and an empty box gets one.
  triggerInput.addEventListener(
    'input',
    debounced(() => void openSamples({ onlyIfEmpty: true }))
  )
}
