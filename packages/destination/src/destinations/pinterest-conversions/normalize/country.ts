import countries from 'i18n-iso-countries'
import english from 'i18n-iso-countries/langs/en.json'
import { drop, Normalized } from './result'
import { lookupKey } from './text'

countries.registerLocale(english)

// The library's own lookups cost ~20 µs each; one map built at load answers in well under one.
const ALPHA2_BY_KEY = new Map<string, string>()
for (const [alpha2, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
  const code = alpha2.toLowerCase()
  ALPHA2_BY_KEY.set(code, code)
  const alpha3 = countries.alpha2ToAlpha3(alpha2)
  if (alpha3) ALPHA2_BY_KEY.set(alpha3.toLowerCase(), code)
  for (const name of names) ALPHA2_BY_KEY.set(lookupKey(name), code)
}
// Common English forms the ISO names leave out.
for (const [name, code] of [
  ['us', 'us'],
  ['america', 'us'],
  ['unitedstatesofamerica', 'us'],
  ['uk', 'gb'],
  ['england', 'gb'],
  ['scotland', 'gb'],
  ['wales', 'gb'],
  ['northernireland', 'gb']
] as const) {
  ALPHA2_BY_KEY.set(name, code)
}

/** Country: the ISO 3166-1 alpha-2 code, lowercase, from an alpha-2 or alpha-3 code or an English name. */
export function normalizeCountry(value: string): Normalized {
  return ALPHA2_BY_KEY.get(lookupKey(value)) ?? drop('is not an ISO 3166 country code or English country name')
}
