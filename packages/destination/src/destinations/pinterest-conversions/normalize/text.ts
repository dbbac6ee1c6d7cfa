// Anything but printable ASCII; a control character merely takes the slower, equally right way.
const NOT_PRINTABLE_ASCII = /[^ -~]/

/**
 * Unicode NFC, so that "é" hashes the same however it was typed. Plain ASCII, most of the
 * data, is its own NFC form and skips the ICU call, which costs more than the test.
 */
export function nfc(value: string): string {
  return NOT_PRINTABLE_ASCII.test(value) ? value.normalize('NFC') : value
}

/** Lowercase ASCII letters only, accents removed: the key used to look names up in code tables. */
export function lookupKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}
