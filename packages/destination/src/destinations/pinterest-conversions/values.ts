/**
 * Optional values as the builders read them: a value of the wrong shape, unreadable or over
 * Pinterest's limit is left out of the event with a warning naming the field, and the event
 * goes on without it.
 */
import type { Warnings } from './warnings'

/** Trimmed text of at most `max` characters; numbers and booleans are written out as text. */
export function textOf(value: unknown, field: string, max: number, warnings: Warnings): string | undefined {
  if (value === undefined || value === null) return undefined
  let text: string
  if (typeof value === 'string') text = value.trim()
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value)
  else return leaveOut(warnings, field, `is ${shapeOf(value)}, not text`)
  if (text === '') return undefined
  if (text.length > max && codePoints(text) > max) {
    return leaveOut(warnings, field, `is ${codePoints(text)} characters long, more than the ${max} Pinterest takes`)
  }
  return text
}

/** A whole number from `min` to `max`; text holding one is read too. */
export function wholeNumberOf(
  value: unknown,
  field: string,
  [min, max]: readonly [number, number],
  warnings: Warnings
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN
  // A reason names what is wrong, never the value: a count can be a customer's own number too.
  if (!Number.isFinite(number)) return leaveOut(warnings, field, `is ${shapeOf(value)}, not a whole number`)
  if (!Number.isInteger(number)) return leaveOut(warnings, field, 'is not a whole number')
  if (number < min || number > max) return leaveOut(warnings, field, `is outside ${min} to ${max}`)
  return number
}

export function booleanOf(value: unknown, field: string, warnings: Warnings): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  return leaveOut(warnings, field, `is ${shapeOf(value)}, not true or false`)
}

/** One of Pinterest's listed values, in any case; anything else is left out. */
export function choiceOf<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  warnings: Warnings
): T | undefined {
  const text = textOf(value, field, 100, warnings)?.toLowerCase()
  if (text === undefined) return undefined
  if ((choices as readonly string[]).includes(text)) return text as T
  return leaveOut(warnings, field, `is not one of ${choices.join(', ')}`)
}

export function leaveOut(warnings: Warnings, field: string, reason: string): undefined {
  warnings.add(field, reason)
  return undefined
}

/** Characters as JSON Schema counts them (Ajv's ucs2length): a surrogate pair is one, a lone surrogate one too. */
export function codePoints(value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++, count++) {
    const code = value.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
  }
  return count
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
