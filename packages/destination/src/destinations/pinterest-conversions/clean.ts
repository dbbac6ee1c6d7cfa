/** Whether a built object holds anything at all. */
export function isEmpty(object: object): boolean {
  for (const _ in object) return false
  return true
}

/** A value as trimmed text (a number written out); undefined when nothing is left. */
export function text(value: string | number | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined
  const trimmed = String(value).trim()
  return trimmed === '' ? undefined : trimmed
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
