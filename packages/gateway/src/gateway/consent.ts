/**
 * Consent: a subscription may name the consent categories it needs (Segment's consent object,
 * `context.consent.categoryPreferences`, which Segment's SDKs and consent integrations put on
 * every event). Segment's semantics: every named category must be `true`; an event without the
 * object, or with one of them missing or not `true`, lacks consent. Such an event is then not
 * stored at all (`when_missing: "skip"`), so personal data without consent never is, or it is
 * sent with Limited Data Processing (`"ldp"`): stored for the subscription's LDP variant, whose
 * mapping sets `custom_data.opt_out_type` to `LDP`.
 */
import type { JSONObject } from '@segment/actions-core'
import { FieldError, isObject } from 'pinterest-conversions-tools'

export interface ConsentRule {
  categories: string[]
  when_missing: 'skip' | 'ldp'
}

/** The LDP variant of subscription `checkout` is `checkout~ldp`: no configured id has a `~`. */
export const LDP_SUFFIX = '~ldp'

/** A subscription's `consent`, checked; errors name the key. */
export function checkConsent(value: unknown, at: string): ConsentRule {
  if (!isObject(value)) throw new FieldError(`${at} must be {"categories": [...], "when_missing": "skip" | "ldp"}.`, at)
  const unknown = Object.keys(value).find((key) => key !== 'categories' && key !== 'when_missing')
  if (unknown !== undefined)
    throw new FieldError(`${at}.${unknown} is not a key of consent (categories, when_missing).`, `${at}.${unknown}`)
  const { categories, when_missing: whenMissing = 'skip' } = value
  if (
    !Array.isArray(categories) ||
    categories.length === 0 ||
    !categories.every((c): c is string => typeof c === 'string' && c.trim() !== '')
  ) {
    throw new FieldError(
      `${at}.categories must list the consent categories the subscription needs.`,
      `${at}.categories`
    )
  }
  if (whenMissing !== 'skip' && whenMissing !== 'ldp') {
    throw new FieldError(`${at}.when_missing must be "skip" or "ldp".`, `${at}.when_missing`)
  }
  return { categories: [...new Set(categories)], when_missing: whenMissing }
}

/** Whether the event consents to every category the rule names. */
export function consents(rule: ConsentRule, event: Record<string, unknown>): boolean {
  return lackingConsent(rule, event).length === 0
}

/** The categories the rule names that the event does not consent to (each must be `true`). */
export function lackingConsent(rule: ConsentRule, event: Record<string, unknown>): string[] {
  const context = isObject(event.context) ? event.context : undefined
  const consent = context && isObject(context.consent) ? context.consent : undefined
  const preferences = consent && isObject(consent.categoryPreferences) ? consent.categoryPreferences : undefined
  return rule.categories.filter((category) => preferences?.[category] !== true)
}

/**
 * Where an event a subscription takes is stored: under the subscription, under its LDP variant,
 * or nowhere (undefined: no consent, and the subscription skips).
 */
export function consentTarget(
  subscription: { id: string; consent?: ConsentRule },
  event: Record<string, unknown>
): string | undefined {
  const rule = subscription.consent
  if (!rule || consents(rule, event)) return subscription.id
  return rule.when_missing === 'ldp' ? subscription.id + LDP_SUFFIX : undefined
}

/** The mapping of the LDP variant: the subscription's, with `opt_out_type` set to LDP in its custom data. */
export function withLdp(mapping: JSONObject): JSONObject {
  const ldp = (customData: unknown): JSONObject =>
    isObject(customData) && !Object.keys(customData).some((key) => key.startsWith('@'))
      ? { ...(customData as JSONObject), opt_out_type: 'LDP' }
      : { opt_out_type: 'LDP' }
  return {
    ...mapping,
    custom_data: ldp(mapping.custom_data),
    ...(mapping.custom_data_2 !== undefined && { custom_data_2: ldp(mapping.custom_data_2) })
  }
}
