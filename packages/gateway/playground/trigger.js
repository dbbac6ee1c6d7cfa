// @ts-check
/** The trigger (FQL) checked as it is typed, by the gateway's own parser, against the sample events. */
import { getJson } from './api.js'
import { triggerInput } from './controls.js'
import { debounced } from './debounce.js'
import { byId } from './dom.js'
import { sampleEvent } from './sample.js'
import { state } from './state.js'

export const checkTriggerSoon = debounced(() => void checkTrigger())
let triggerNumber = 0

/** The sample events a trigger is checked against: the one in the box, then the bundled examples. */
function triggerSamples() {
  const event = sampleEvent()
  const samples = state.examples.map((e) => ({ label: `${e.title} (example)`, event: e.event }))
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
    // The gateway's words, said once: "Not a valid trigger: a "(" is not closed."
    out.textContent = answer.body?.error ?? `The gateway answered ${answer.status}.`
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

export function mountTrigger() {
  triggerInput.addEventListener('input', checkTriggerSoon)
}
