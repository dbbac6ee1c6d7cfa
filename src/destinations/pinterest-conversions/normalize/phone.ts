import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js'
import { drop, Normalized } from './result'

const HAS_DIGIT = /\d/
// "+44 (0)20 …": the bracketed trunk zero is dialled only from inside the country.
const BRACKETED_TRUNK_ZERO = /\(\s*0\s*\)/g
// "0044 …": the international call prefix used in most of the world, in place of "+".
const DOUBLE_ZERO_PREFIX = /^\s*00(?=\s*[1-9])/

/** E.164 digits without "+": country calling code followed by the national number. */
export function normalizePhone(value: string, defaultCountry: CountryCode): Normalized {
  if (!HAS_DIGIT.test(value)) return drop('has no digits')
  const text = value.replace(BRACKETED_TRUNK_ZERO, ' ').replace(DOUBLE_ZERO_PREFIX, '+')
  const parsed = readPhone(text, defaultCountry) ?? readPhone(`+${text.replace(/^\s*\+/, '')}`, defaultCountry)
  if (!parsed) return drop(`is not a possible phone number (numbers without a country code are read as ${defaultCountry})`)
  return parsed
}

function readPhone(text: string, defaultCountry: CountryCode): string | undefined {
  const phone = parsePhoneNumberFromString(text, { defaultCountry })
  if (!phone || !phone.isPossible()) return undefined
  return `${phone.countryCallingCode}${phone.nationalNumber}`
}
