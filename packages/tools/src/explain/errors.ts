/**
 * Errors of one explained event as data: a message, the fields it is about, and who raised it.
 * Every field comes as data: from the framework's refusal (each of its problems with its
 * fields), or from the destination's typed errors.
 */
import { FieldValidationError, fieldsOf, SettingsError } from 'pinterest-conversions'
import { describeError, FieldError } from '../local/errors'
import { FrameworkRefusal } from '../local/refusal'
import type { ExplainedError } from './types'

export function explainedErrors(error: unknown): ExplainedError[] {
  const problem = describeError(error)
  const base = { status: problem.status, ...(problem.code && { code: problem.code }) }
  if (error instanceof FrameworkRefusal) {
    return error.problems.map((p) => ({ message: p.message, fields: orEvent(p.fields), source: 'mapping', ...base }))
  }
  if (error instanceof FieldError)
    return [{ message: problem.message, fields: [error.field], source: 'mapping', ...base }]
  // The destination refused the event for several reasons at once: each is listed.
  if (error instanceof FieldValidationError && error.problems.length > 1) {
    return error.problems.map((p) => ({
      message: p.message,
      fields: orEvent(p.fields),
      source: 'destination',
      ...base
    }))
  }
  return [
    { message: problem.message, fields: [...(fieldsOf(error) ?? [])], source: sourceOf(error, problem.code), ...base }
  ]
}

/** Settings errors are the settings'; the destination's own refusals and defects are its; the rest came back from Pinterest. */
function sourceOf(error: unknown, code: string | undefined): ExplainedError['source'] {
  if (error instanceof SettingsError) return 'settings'
  if (code === 'PAYLOAD_VALIDATION_FAILED' || code === 'UNKNOWN_ERROR') return 'destination'
  return 'pinterest'
}

function orEvent(fields: readonly string[]): string[] {
  return fields.length > 0 ? [...fields] : ['event']
}
