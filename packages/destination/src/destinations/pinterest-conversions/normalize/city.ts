import { drop, Normalized } from './result'
import { nfc } from './text'

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu

/** City: lowercase with spaces and punctuation removed ("St. Louis" → "stlouis"); letters of every script are kept. */
export function normalizeCity(value: string): Normalized {
  const city = nfc(value).toLowerCase().replace(NOT_LETTER_OR_DIGIT, '')
  return city === '' ? drop('has no letters') : city
}
