// @ts-check
/** The gateway's kinds of refusal and states of an event, in the words a marketer uses. */

/** @type {Record<string, string>} */
const KINDS = {
  invalid: 'could not be made into an event Pinterest takes',
  rejected: 'Pinterest refused it',
  auth: 'Pinterest refused the conversion token, or its access to the ad account',
  settings: "the destination's settings cannot be used",
  internal: 'a defect of the gateway while building it',
  too_old: "not delivered within Pinterest's 7 days",
  subscription_removed: 'its subscription was deleted',
  retryable: 'failed for a while (Pinterest busy or unreachable), to be tried again',
  consent: 'it lacks the consent its subscription needs'
}

/** @param {string} kind */
export function kindWords(kind) {
  return KINDS[kind] ?? kind
}

/** @type {Record<string, string>} */
const STATES = {
  queued: 'waiting in the queue',
  delivered: 'delivered to Pinterest',
  dead_lettered: 'dead-lettered',
  unrouted: 'taken by no subscription',
  duplicate: 'received again and not stored (a duplicate)',
  skipped: 'not stored: it lacks the consent the subscription needs'
}

/** @param {string} state */
export function stateWords(state) {
  return STATES[state] ?? state
}

/** @param {string} iso */
export function timeWords(iso) {
  return new Date(iso).toLocaleString()
}
