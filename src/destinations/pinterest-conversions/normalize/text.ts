/** Lowercase ASCII letters only, accents removed: the key used to look names up in code tables. */
export function lookupKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}
