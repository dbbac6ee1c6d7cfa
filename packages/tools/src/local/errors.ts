/**
 * Errors as a person reading an answer or a summary needs them: an HTTP status that fits, a
 * message, and the fields that caused them. The fields come as data, from the error or the
 * multistatus entry that carries them, never from the words of a message. Stack traces never
 * leave; messages of the destination never hold the token (settings.ts promises it), and
 * answers are scrubbed anyway.
 */
import { isObject } from '../json'
import type { FailureBody } from 'pinterest-conversions'
import type { MultiStatusEntry } from './multistatus'

/** A problem with what the caller sent (body, option, setting), naming the culprit. */
export class FieldError extends Error {
  override name = 'FieldError'
  constructor(message: string, readonly field: string, readonly status = 400) {
    super(message)
  }
}

export interface ErrorDescription {
  /** The HTTP status our answer should carry. */
  status: number
  message: string
  /** The field (mapping field, Pinterest key or setting) it is about; the common parent of several. */
  field?: string
  /** Every field it is about, when there are several. */
  fields?: string[]
  /** The error code of actions-core (PAYLOAD_VALIDATION_FAILED, INVALID_AUTHENTICATION, ...). */
  code?: string
  /** Pinterest's own status, for failures upstream. */
  upstream_status?: number
}

interface ErrorLike {
  name?: string
  message?: string
  status?: number
  code?: string
  fields?: readonly string[]
}

/** The problem an error thrown by actions-core or the destination stands for. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof FieldError) return { status: error.status, message: error.message, field: error.field }
  const e = (isObject(error) ? error : { message: String(error) }) as ErrorLike
  const message = e.message || e.name || 'Unknown error'
  switch (e.name) {
    case 'PayloadValidationError':
      return withFields({ status: 400, message, code: 'PAYLOAD_VALIDATION_FAILED' }, e.fields)
    case 'InvalidAuthenticationError':
      return withFields({ status: 401, message, code: 'INVALID_AUTHENTICATION' }, e.fields ?? ['conversion_token'])
    case 'RetryableError':
      return { status: 502, message, code: e.code, upstream_status: e.status }
    case 'IntegrationError':
    case 'APIError':
      return fromStatus(e.status ?? 500, message, e.code, e.fields)
  }
  // A bug, not a verdict on the input: say what kind, never how deep in the code.
  return { status: 500, message: `Unexpected ${e.name ?? 'error'}: ${firstLine(message)}` }
}

/** The problem one failed event of a batch stands for, from its multistatus entry. */
export function describeEntry(node: MultiStatusEntry): ErrorDescription {
  const failure = node as { status: number; errormessage?: string; errortype?: string; body?: unknown }
  const body = failureBodyOf(failure.body)
  const message = failure.errormessage ?? 'failed'
  if (body?.failure === 'invalid') return withFields({ status: 400, message, code: failure.errortype }, body.fields)
  return fromStatus(failure.status, message, failure.errortype, body?.fields)
}

/** Why an event failed, as the destination (or, for its refusals, the local host) wrote it into the entry's body. */
export function failureBodyOf(body: unknown): FailureBody | undefined {
  return isObject(body) && typeof body.failure === 'string' ? (body as unknown as FailureBody) : undefined
}

function fromStatus(status: number, message: string, code?: string, fields?: readonly string[]): ErrorDescription {
  if (status === 408 || status === 429 || status >= 500) {
    return withFields({ status: 502, message, code, upstream_status: status }, fields)
  }
  return withFields({ status, message, code }, fields)
}

function withFields(problem: ErrorDescription, fields: readonly string[] | undefined): ErrorDescription {
  if (!fields || fields.length === 0) return problem
  const field = commonField(fields)
  return { ...problem, field, ...(fields.length > 1 && { fields: [...fields] }) }
}

/** One field for one-line answers: the field itself, or the object several fields share (`user_data`). */
function commonField(fields: readonly string[]): string {
  if (fields.length === 1) return fields[0]
  const parents = new Set(fields.map((field) => field.split('.')[0]))
  return parents.size === 1 ? [...parents][0] : fields[0]
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? message
  )
}
