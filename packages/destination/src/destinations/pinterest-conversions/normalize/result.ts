/**
 * A normalizer answers with the normalized string, or with the reason the value cannot be
 * used. Reasons never repeat the value itself: they may end up in logs, the value is PII.
 */
export interface Dropped {
  readonly dropped: string
}
export type Normalized = string | Dropped

export function drop(reason: string): Dropped {
  return { dropped: reason }
}

export function isDropped(result: Normalized): result is Dropped {
  return typeof result !== 'string'
}
