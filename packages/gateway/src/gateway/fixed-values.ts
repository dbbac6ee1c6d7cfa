/**
 * The fixed values of a subscription's mapping, checked against the rules of the fields they fill
 * (the action's own field definitions: required, type, choices, bounds). A fixed value is the same
 * for every event, so one that breaks a rule would have every event the subscription takes
 * refused by the action's validation and dead-lettered: it is refused when saved instead, naming
 * the field. Values read from the event (`@path` and the other directives) differ from event to
 * event and are left to the preview.
 */
import type { FieldValue, InputField } from '@segment/actions-core'
import { isDirective } from '@segment/actions-core'
import { FieldError, isObject } from 'pinterest-conversions-tools'

/** A field of the action, or a key of an object field (whose description is optional). */
type Field = Omit<InputField, 'description'>
type Fields = Record<string, Field>

/**
 * Throws a FieldError naming the first field (`at.key`, `at.key.property`) whose fixed value
 * breaks its rules. The message starts with the field's label, as the page shows it beside the
 * field, and ends with its key path, as a configuration file needs it.
 */
export function checkFixedValues(mapping: Record<string, unknown>, fields: Fields, at: string): void {
  for (const [key, value] of Object.entries(mapping)) {
    const field = fields[key]
    if (field) checkValue(value, field, `${at}.${key}`)
  }
}

function checkValue(value: unknown, field: Field, at: string): void {
  if (isObject(value) && '@literal' in value) return checkValue(value['@literal'], field, at)
  if (isObject(value) && Array.isArray(value['@arrayPath'])) return checkListItems(value['@arrayPath'], field, at)
  if (isDirective(value as FieldValue)) return
  if (value === '' || value === null || value === undefined) {
    if (field.required === true)
      throw new FieldError(`${field.label} is required: it cannot be left empty (${at}).`, at)
    return
  }
  if (field.type === 'object') return checkObject(value, field, at)
  const values = field.multiple && Array.isArray(value) ? value : [value]
  for (const item of values) checkScalar(item, field, at)
}

/** `{"@arrayPath": [list, item mapping]}`: each key of the item mapping against the item's fields. */
function checkListItems(directive: unknown[], field: Field, at: string): void {
  const item = directive[1]
  if (isObject(item)) checkKeys(item, field, at)
}

function checkObject(value: unknown, field: Field, at: string): void {
  if (isObject(value)) return checkKeys(value, field, at)
  if (!field.multiple || !Array.isArray(value)) return wrongType(value, field, at)
  value.forEach((item, i) =>
    isObject(item) ? checkKeys(item, field, `${at}[${i}]`) : wrongType(item, field, `${at}[${i}]`)
  )
}

/** actions-core drops a key its field does not define without a word: a typo would map nothing. */
function checkKeys(value: Record<string, unknown>, field: Field, at: string): void {
  const properties = field.properties
  if (!properties) return
  for (const key of Object.keys(value)) {
    if (!(key in properties) && field.additionalProperties !== true) {
      throw new FieldError(
        `${at}.${key} is not a key of ${at} (its keys: ${Object.keys(properties).join(', ')}).`,
        `${at}.${key}`
      )
    }
  }
  checkFixedValues(value, properties, at)
}

function checkScalar(value: unknown, field: Field, at: string): void {
  if (!fitsType(value, field.type)) wrongType(value, field, at)
  const choices = (field.choices ?? []).map((choice) => (typeof choice === 'string' ? choice : choice.value))
  if (choices.length > 0 && !choices.includes(value as string)) {
    throw new FieldError(
      `${field.label} cannot be ${JSON.stringify(value)}: it takes one of ${choices.join(', ')} (${at}).`,
      at
    )
  }
  if (field.type === 'number' || field.type === 'integer') checkBounds(Number(value), field, at)
}

/** As the action's validation takes a value: it turns a number into text, and "3" or "true" into 3 or true. */
function fitsType(value: unknown, type: InputField['type']): boolean {
  switch (type) {
    case 'number':
      return isNumeric(value)
    case 'integer':
      return isNumeric(value) && Number.isInteger(Number(value))
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
    case 'datetime':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && isDateLike(value))
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  }
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value)
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
}

function isDateLike(value: string): boolean {
  return isNumeric(value) || !Number.isNaN(Date.parse(value))
}

function checkBounds(value: number, field: Field, at: string): void {
  if (field.minimum !== undefined && value < field.minimum)
    throw new FieldError(`${field.label} cannot be ${value}: it takes ${field.minimum} or more (${at}).`, at)
  if (field.maximum !== undefined && value > field.maximum)
    throw new FieldError(`${field.label} cannot be ${value}: it takes at most ${field.maximum} (${at}).`, at)
}

const TYPE_NAMES: Partial<Record<InputField['type'], string>> = {
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  datetime: 'a date (ISO 8601, or unix seconds or milliseconds)',
  object: 'an object of its keys'
}

function wrongType(value: unknown, field: Field, at: string): never {
  const wanted = TYPE_NAMES[field.type] ?? 'a text'
  throw new FieldError(`${field.label} cannot be ${JSON.stringify(value)}: it takes ${wanted} (${at}).`, at)
}
