/**
 * The mapped payload field by field: each field of the action (object fields per property), the
 * mapping directive that fills it, the value the action received, and the errors it caused.
 */
import type { JSONObject } from '@segment/actions-core'
import { isObject } from '../json'
import type { LeftOut } from 'pinterest-conversions'
import type { ExplainedError, FieldView } from './types'

/** What this needs of an action's fields (actions-core's InputField, description optional). */
export interface FieldShape {
  label: string
  type?: string
  multiple?: boolean
  properties?: Record<string, { label: string }>
}
type Fields = Record<string, FieldShape>

export function fieldViews(fields: Fields, mapping: JSONObject, payload: JSONObject | null): FieldView[] {
  const views: FieldView[] = []
  for (const [key, field] of Object.entries(fields)) {
    const directive = mapping[key]
    const value = payload?.[key]
    if (field.type === 'object' && field.properties && !field.multiple) {
      views.push(view({ field: key, label: field.label, group: true, mapping: directive, value: undefined }))
      const byProperty = isObject(directive) && !isDirective(directive) ? directive : undefined
      for (const [sub, property] of Object.entries(field.properties)) {
        const subValue = isObject(value) ? value[sub] : undefined
        // A directive for the whole object (`@path` to an object) fills every property at once.
        const subDirective = byProperty ? byProperty[sub] : undefined
        views.push(
          view({ field: `${key}.${sub}`, label: property.label, parent: key, mapping: subDirective, value: subValue })
        )
      }
      continue
    }
    views.push(view({ field: key, label: field.label, mapping: directive, value }))
  }
  return views
}

function view(input: Omit<FieldView, 'errors' | 'warnings' | 'source'>): FieldView {
  return {
    field: input.field,
    label: input.label,
    ...(input.parent && { parent: input.parent }),
    ...(input.group && { group: true }),
    ...(input.mapping !== undefined && { mapping: input.mapping, source: sourceOf(input.mapping) }),
    ...(!isEmpty(input.value) && { value: input.value }),
    errors: [],
    warnings: []
  }
}

/**
 * Puts each error on the rows of the fields it names. A path the list does not have as such
 * (`contents[1].item_price`) goes to the nearest row above it (`contents`). Returns the errors
 * that found no row.
 */
export function attachErrors(views: FieldView[], errors: readonly ExplainedError[]): ExplainedError[] {
  const byField = new Map(views.map((v) => [v.field, v]))
  const unattached: ExplainedError[] = []
  for (const error of errors) {
    let attached = false
    for (const field of error.fields) {
      const row = nearestRow(byField, field)
      if (row && !row.errors.includes(error.message)) row.errors.push(error.message)
      attached ||= row !== undefined
    }
    if (!attached) unattached.push(error)
  }
  return unattached
}

/** Puts each warning, as a sentence, on the row of the field whose value was left out (or the nearest row above it). */
export function attachWarnings(views: FieldView[], warnings: readonly LeftOut[]): void {
  const byField = new Map(views.map((v) => [v.field, v]))
  for (const { field, reason } of warnings) nearestRow(byField, field)?.warnings.push(`${field} ${reason}: left out`)
}

/** The row for a field path, or for the closest enclosing path that has one. */
export function nearestRow<T>(rows: Map<string, T>, field: string): T | undefined {
  const parts = field
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean)
  for (let n = parts.length; n > 0; n--) {
    const row = rows.get(parts.slice(0, n).join('.'))
    if (row) return row
  }
  return undefined
}

/** A mapping directive in words: a path, the first of several paths, every one of several, or the JSON. */
export function sourceOf(directive: unknown): string {
  if (directive === null || typeof directive !== 'object') return JSON.stringify(directive)
  if (Array.isArray(directive)) {
    const parts = directive.map(sourceOf)
    return directive.every(isPathDirective) ? `every value of ${parts.join(', ')}` : `[${parts.join(', ')}]`
  }
  const record = directive as Record<string, unknown>
  if (isPathDirective(record)) return String(record['@path'])
  const firstOf = firstOfPaths(record)
  if (firstOf) return `first of ${firstOf.join(', ')}`
  if (Array.isArray(record['@arrayPath'])) {
    const [from, shape] = record['@arrayPath'] as [unknown, unknown]
    return `for each item of ${typeof from === 'string' ? from : compact(from)}: ${
      shape === undefined ? 'the item' : sourceOf(shape)
    }`
  }
  if (!isDirective(record)) {
    return `{ ${Object.entries(record)
      .map(([key, value]) => `${key}: ${sourceOf(value)}`)
      .join('; ')} }`
  }
  return compact(directive)
}

/** The paths of an `@if exists|blank … then … else …` chain that picks the first path with a value. */
function firstOfPaths(record: Record<string, unknown>): string[] | undefined {
  const test = record['@if'] as Record<string, unknown> | undefined
  // `exists` takes the first path with a value, `blank` the first with text: both read as "first of".
  const condition = isObject(test) ? test.exists ?? test.blank : undefined
  if (!isObject(test) || !isPathDirective(condition) || JSON.stringify(condition) !== JSON.stringify(test.then))
    return undefined
  const head = String((condition as Record<string, unknown>)['@path'])
  if (isPathDirective(test.else)) return [head, String((test.else as Record<string, unknown>)['@path'])]
  const rest = isObject(test.else) ? firstOfPaths(test.else) : undefined
  return rest ? [head, ...rest] : undefined
}

function compact(value: unknown): string {
  const text = JSON.stringify(value)
  return text.length > 160 ? `${text.slice(0, 157)}...` : text
}

function isPathDirective(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 1 && typeof value['@path'] === 'string'
}

function isDirective(value: Record<string, unknown>): boolean {
  return Object.keys(value).some((key) => key.startsWith('@'))
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}
