/**
 * Pinterest wants money as decimal strings ("149.98"); a JSON number is rejected.
 * Returns undefined for values that have no decimal form (NaN, ±Infinity, or so large that
 * JavaScript would write them with an exponent).
 */
export function toDecimalString(value: number | string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const number = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(number)) return undefined
  const text = String(number)
  if (!text.includes('e')) return text
  // Tiny amounts come out as 1e-7: write them out in full, then drop the trailing zeros.
  return Math.abs(number) < 1 ? number.toFixed(20).replace(/\.?0+$/, '') : undefined
}
