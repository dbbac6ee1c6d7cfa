import type { CountryCode } from 'libphonenumber-js'
import type { HashedUserDataKey } from '../contract/types'
import { normalizeCity } from './city'
import { normalizeCountry } from './country'
import { normalizeDateOfBirth } from './date-of-birth'
import { normalizeEmail } from './email'
import { normalizeGender } from './gender'
import { normalizeName } from './name'
import { normalizePhone } from './phone'
import { drop, Normalized } from './result'
import { normalizeState } from './state'
import { normalizeZip } from './zip'

export { drop, isDropped } from './result'
export type { Dropped, Normalized } from './result'

export interface NormalizeOptions {
  /** Region used to read phone numbers written without a country code. */
  defaultPhoneCountry: CountryCode
}

export type HashedKey = HashedUserDataKey

export type Normalizer = (value: string, options: NormalizeOptions) => Normalized

const normalizeExternalId: Normalizer = (value) => value.trim()

// iOS without App Tracking consent, and Android after an opt-out, report an advertising ID of
// zeros: the same for every such device, so hashing it would make them all one person.
const ZERO_MAID = /^[0-]+$/

const normalizeMaid: Normalizer = (value) => {
  const maid = value.trim().toLowerCase()
  return ZERO_MAID.test(maid) ? drop('is the all-zero advertising ID of a device that limits ad tracking') : maid
}

/**
 * One normalizer per hashed user_data key, named by the Pinterest key it fills.
 * Each takes a trimmed, non-empty string that is not already a digest.
 */
const NORMALIZERS: Record<HashedKey, Normalizer> = {
  em: normalizeEmail,
  ph: (value, options) => normalizePhone(value, options.defaultPhoneCountry),
  ge: normalizeGender,
  db: (value) => normalizeDateOfBirth(value),
  fn: normalizeName,
  ln: normalizeName,
  ct: normalizeCity,
  st: normalizeState,
  zp: normalizeZip,
  country: normalizeCountry,
  external_id: normalizeExternalId,
  hashed_maids: normalizeMaid
}

// Strings that SDKs and forms emit in place of a missing value. Hashing them would merge every
// such user into one identity. ("na" is not here: it is a real surname.) A regular expression
// rather than a set of lowercased strings: most values fail on their first character, and
// nothing is lowercased for the test.
const PLACEHOLDER_TEXT = /^(?:null|undefined|none|nil|n\/a|nan|unknown|\[object object\])$/i

/** The reasons of values that were not there to begin with: dropped without a warning. */
export const EMPTY = 'is empty'
export const PLACEHOLDER = 'is a placeholder, not a value'

/** Normalizes one value of a hashed key, or says why it is dropped. */
export function normalizeValue(key: HashedKey, value: string, options: NormalizeOptions): Normalized {
  if (PLACEHOLDER_TEXT.test(value)) return drop(PLACEHOLDER)
  const normalized = NORMALIZERS[key](value, options)
  return normalized === '' ? drop('is empty once normalized') : normalized
}
