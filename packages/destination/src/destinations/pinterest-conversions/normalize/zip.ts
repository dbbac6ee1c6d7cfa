import { drop, Normalized } from './result'
import { nfc } from './text'

const SEPARATORS = /[^\p{L}\p{N}]+/gu
const US_ZIP_PLUS_4 = /^(\d{5})\d{4}$/

/** Postal code: lowercase without spaces or dashes; a US ZIP+4 keeps its first five digits. */
export function normalizeZip(value: string): Normalized {
  const zip = nfc(value).toLowerCase().replace(SEPARATORS, '')
  if (zip === '') return drop('has no letters or digits')
  return US_ZIP_PLUS_4.exec(zip)?.[1] ?? zip
}
