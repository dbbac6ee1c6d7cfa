/**
 * Leave out the value, not the event. actions-core checks the mapped payload against the
 * fields' types before perform, and refuses the whole event for one optional value of the wrong
 * type (an object where text is typed, a list inside a list, a word where true or false is typed),
 * in Segment's runtime as here. This repository's runtime (the gateway, replay, explain, the
 * page) runs such an event again without those values, with a warning naming each field; a
 * problem with a required field, or a required value missing, still refuses it.
 */
import type { InputField, JSONObject } from '@segment/actions-core'
import type { LeftOut } from 'pinterest-conversions'
import { isObject } from '../json'

/** Who rescues: said in explain's answer, since Segment's own runtime would refuse the event. */
export const RESCUING_RUNTIME = 'pinterest-conversions-tools (LocalDestination)'

export interface Rescue {
  /** The payload as mapped, without the values actions-core refused. */
  payload: JSONObject
  leftOut: LeftOut[]
}

interface AjvErrorLike {
  pointer?: string
}

/**
 * The payload without the values `errors` point at, when each is an optional value that is
 * there; undefined when any problem is not one (a required field, a value missing).
 */
export function rescueOf(
  errors: readonly AjvErrorLike[],
  payload: JSONObject,
  fields: Record<string, InputField>
): Rescue | undefined {
  const pointers = [...new Set(errors.map((e) => e.pointer ?? ''))]
  const located = pointers.map((pointer) => locate(pointer, payload, fields))
  if (located.length === 0 || located.some((at) => at === undefined)) return undefined
  const copy = JSON.parse(JSON.stringify(payload)) as JSONObject
  // Deepest and last first, so removing an item of a list never moves another one to remove.
  const ordered = (located as Located[]).sort((a, b) => compareForRemoval(a.path, b.path))
  for (const at of ordered) remove(copy, at.path)
  return {
    payload: copy,
    leftOut: (located as Located[]).map((at) => ({ field: at.field, reason: reasonFor(at.value, at.definition) }))
  }
}

/**
 * A mapping that takes each field from the event of the same key: run on a rescued payload as
 * the event, actions-core maps it to itself and checks it again, as it checks any payload.
 * `@path` hands values over as they are: nothing in a value is read as a directive.
 */
export function payloadMapping(fields: Record<string, InputField>): JSONObject {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, { '@path': `$.${key}` }]))
}

/** A result or multistatus body with the values left out by the rescue listed first among its warnings. */
export function withLeftOut(body: unknown, leftOut: readonly LeftOut[]): JSONObject {
  const object = isObject(body) ? body : {}
  const warnings = Array.isArray(object.warnings) ? (object.warnings as unknown as LeftOut[]) : []
  return { ...object, warnings: [...leftOut, ...warnings] } as unknown as JSONObject
}

interface Located {
  /** JSON path parts: keys and list indexes. */
  path: Array<string | number>
  /** As warnings name fields: `custom_data.order_id`, `contents[1].quantity`, `user_data.email[1]`. */
  field: string
  value: unknown
  /** The field the value fills (for a list item: its list's field). */
  definition: InputField
}

function locate(pointer: string, payload: JSONObject, fields: Record<string, InputField>): Located | undefined {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (parts.length === 0) return undefined
  const path: Array<string | number> = []
  let value: unknown = payload
  let level: Record<string, InputField> | undefined = fields
  let definition: InputField | undefined
  let field = ''
  let item = false
  for (const part of parts) {
    if (Array.isArray(value) && /^\d+$/.test(part)) {
      path.push(Number(part))
      field += `[${part}]`
      value = value[Number(part)]
      item = true
      continue
    }
    definition = level?.[part]
    if (!definition || !isObject(value) || !(part in value)) return undefined
    path.push(part)
    field += field === '' ? part : `.${part}`
    value = value[part]
    level = definition.properties as Record<string, InputField> | undefined
    item = false
  }
  // A value of a required field is left out only as one item of its list.
  if (!definition || value === undefined || (definition.required === true && !item)) return undefined
  return { path, field, value, definition }
}

function remove(target: JSONObject, path: Array<string | number>): void {
  let parent: unknown = target
  for (const part of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[part]
  const last = path[path.length - 1]
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1)
  else if (isObject(parent)) delete parent[last as string]
}

/** A total order in which removing values one by one never shifts another still to remove: later items first, deeper first. */
function compareForRemoval(a: Array<string | number>, b: Array<string | number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]]
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return y - x
    return String(x) < String(y) ? -1 : 1
  }
  return b.length - a.length
}

const TYPED: Record<string, string> = {
  string: 'text',
  text: 'text',
  password: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  datetime: 'a date',
  object: 'an object'
}

/** Why a value was left out, in words that never quote it (it may be personal data). */
function reasonFor(value: unknown, definition: InputField): string {
  const typed = TYPED[definition.type] ?? definition.type
  const shape = shapeOf(value)
  if (typed === 'text' && shape === 'text') return 'is not one of the values the field takes'
  return `is ${shape} where ${typed} is typed`
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'boolean') return 'true or false'
  return `a ${typeof value}`
}
