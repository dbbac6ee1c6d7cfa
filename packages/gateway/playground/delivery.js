// @ts-check
/**
 * The delivery view: per subscription, what was delivered, delivered with values left out,
 * dead-lettered and retried over the last hour and day, and what is queued now
 * (GET /gateway/delivery); the fields left out and the refusals most frequent; the dead letters
 * (dead-letters.js) and an event's story (story.js).
 *
 * Live while a person can see it: asked again every few seconds while the page is visible and
 * the view on screen, the next ask only once the last answer came (a slow gateway is asked less
 * often, never more). The dead letters are listed again only when their number changed, so a
 * reading person's place in the list stays.
 * @import { Delivery, Frequency, WindowCounts } from './types'
 */
import { getJson } from './api.js'
import { byId, h } from './dom.js'
import { loadDeadLetters } from './dead-letters.js'
import { kindWords } from './refusal-words.js'
import { mountStory } from './story.js'

export const POLL_MS = 5000

const view = byId('delivery')
const statusLine = byId('delivery-status')
let onScreen = false
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer
let asking = false
/** The dead letters' number at the last listing; undefined before the first. @type {number | undefined} */
let deadLettered

/** Asks once, then again in POLL_MS while the view stays visible. */
async function poll() {
  timer = undefined
  if (asking || !visible()) return
  asking = true
  try {
    await refresh()
  } catch (error) {
    // The gateway stopped or the network dropped: said, and asked again at the next turn.
    statusLine.textContent = `The gateway cannot be reached (${
      error instanceof Error ? error.message : String(error)
    }); asking again in ${POLL_MS / 1000} seconds.`
  } finally {
    asking = false
    if (visible()) timer = setTimeout(() => void poll(), POLL_MS)
  }
}

function visible() {
  return onScreen && document.visibilityState === 'visible'
}

/** The view came into sight: asked now, unless an ask is already under way or due. */
function resume() {
  if (visible() && !asking && timer === undefined) void poll()
}

async function refresh() {
  const [delivery, counts] = await Promise.all([getJson('/gateway/delivery'), getJson('/gateway/status')])
  if (delivery.status !== 200) {
    statusLine.textContent = `The gateway did not answer (${delivery.body?.error ?? delivery.status}).`
    return
  }
  render(/** @type {Delivery} */ (delivery.body))
  const dead = counts.body?.dead_lettered
  if (dead !== deadLettered) {
    deadLettered = dead
    await loadDeadLetters()
  }
}

/** @param {Delivery} delivery */
function render(delivery) {
  statusLine.textContent = `As of ${new Date(delivery.at).toLocaleTimeString()}; refreshed every ${
    POLL_MS / 1000
  } seconds while you look at it.`
  const busy = delivery.subscriptions.filter(active)
  const quiet = delivery.subscriptions.filter((s) => !active(s))
  // Kept open across refreshes when the person opened it.
  const wasOpen = /** @type {HTMLDetailsElement | null} */ (document.getElementById('delivery-quiet'))?.open
  const tables =
    busy.length === 0 ? [h('p', { class: 'empty' }, ['No events in the last day.'])] : busy.map(countsTable)
  byId('delivery-subscriptions').replaceChildren(...tables, ...(quiet.length > 0 ? [quietList(quiet, wasOpen)] : []))
  frequencies('left-out', delivery.left_out.last_day, () => '', 'No value was left out.')
  frequencies('refusals', delivery.refusals.last_day, (name) => ` (${kindWords(name)})`, 'No event was refused.')
}

/**
 * The subscriptions with nothing to count, named in one line each, folded.
 * @param {Delivery['subscriptions']} quiet
 * @param {boolean | undefined} open
 */
function quietList(quiet, open) {
  return h('details', { id: 'delivery-quiet', class: 'delivery-quiet', open }, [
    h('summary', {}, [`${quiet.length} subscription${quiet.length === 1 ? '' : 's'} with no events in the last day`]),
    h(
      'ul',
      {},
      quiet.map((s) =>
        h('li', { 'data-subscription': s.subscription }, [`${titleOf(s)} `, h('code', {}, [s.subscription])])
      )
    )
  ])
}

/** @param {Delivery['subscriptions'][number]} s */
function active(s) {
  return s.queued > 0 || Object.values(s.last_day).some((n) => n > 0)
}

/** @param {Delivery['subscriptions'][number]} s */
function titleOf(s) {
  if (s.destination === '(ingest)') return `Calls refused on arrival (source ${s.subscription})`
  return `${s.name ?? `${s.subscription} (no longer configured)`}${s.enabled ? '' : ' (off)'}`
}

/** @param {Delivery['subscriptions'][number]} s */
function countsTable(s) {
  return h(
    'table',
    { class: 'delivery-counts', 'data-subscription': s.subscription, 'data-destination': s.destination },
    [
      h('caption', {}, [
        titleOf(s),
        h('span', { class: 'hint' }, [` ${s.destination} / ${s.subscription} · queued now: `]),
        h('span', { class: 'queued' }, [String(s.queued)])
      ]),
      h('thead', {}, [h('tr', {}, [th('Events'), th('Last hour'), th('Last day')])]),
      h(
        'tbody',
        {},
        ROWS.map(([key, label]) =>
          h('tr', { 'data-count': key }, [
            h('th', { scope: 'row' }, [label]),
            h('td', { class: 'hour' }, [String(s.last_hour[key])]),
            h('td', { class: 'day' }, [String(s.last_day[key])])
          ])
        )
      )
    ]
  )
}

/** @type {[keyof WindowCounts, string][]} */
const ROWS = [
  ['delivered', 'Delivered'],
  ['warned', 'of which with values left out'],
  ['dead_lettered', 'Dead-lettered'],
  ['retried', 'Failed attempts, tried again'],
  ['consent_skipped', 'Not sent: consent missing']
]

/** @param {string} text */
function th(text) {
  return h('th', { scope: 'col' }, [text])
}

/**
 * @param {string} id
 * @param {Frequency[]} list
 * @param {(name: string) => string} words what follows the name, in words
 * @param {string} none
 */
function frequencies(id, list, words, none) {
  byId(id).replaceChildren(
    ...(list.length === 0
      ? [h('li', { class: 'empty' }, [none])]
      : list.map((f) =>
          h('li', { 'data-name': f.name }, [
            h('code', {}, [f.name]),
            `${words(f.name)}: ${f.count} time${f.count === 1 ? '' : 's'} at ${f.destination}`
          ])
        ))
  )
}

export function mountDelivery() {
  mountStory()
  new IntersectionObserver((entries) => {
    onScreen = entries.some((entry) => entry.isIntersecting)
    resume()
  }).observe(view)
  document.addEventListener('visibilitychange', resume)
}
