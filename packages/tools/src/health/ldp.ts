import type { PinterestEvent } from 'pinterest-conversions'
import { createHash } from 'crypto'

// Digests of the normalized codes. Pinterest's own LDP example hashes "CA" and "US" in upper
// case; those digests do not match what Pinterest checks against, so they count as "not ca/us".
const CALIFORNIA = sha256('ca')
const UNITED_STATES = sha256('us')

/** Why Pinterest will not apply an event's Limited Data Processing flag; an event can have several. */
export interface LdpVerdict {
  stMissing: boolean
  stNotCa: boolean
  countryMissing: boolean
  countryNotUs: boolean
}

/** True when custom_data.opt_out_type lists LDP among its comma-separated types, in any case. */
export function asksForLdp(event: PinterestEvent): boolean {
  const types = event.custom_data?.opt_out_type
  if (typeof types !== 'string') return false
  return types.split(',').some((type) => type.trim().toUpperCase() === 'LDP')
}

/**
 * Pinterest applies LDP only to events located in California, USA. A state list naming
 * California next to another state does not say the person lives in California, so every
 * value must be the California digest; this errs toward warning about an ignored flag.
 */
export function ldpVerdict(event: PinterestEvent): LdpVerdict {
  const st = presentValues(event.user_data.st)
  const country = presentValues(event.user_data.country)
  return {
    stMissing: st.length === 0,
    stNotCa: st.length > 0 && !st.every((digest) => digest === CALIFORNIA),
    countryMissing: country.length === 0,
    countryNotUs: country.length > 0 && !country.every((digest) => digest === UNITED_STATES)
  }
}

export function isIgnored(verdict: LdpVerdict): boolean {
  return verdict.stMissing || verdict.stNotCa || verdict.countryMissing || verdict.countryNotUs
}

function presentValues(values: readonly string[] | undefined): readonly string[] {
  return Array.isArray(values) ? values.filter((value) => typeof value === 'string' && value !== '') : []
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
