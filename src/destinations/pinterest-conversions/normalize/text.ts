const ASCII = /^[\x00-\x7f]*$/

/**
 * Unicode NFC, so that "é" hashes the same however it was typed. Plain ASCII, most of the
 * data, is its own NFC form and skips the ICU call, which costs more than the test.
 */
export function nfc(value: string): string {
  return ASCII.test(value) ? value : value.normalize('NFC')
}

/** Lowercase ASCII letters only, accents removed: the key used to look names up in code tables. */
export function lookupKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}
