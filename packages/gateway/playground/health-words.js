// @ts-check
/**
 * Conversion health in the words a marketer uses: the grade, and what to add to reach the next
 * one ("add the customer's email to 40 % of checkouts"). Read from the health report (POST
 * /health, which sends nothing) over the recent events the trigger took, or over the sample
 * when there are none; the detail in Pinterest's keys stays beside it (health.js).
 */
import { getJson } from './api.js'
import { presetSelect } from './controls.js'
import { byId, h } from './dom.js'
import { fullMapping } from './mapping.js'
import { sampleEvent } from './sample.js'
import { state } from './state.js'

/**
 * @typedef {{ check: string, blocks: string, fields: string[], eventsLacking?: number, outOf?: number, message: string }} Reason
 * @typedef {{ signal: string, fields: string[], percent: number }} Coverage
 * @typedef {{ id: string, status: string }} Check
 * @typedef {{ events: number, grade: string | null, reasons: Reason[], checks: Check[], coverage: Coverage[], criteria: { greatMinCoveragePercent: number } }} Report
 */

/** Pinterest's keys (joined with + when they count together), as a person names what they hold. */
const WORDS = new Map([
  ['em', 'the customer’s email'],
  ['hashed_maids', 'the phone’s advertising ID'],
  ['em+hashed_maids', 'the customer’s email (or, in an app, the phone’s advertising ID)'],
  ['client_ip_address+client_user_agent', 'the visitor’s IP address and browser'],
  ['external_id', 'your own customer ID'],
  ['fn+ln', 'the customer’s first and last name'],
  ['click_id', 'the Pinterest click ID (from the ad’s link)'],
  ['ph', 'the customer’s phone number'],
  ['ge', 'the customer’s gender'],
  ['db', 'the customer’s date of birth'],
  ['ct', 'the customer’s city'],
  ['st', 'the customer’s state'],
  ['zp', 'the customer’s zip code'],
  ['country', 'the customer’s country']
])

const NEXT_GRADE = new Map([
  ['Poor', 'Good/Fair'],
  ['Good/Fair', 'Great']
])

let askNumber = 0

/** Asks for the report over the events the editor previews, and says it in plain words. */
export async function describeHealth() {
  const number = ++askNumber
  const box = byId('health-words')
  const sample = sampleEvent()
  const recent = state.recent.map((call) => call.event)
  const events = recent.length > 0 ? recent : sample ? [sample] : []
  if (events.length === 0) return box.replaceChildren()
  /** @type {Record<string, unknown>} */
  const body = { payload: events, mapping: fullMapping() }
  if (presetSelect.value) body.preset = presetSelect.value
  /** @type {{ status: number, body: any }} */
  let answer
  try {
    answer = await getJson('/health', { method: 'POST', body: JSON.stringify(body) })
  } catch {
    return
  }
  if (number !== askNumber) return
  const over = recent.length > 0 ? `the ${plural(recent.length, 'recent event')} the trigger took` : 'the sample event'
  box.replaceChildren(...(answer.status === 200 ? inWords(answer.body.health, over) : []))
}

/**
 * @param {Report} report
 * @param {string} over which events it covers
 * @returns {HTMLElement[]}
 */
function inWords(report, over) {
  if (report.events === 0 || report.grade === null)
    return [h('p', {}, [`None of ${over} could be built for Pinterest: see the errors.`])]
  const heading = h('p', {}, [`Over ${over}: `, h('strong', { class: 'grade-words' }, [report.grade]), '.'])
  const next = NEXT_GRADE.get(report.grade)
  if (!next) return [heading, h('p', {}, ['Great is Pinterest’s highest grade: nothing to add.'])]
  const steps = report.reasons.filter((reason) => reason.blocks === next).map((reason) => step(reason, report))
  return [
    heading,
    h('p', { class: 'next-grade' }, [`To reach ${next}:`]),
    h(
      'ul',
      { class: 'steps' },
      steps.map((text) => h('li', {}, [text]))
    ),
    ...assumed(report)
  ]
}

/**
 * One thing to add, and to how many events.
 * @param {Reason} reason
 * @param {Report} report
 */
function step(reason, report) {
  const what = WORDS.get(reason.fields.join('+'))
  if (!what) return reason.message
  const lacking = reason.eventsLacking ?? 0
  const outOf = reason.outOf ?? 0
  if (reason.check === 'medium_and_low_ids_sent') {
    const bar = report.criteria.greatMinCoveragePercent
    const now = report.coverage.find((c) => c.fields.join('+') === reason.fields.join('+'))?.percent ?? 0
    return `Add ${what} to at least ${bar} % of events (${now === 0 ? 'none has it now' : `${now} % have it now`}).`
  }
  const events = reason.check === 'em_or_maid_on_every_checkout' ? 'checkouts' : 'events'
  return `Add ${what} to the ${percent(lacking, outOf)} of ${events} that have none (${lacking} of ${outOf}).`
}

/**
 * What the grade takes for granted because these events cannot show it.
 * @param {Report} report
 */
function assumed(report) {
  const unverified = new Set(report.checks.filter((c) => c.status === 'unverified').map((c) => c.id))
  const notes = []
  if (unverified.has('em_or_maid_on_every_checkout'))
    notes.push('No checkout among them: Pinterest also wants the customer’s email on every checkout.')
  if (unverified.has('lower_funnel_tag_events_sent'))
    notes.push(
      'Assumed, as it cannot be seen from here: every add-to-cart, checkout, lead and sign-up your Pinterest Tag reports is sent here too.'
    )
  return notes.map((note) => h('p', { class: 'hint' }, [note]))
}

/** @param {number} part @param {number} whole */
function percent(part, whole) {
  return `${whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10} %`
}

/** @param {number} count @param {string} noun */
function plural(count, noun) {
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`
}
