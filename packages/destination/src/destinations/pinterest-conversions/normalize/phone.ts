import type { CountryCode } from 'libphonenumber-js'
import { getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js'
import { drop, Normalized } from './result'

const HAS_DIGIT = /\d/
// "+44 (0)20 …": the bracketed trunk zero is dialled only from inside the country.
const BRACKETED_TRUNK_ZERO = /\(\s*0\s*\)/g
// "0044 …": the international call prefix used in most of the world, in place of "+".
const DOUBLE_ZERO_PREFIX = /^\s*00(?=\s*[1-9])/

/** E.164 digits without "+": country calling code followed by the national number. */
export function normalizePhone(value: string, defaultCountry: CountryCode): Normalized {
  if (!HAS_DIGIT.test(value)) return drop('has no digits')
  return northAmericanNumber(value, defaultCountry) ?? phoneByLibrary(value, defaultCountry)
}

/** The reading of libphonenumber-js, after the prefixes it does not know are rewritten. */
export function phoneByLibrary(value: string, defaultCountry: CountryCode): Normalized {
  const text = value.replace(BRACKETED_TRUNK_ZERO, ' ').replace(DOUBLE_ZERO_PREFIX, '+')
  // Digits that already start with a country code ("442079460958") read as such when they
  // make no number of the default country.
  const parsed = readPhone(text, defaultCountry) ?? readPhone(`+${text.replace(/^\s*\+/, '')}`, defaultCountry)
  if (!parsed)
    return drop(`is not a possible phone number (numbers without a country code are read as ${defaultCountry})`)
  return parsed
}

function readPhone(text: string, defaultCountry: CountryCode): string | undefined {
  const phone = parsePhoneNumberFromString(text, { defaultCountry })
  if (!phone || !phone.isPossible()) return undefined
  return `${phone.countryCallingCode}${phone.nationalNumber}`
}

// libphonenumber-js builds a RegExp from its metadata for every pattern it tries, so each parse
// costs ~9 µs, the largest single cost of an event. Most numbers in North American data are a
// plain ten-digit number with separators, optionally after +1 or 1; for those the library's
// answer is always "1" and the ten digits, so they skip it. Everything else (extensions,
// letters, other countries) is the library's. __tests__/phone-fast-path.test.ts checks that the
// two agree on every number this accepts.
const NANP_SEPARATORS = /[\s().-]+/g
const NANP_TEN_DIGITS = /^(\+1|1)?([2-9]\d{2}[2-9]\d{6})$/
const sharesCallingCodeOne = new Map<CountryCode, boolean>()

function northAmericanNumber(value: string, defaultCountry: CountryCode): string | undefined {
  const match = NANP_TEN_DIGITS.exec(value.replace(NANP_SEPARATORS, ''))
  if (!match) return undefined
  const [, prefix, tenDigits] = match
  if (prefix === '+1' || inNorthAmericanPlan(defaultCountry)) return `1${tenDigits}`
  return undefined
}

function inNorthAmericanPlan(country: CountryCode): boolean {
  let shares = sharesCallingCodeOne.get(country)
  if (shares === undefined) {
    shares = getCountryCallingCode(country) === '1'
    sharesCallingCodeOne.set(country, shares)
  }
  return shares
}
