// @ts-check
/**
 * The messageId box: an event's story (GET /gateway/events/:messageId), told in plain words, for
 * each subscription that took it: where it is now, why, and what happened at each attempt.
 * @import { EventStory, SubscriptionStory } from './types'
 */
import { getJson } from './api.js'
import { byId, h } from './dom.js'
import { kindWords, stateWords, timeWords } from './refusal-words.js'

const input = /** @type {HTMLInputElement} */ (byId('story-id'))
const box = byId('story')

/** @param {string} messageId */
export async function showStory(messageId) {
  input.value = messageId
  const id = messageId.trim()
  if (id === '') {
    box.replaceChildren(h('p', { class: 'field-error' }, ['Give the messageId of an event.']))
    return
  }
  box.replaceChildren(h('p', { class: 'hint' }, ['Asking the gateway…']))
  const answer = await getJson(`/gateway/events/${encodeURIComponent(id)}`)
  if (answer.status !== 200) {
    const why = answer.body?.error ?? `The gateway answered ${answer.status}.`
    box.replaceChildren(h('p', { class: answer.status === 404 ? 'hint' : 'field-error' }, [why]))
    return
  }
  const story = /** @type {EventStory} */ (answer.body)
  box.replaceChildren(
    h('p', {}, [
      `Event ${story.messageId}: `,
      story.events.length === 1 ? 'one subscription took it.' : `${story.events.length} subscriptions took it.`
    ]),
    ...story.events.map(storyOf)
  )
}

/** @param {SubscriptionStory} event */
function storyOf(event) {
  const where = event.subscription === null ? 'No subscription' : `${event.destination} / ${event.subscription}`
  return h(
    'section',
    { class: 'story-event', 'data-subscription': event.subscription ?? '', 'data-state': event.state },
    [
      h('h4', {}, [where]),
      h('p', { class: 'story-now' }, [nowWords(event)]),
      event.warnings.length > 0 &&
        h('p', {}, ['Values left out: ', event.warnings.map((w) => `${w.field} (${w.reason})`).join('; '), '.']),
      event.pinterest?.error_message && h('p', {}, [`Pinterest said: ${event.pinterest.error_message}`]),
      event.pinterest?.warning_message && h('p', {}, [`Pinterest warned: ${event.pinterest.warning_message}`]),
      event.duplicates > 0 &&
        h('p', { class: 'hint' }, [
          `Received ${event.duplicates} more time${
            event.duplicates === 1 ? '' : 's'
          } and not stored again (the sender retried).`
        ]),
      h(
        'ol',
        { class: 'story-history' },
        event.history.map((step) =>
          h('li', {}, [
            `${timeWords(step.at)}: ${stateWords(step.state)}`,
            step.attempts > 0 ? `, attempt ${step.attempts}` : '',
            step.status !== undefined ? `, HTTP ${step.status}` : '',
            step.reason ? ` (${kindWords(step.reason)})` : ''
          ])
        )
      )
    ]
  )
}

/** Where the event is now, and why, in one sentence. @param {SubscriptionStory} event */
function nowWords(event) {
  const tries = `${event.attempts} attempt${event.attempts === 1 ? '' : 's'}`
  switch (event.state) {
    case 'queued':
      return event.in_flight
        ? `Being delivered now (received ${timeWords(event.received_at)}, ${tries} so far).`
        : `Waiting in the queue since ${timeWords(event.received_at)}; next attempt ${
            event.next_attempt_at ? timeWords(event.next_attempt_at) : 'soon'
          } (${tries} so far).`
    case 'delivered':
      return `Delivered to Pinterest ${timeWords(event.updated_at)}, after ${tries}.`
    case 'dead_lettered':
      return `Dead-lettered ${timeWords(event.updated_at)} after ${tries}: ${
        event.refusal ? `${kindWords(event.refusal.reason)}. ${event.refusal.message}` : 'no reason recorded.'
      }${event.refusal?.fields?.length ? ` Fields: ${event.refusal.fields.join(', ')}.` : ''}`
    default:
      return `${stateWords(event.state)[0].toUpperCase()}${stateWords(event.state).slice(1)} (${timeWords(
        event.updated_at
      )}).`
  }
}

export function mountStory() {
  byId('story-form').addEventListener('submit', (submitted) => {
    submitted.preventDefault()
    void showStory(input.value)
  })
}
