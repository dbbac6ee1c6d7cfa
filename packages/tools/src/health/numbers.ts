/**
 * `count` of `total` in percent with one decimal. 100 and 0 are kept for "all" and "none":
 * 999 of 1,000 is 99.9, never a rounded-up 100 that would hide the one event Pinterest grades
 * down for, and 1 of 100,000 is 0.1, not a 0 that would hide it. No events gives 0, not NaN.
 */
export function percentOf(count: number, total: number): number {
  if (total <= 0 || count <= 0) return 0
  if (count >= total) return 100
  const tenths = Math.round((count * 1000) / total)
  return Math.min(999, Math.max(1, tenths)) / 10
}

/** Thousands separated by commas, the same on every machine whatever its locale. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`
}

/** Names as one comma-separated list, or `none`. */
export function formatList(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ')
}
