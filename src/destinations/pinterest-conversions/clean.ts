/** Whether a built object holds anything at all. */
export function isEmpty(object: object): boolean {
  for (const _ in object) return false
  return true
}
