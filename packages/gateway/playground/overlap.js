// @ts-check
/**
 * Two enabled subscriptions of a destination that take the same event both send it: the editor
 * names the others that take its sample (POST /gateway/destinations/:id/overlaps) and says
 * whether Pinterest deduplicates them (the same event name and event ID) or counts it twice.
 */
import { getJson } from './api.js'
import { enabledBox, triggerInput } from './controls.js'
import { debounced } from './debounce.js'
import { byId, h } from './dom.js'
import { MAPPING_CHANGED } from './editor.js'
import { mappingToSave } from './mapping.js'
import { sampleEvent } from './sample.js'
import { state } from './state.js'

const OVERLAPS = '/gateway/destinations/pinterest/overlaps'

/** @typedef {{ event_name: unknown, event_id: unknown }} Identity */
/** @typedef {Identity & { id: string, name: string, deduplicated: boolean }} Overlap */

let checkNumber = 0

async function checkOverlaps() {
  const number = ++checkNumber
  const event = sampleEvent()
  const trigger = triggerInput.value.trim()
  /** @type {{ status: number, body: any }} */
  let answer = { status: 0, body: undefined }
  if (event && trigger !== '' && enabledBox.checked) {
    const body = { event, trigger, ...(state.editingId && { id: state.editingId }), ...mappingToSave() }
    try {
      answer = await getJson(OVERLAPS, { method: 'POST', body: JSON.stringify(body) })
    } catch {
      // Said nowhere: without an answer there is nothing to warn about.
    }
  }
  if (number !== checkNumber) return
  /** @type {Overlap[]} */
  const overlaps = answer.status === 200 && Array.isArray(answer.body?.overlaps) ? answer.body.overlaps : []
  const box = byId('overlap')
  box.hidden = overlaps.length === 0
  box.replaceChildren()
  if (overlaps.length === 0) return
  const others =
    overlaps.length === 1 ? 'another enabled subscription' : `${overlaps.length} other enabled subscriptions`
  box.append(
    h('p', {}, [h('strong', {}, ['Sent more than once: ']), `the sample event is also taken by ${others}.`]),
    h(
      'ul',
      {},
      overlaps.map((other) => h('li', {}, [sentence(other, answer.body)]))
    )
  )
}

/**
 * @param {Overlap} other
 * @param {Identity} own
 */
function sentence(other, own) {
  const name = `“${other.name}”`
  if (other.deduplicated)
    return `${name} sends it as ${own.event_name} with the same event ID: Pinterest deduplicates the two and counts it once.`
  const how =
    other.event_name !== own.event_name
      ? `as ${other.event_name}, this one as ${own.event_name}`
      : `as ${own.event_name} too, with another event ID`
  return `${name} sends it ${how}: Pinterest counts it twice.`
}

export const checkOverlapsSoon = debounced(() => void checkOverlaps())

export function mountOverlap() {
  byId('editor').addEventListener(MAPPING_CHANGED, checkOverlapsSoon)
  triggerInput.addEventListener('input', checkOverlapsSoon)
  enabledBox.addEventListener('change', checkOverlapsSoon)
}
