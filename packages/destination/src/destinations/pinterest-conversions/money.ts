/**
 * Amounts as Pinterest takes them: a decimal string ("1299.5"); a JSON number is refused.
 * Sources send numbers, numeric strings, and text written for people ("$1,299.00",
 * "1.299,00 €"). Text for people is read only where its reading is certain: a lone separator
 * followed by exactly three digits ("1,299", "1.299 €") could be thousands or decimals, and
 * is not guessed.
 */

export type Amount = string | { unreadable: string }

// Currency signs, a three-letter code before or after, and spaces (including the narrow
// no-break spaces of French and Swiss formats).
const DECORATION = /[\s\u00a0\u202f$€£¥₹₩₽₺₫₴₪฿¢]|^[A-Z]{3}|[A-Z]{3}$/g
// How programs write numbers (and how a number reaches a text field: 1e+21).
const MACHINE = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i
const HUMAN = /^(-?)(\d+(?:[.,'’]\d+)*)$/
const SEPARATORS = /[.,'’]/g

/** The amount as Pinterest's decimal string, or why it cannot be read. */
export function amountOf(value: number | string): Amount {
  if (typeof value === 'number') return decimal(value)
  const raw = value.trim()
  if (MACHINE.test(raw)) return decimal(Number(raw))
  const human = HUMAN.exec(raw.toUpperCase().replace(DECORATION, ''))
  if (!human) return { unreadable: 'is not an amount' }
  const [, sign, digits] = human
  const number = readGrouped(digits)
  return typeof number === 'number' ? decimal(Number(`${sign}${number}`)) : number
}

/** Digits with thousands separators and at most one decimal point, the last separator. */
function readGrouped(digits: string): number | { unreadable: string } {
  const separators: string[] = digits.match(SEPARATORS) ?? []
  if (separators.length === 0) return Number(digits)
  const last = separators[separators.length - 1]
  const lastAt = digits.lastIndexOf(last)
  const decimals = digits.slice(lastAt + 1)
  const alone = separators.length === 1
  if (alone && isPoint(last) && decimals.length === 3) {
    return { unreadable: 'could be thousands or decimals (one separator before three digits): not guessed' }
  }
  // The last separator is the decimal point when it is a point or a comma used nowhere before it.
  const hasPoint = isPoint(last) && separators.indexOf(last) === separators.length - 1
  const groups = (hasPoint ? digits.slice(0, lastAt) : digits).split(SEPARATORS)
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((group) => group.length !== 3))) {
    return { unreadable: 'is not an amount' }
  }
  return Number(`${groups.join('')}${hasPoint ? `.${decimals}` : ''}`)
}

function isPoint(separator: string): boolean {
  return separator === '.' || separator === ','
}

/** A number as a decimal string: tiny amounts (1e-7) are written out; huge ones are not amounts. */
function decimal(number: number): Amount {
  if (!Number.isFinite(number)) return { unreadable: 'is not a finite number' }
  const text = String(number)
  if (!text.includes('e')) return text
  if (Math.abs(number) < 1) return number.toFixed(20).replace(/\.?0+$/, '')
  return { unreadable: 'is too large to be an amount' }
}
