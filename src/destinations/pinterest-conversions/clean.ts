/** Removes the undefined keys of an object we built; answers undefined when nothing is left. */
export function withoutUndefined<T extends object>(object: T): T | undefined {
  let empty = true
  for (const key of Object.keys(object) as Array<keyof T>) {
    if (object[key] === undefined) delete object[key]
    else empty = false
  }
  return empty ? undefined : object
}
