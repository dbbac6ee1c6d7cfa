/**
 * Why actions-core refused a mapped payload, as data. Its validation points each problem at a
 * JSON location, but a missing required field is pointed at the object that lacks it, and its
 * batch path keeps only the joined message. So the fields are read off the pointers, and a
 * missing one off the action's field definitions and the mapped payload, never off the words.
 */
import type { InputField, JSONObject } from '@segment/actions-core'
import { PayloadValidationError } from '@segment/actions-core'
import { isObject } from '../json'

/** One problem actions-core's validation found, and the fields it is about. */
export interface ValidationProblem {
  message: string
  fields: string[]
}

/** actions-core's refusal of a mapped payload, with each problem's fields. */
export class FrameworkRefusal extends PayloadValidationError {
  readonly problems: readonly ValidationProblem[]
  readonly fields: readonly string[]

  constructor(message: string, problems: readonly ValidationProblem[]) {
    super(message)
    Object.defineProperty(this, 'name', { value: 'PayloadValidationError' })
    this.problems = problems
    this.fields = [...new Set(problems.flatMap((problem) => problem.fields))]
  }
}

interface AjvErrorLike {
  pointer?: string
  message?: string
}

export function isValidationError(error: unknown): error is { message: string; errors: AjvErrorLike[] } {
  return (error as { name?: unknown } | null)?.name === 'AggregateAjvError'
}

/** The refusal of `payload` (as mapped) by actions-core's validation `error`, problem by problem. */
export function refusalOf(
  error: { message: string; errors: AjvErrorLike[] },
  payload: JSONObject,
  fields: Record<string, InputField>
): FrameworkRefusal {
  const problems = error.errors
    .filter((e) => e.message)
    .map((e) => ({ message: String(e.message), fields: fieldsAt(e.pointer ?? '', payload, fields) }))
  return new FrameworkRefusal(error.message, problems)
}

/**
 * The fields a problem at `pointer` is about: the required fields that object lacks, when it
 * lacks some; else the value at the pointer itself (`/custom_data/value` → custom_data.value).
 */
function fieldsAt(pointer: string, payload: JSONObject, fields: Record<string, InputField>): string[] {
  const path = pointer.split('/').filter((part) => part && !/^\d+$/.test(part))
  const missing = missingRequired(path, payload, fields)
  if (missing.length > 0) return missing
  return path.length > 0 ? [path.join('.')] : []
}

function missingRequired(path: string[], payload: JSONObject, fields: Record<string, InputField>): string[] {
  let value: unknown = payload
  let level: Record<string, InputField> | undefined = fields
  for (const key of path) {
    value = isObject(value) ? value[key] : undefined
    level = level?.[key]?.properties as Record<string, InputField> | undefined
  }
  if (!level) return []
  const object = isObject(value) ? value : {}
  return Object.entries(level)
    .filter(([key, field]) => field.required === true && isAbsent(object[key]))
    .map(([key]) => [...path, key].join('.'))
}

/** As actions-core sees it before validating: null and empty text count as no value. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}
