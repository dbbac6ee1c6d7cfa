/**
 * Errors of one explained event as data: a message, the fields it is about, and who raised it.
 * The framework's validation reports each field on its own (an AggregateAjvError carries one
 * JSON pointer per problem); the destination's FieldValidationError names its fields as data.
 */
import { FieldValidationError } from '../destinations/pinterest-conversions/errors'
import { settingsFields } from '../destinations/pinterest-conversions/settings'
import { describeError, fieldFromMessage, fieldFromPointer } from '../runtime/errors'
import type { ExplainedError } from './types'

interface AjvErrorLike {
  pointer?: string
  message?: string
}

export function explainedErrors(error: unknown): ExplainedError[] {
  const problem = describeError(error)
  const base = { status: problem.status, ...(problem.code && { code: problem.code }) }
  const name = (error as { name?: string } | null)?.name
  if (name === 'AggregateAjvError' || name === 'ValidationError') {
    const list = ((error as { errors?: AjvErrorLike[] }).errors ?? []).filter((e) => e.message)
    if (list.length > 0) {
      return list.map((e) => ({ message: String(e.message), fields: [ajvField(e)], source: 'mapping', ...base }))
    }
  }
  if (error instanceof FieldValidationError)
    return [{ message: problem.message, fields: [...error.fields], source: 'destination', ...base }]
  const fields = problem.field ? [problem.field] : []
  return [{ message: problem.message, fields, source: sourceOf(problem.code, problem.field), ...base }]
}

/** The field of one validation error: its pointer, with the property a `required` error quotes. */
function ajvField(error: AjvErrorLike): string {
  const at = error.pointer ? fieldFromPointer(error.pointer) : ''
  const quoted = /field '([^']+)'/.exec(error.message ?? '')?.[1]
  if (quoted) return at ? `${at}.${quoted}` : quoted
  return at || fieldFromMessage(error.message ?? '') || 'event'
}

/**
 * The destination's settings check names a setting; its own refusals are payload validation;
 * the rest came back from Pinterest (a 401 names conversion_token, but Pinterest said it).
 */
function sourceOf(code: string | undefined, field: string | undefined): ExplainedError['source'] {
  if ((code === 'INVALID_SETTINGS' || code === 'BAD_REQUEST') && field !== undefined && field in settingsFields)
    return 'settings'
  if (code === 'PAYLOAD_VALIDATION_FAILED' || code === 'UNKNOWN_ERROR') return 'destination'
  return 'pinterest'
}
