// @ts-check
/**
 * The dead letters in the delivery view (GET /gateway/delivery/dead-letters: personal values
 * masked by the gateway): read one by one (reason, fields, time, the event), sent again one by
 * one or all of one reason (POST /gateway/dead-letters/requeue), their story a click away.
 * @import { ReadableDeadLetter } from './types'
 */
import { getJson } from './api.js'
import { button, byId, h } from './dom.js'
import { kindWords, timeWords } from './refusal-words.js'
import { showStory } from './story.js'

/** The newest this many are listed; sending all of a reason takes every one, listed or not. */
const LISTED = 200
/** Calls refused on arrival: only their sender can correct them, so they are never sent again. */
const INGEST = '(ingest)'

const statusLine = byId('dead-letters-status')

/** Reloads the list; `said` is what the last action did, kept in front of the count. */
export async function loadDeadLetters(said = '') {
  const answer = await getJson(`/gateway/delivery/dead-letters?limit=${LISTED}`)
  if (answer.status !== 200) {
    statusLine.textContent = `${said}The dead letters could not be read: ${
      answer.body?.error ?? `the gateway answered ${answer.status}`
    }`
    return
  }
  const letters = /** @type {ReadableDeadLetter[]} */ (answer.body.dead_letters)
  statusLine.textContent =
    said +
    (letters.length === 0
      ? 'No dead letters.'
      : `${letters.length === LISTED ? `The newest ${LISTED}` : letters.length} dead letter${
          letters.length === 1 ? '' : 's'
        }.`)
  renderReasons(letters)
  byId('dead-letters').replaceChildren(...letters.map(letterItem))
}

/** One line per destination and kind of refusal, with a button that sends all of them again. @param {ReadableDeadLetter[]} letters */
function renderReasons(letters) {
  /** @type {Map<string, { destination: string, kind: string, count: number }>} */
  const groups = new Map()
  for (const letter of letters) {
    if (letter.destination === INGEST) continue
    const key = JSON.stringify([letter.destination, letter.kind])
    const group = groups.get(key) ?? { destination: letter.destination, kind: letter.kind, count: 0 }
    group.count++
    groups.set(key, group)
  }
  byId('dead-letter-reasons').replaceChildren(
    ...[...groups.values()].map(({ destination, kind, count }) =>
      h('li', { 'data-kind': kind }, [
        h('span', {}, [
          `${kind} (${kindWords(kind)}): ${count}${count === LISTED ? ' or more' : ''} at ${destination}`
        ]),
        button(
          `Send all ${kind} again`,
          `Send all ${kind} dead letters of ${destination} again`,
          () => void requeue({ all: true, destination, reason: kind }, `all ${kind} dead letters of ${destination}`)
        )
      ])
    )
  )
}

/** @param {ReadableDeadLetter} letter */
function letterItem(letter) {
  const sendable = letter.destination !== INGEST
  return h('li', { class: 'dead-letter', 'data-id': letter.id, 'data-kind': letter.kind }, [
    h('p', { class: 'dead-letter-head' }, [
      h('strong', {}, [kindWords(letter.kind)]),
      ` at ${timeWords(letter.dead_at)}, `,
      sendable
        ? `${letter.destination} / ${letter.subscription}`
        : `refused on arrival (source ${letter.subscription})`,
      `, after ${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}`,
      letter.status !== null ? `, HTTP ${letter.status}` : '',
      '.'
    ]),
    h('p', { class: 'dead-letter-reason' }, [letter.reason]),
    letter.fields.length > 0 && h('p', {}, ['Fields: ', ...letter.fields.map((f) => h('code', {}, [f]))]),
    h('details', {}, [
      h('summary', {}, ['The event (personal values masked)']),
      h('pre', { class: 'json' }, [JSON.stringify(letter.event, null, 2)])
    ]),
    h('p', { class: 'dead-letter-actions' }, [
      sendable &&
        button(
          'Send again',
          `Send ${letter.message_id ?? letter.id} again`,
          () => void requeue({ ids: [letter.id] }, `the dead letter ${letter.message_id ?? letter.id}`)
        ),
      letter.message_id &&
        button('Its story', `The story of ${letter.message_id}`, () => {
          void showStory(/** @type {string} */ (letter.message_id))
          byId('story-id').focus()
        }),
      !sendable && h('span', { class: 'hint' }, ['Only its sender can correct it.'])
    ])
  ])
}

/**
 * @param {Record<string, unknown>} selection
 * @param {string} what
 */
async function requeue(selection, what) {
  const answer = await getJson('/gateway/dead-letters/requeue', { method: 'POST', body: JSON.stringify(selection) })
  const said =
    answer.status === 200
      ? `Sent ${what} again: ${answer.body.requeued} back in the queue. `
      : `Not sent again: ${answer.body?.error ?? `the gateway answered ${answer.status}`}. `
  await loadDeadLetters(said)
  statusLine.focus()
}
