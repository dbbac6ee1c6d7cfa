import { drop, Normalized } from './result'

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu

/** City: lowercase with spaces and punctuation removed ("St. Louis" → "stlouis"); letters of every script are kept. */
export function normalizeCity(value: string): Normalized {
  const city = value.normalize('NFC').toLowerCase().replace(NOT_LETTER_OR_DIGIT, '')
  return city === '' ? drop('has no letters') : city
}
