/**
 * Amounts as Pinterest takes them: a decimal string ("1299.5"); a JSON number is refused.
 * Sources send numbers, numeric strings, and text written for people ("$1,299.00",
 * "1.299,00 €"). Text for people is read only where its reading is certain: a lone separator
 * followed by exactly three digits ("1,299", "1.299 €") could be thousands or decimals, and
 * is not guessed.
 *
 * Every amount stays a decimal from the text it was read from to the text sent: computed with
 * bignumber.js, never with binary floating point (19.9 × 3 is "59.7", not "59.699999999999996").
 * A JSON number is read as the shortest decimal that JavaScript writes for it, which is the one
 * the sender wrote whenever it has at most 15 significant digits.
 */
import BigNumber from 'bignumber.js'

export type Amount = string | { unreadable: string }

/** A constructor of our own: another destination in the same process may configure the shared one. */
const Decimal = BigNumber.clone({ DECIMAL_PLACES: 20, EXPONENTIAL_AT: [-1e9, 1e9] })

// Currency signs, a three-letter code before or after, and spaces (including the narrow
// no-break spaces of French and Swiss formats).
const DECORATION = /[\s\u00a0\u202f$€£¥₹₩₽₺₫₴₪฿¢]|^[A-Z]{3}|[A-Z]{3}$/g
// How programs write numbers (and how a number reaches a text field: 1e+21).
const MACHINE = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i
const HUMAN = /^(-?)(\d+(?:[.,'’]\d+)*)$/
const SEPARATORS = /[.,'’]/g
/** JavaScript writes numbers from 1e21 up with an exponent: no amount is that large. */
const TOO_LARGE = new Decimal('1e21')

/** The amount as Pinterest's decimal string, or why it cannot be read. */
export function amountOf(value: number | string): Amount {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? decimal(String(value)) : { unreadable: 'is not a finite number' }
  }
  const raw = value.trim()
  if (MACHINE.test(raw)) return decimal(raw)
  const human = HUMAN.exec(raw.toUpperCase().replace(DECORATION, ''))
  if (!human) return { unreadable: 'is not an amount' }
  const [, sign, digits] = human
  const number = readGrouped(digits)
  return typeof number === 'string' ? decimal(`${sign}${number}`) : number
}

/** `price` × `quantity`, exactly: what one product line cost. */
export function lineTotal(price: string, quantity: number): Amount {
  return written(new Decimal(price).times(quantity))
}

/** Digits with thousands separators and at most one decimal point, the last separator, as plain decimal text. */
function readGrouped(digits: string): string | { unreadable: string } {
  const separators: string[] = digits.match(SEPARATORS) ?? []
  if (separators.length === 0) return digits
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
  return `${groups.join('')}${hasPoint ? `.${decimals}` : ''}`
}

function isPoint(separator: string): boolean {
  return separator === '.' || separator === ','
}

/** Decimal text (an exponent allowed) as Pinterest's decimal string, written out in full. */
function decimal(text: string): Amount {
  return written(new Decimal(text))
}

function written(amount: BigNumber.Instance): Amount {
  if (!amount.isFinite()) return { unreadable: 'is not a finite number' }
  if (amount.abs().gte(TOO_LARGE)) return { unreadable: 'is too large to be an amount' }
  // toFixed() with no argument writes every digit and no exponent; -0 is written "0".
  return amount.toFixed()
}
