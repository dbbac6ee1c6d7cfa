/**
 * Builders leave an absent key `undefined` instead of deleting it: `delete` turns a V8 object
 * into a slow dictionary, and JSON.stringify leaves undefined keys out of the body anyway.
 * This tells whether a built object holds anything at all.
 */
export function hasDefinedValue(object: object): boolean {
  for (const key in object) {
    if ((object as Record<string, unknown>)[key] !== undefined) return true
  }
  return false
}
