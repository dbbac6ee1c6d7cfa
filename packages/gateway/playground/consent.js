// @ts-check
/**
 * The subscription editor's consent: the consent categories its events need
 * (context.consent.categoryPreferences, each true), and what happens to an event lacking one:
 * not stored, or sent with Limited Data Processing.
 * @import { Consent } from './types'
 */
import { byId } from './dom.js'

const categoriesInput = /** @type {HTMLInputElement} */ (byId('sub-consent'))
const whenMissing = /** @type {HTMLSelectElement} */ (byId('sub-consent-missing'))

/** @returns {Consent | undefined} the consent the form gives; none without categories */
export function consentFromForm() {
  const categories = categoriesInput.value
    .split(',')
    .map((category) => category.trim())
    .filter(Boolean)
  if (categories.length === 0) return undefined
  return { categories, when_missing: whenMissing.value === 'ldp' ? 'ldp' : 'skip' }
}

/** @param {Consent | undefined} consent */
export function showConsent(consent) {
  categoriesInput.value = consent?.categories.join(', ') ?? ''
  whenMissing.value = consent?.when_missing ?? 'skip'
}

/** The control and error box a refusal naming `field` (`consent.categories`, …) belongs next to. */
export function consentErrorTarget() {
  return /** @type {[HTMLElement, HTMLElement]} */ ([categoriesInput, byId('sub-consent-error')])
}
