import provinces from 'provinces'
import { drop, Normalized } from './result'
import { lookupKey } from './text'

// US states and territories and Canadian provinces by name, from the `provinces` data set.
const CODE_BY_NAME = new Map<string, string>()
for (const province of provinces) {
  if ((province.country !== 'US' && province.country !== 'CA') || !province.short) continue
  const code = province.short.toLowerCase()
  for (const name of [province.name, province.english, ...(province.alt ?? [])]) {
    if (name) CODE_BY_NAME.set(lookupKey(name), code)
  }
}

const TWO_LETTERS = /^[a-z]{2}$/
// ISO 3166-2 form, "US-CA".
const ISO_SUBDIVISION = /^[a-z]{2}-([a-z]{2})$/

/** State: the two-letter code, lowercase; US state and Canadian province names become their codes. */
export function normalizeState(value: string): Normalized {
  const text = value.trim().toLowerCase().replace(/\./g, '')
  if (TWO_LETTERS.test(text)) return text
  const iso = ISO_SUBDIVISION.exec(text)
  if (iso) return iso[1]
  return (
    CODE_BY_NAME.get(lookupKey(text)) ??
    drop('is not a two-letter state code, nor a US state or Canadian province name')
  )
}
