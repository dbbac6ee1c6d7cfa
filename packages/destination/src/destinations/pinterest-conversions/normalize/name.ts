import { Normalized } from './result'
import { nfc } from './text'

/** First and last names: trimmed, lowercase, in Unicode NFC so that "é" hashes the same however it was typed. */
export function normalizeName(value: string): Normalized {
  return nfc(value).trim().toLowerCase()
}
