/**
 * Builders add a key only when it has a value. Deleting keys afterwards would turn V8 objects
 * into slow dictionaries, and keys left undefined would still be visited by JSON.stringify.
 */
export function setDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

/** Whether a built object holds anything at all. */
export function isEmpty(object: object): boolean {
  for (const _ in object) return false
  return true
}
