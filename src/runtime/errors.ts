/**
 * Errors as a person reading an answer or a summary needs them: an HTTP status that fits, a
 * message, and the field that caused them. Stack traces never leave; messages of the
 * destination never hold the token (settings.ts promises it), and answers are scrubbed anyway.
 */
import destination from '../destinations/pinterest-conversions'

/** A problem with what the caller sent (body, option, setting), naming the culprit. */
export class FieldError extends Error {
  override name = 'FieldError'
  constructor(message: string, readonly field: string, readonly status = 400) {
    super(message)
  }
}

export interface Problem {
  /** The HTTP status our answer should carry. */
  status: number
  message: string
  /** The field (mapping field, Pinterest key or setting) that caused it, when it can be told. */
  field?: string
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
  errors?: Array<{ pointer?: string; message?: string }>
}

/** The problem an error thrown by actions-core or the destination stands for. */
export function describeError(error: unknown): Problem {
  if (error instanceof FieldError) return { status: error.status, message: error.message, field: error.field }
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike
  const message = e.message || e.name || 'Unknown error'
  switch (e.name) {
    case 'AggregateAjvError':
    case 'ValidationError': {
      const pointer = e.errors?.find((x) => x.pointer)?.pointer
      const field = pointer ? fieldFromPointer(pointer) : fieldFromMessage(message)
      return withField({ status: 400, message, code: 'PAYLOAD_VALIDATION_FAILED' }, field)
    }
    case 'AggregateError': {
      // actions-core's check of a mapping: the messages of its ValidationErrors ("/event_id/@template
      // should be a string ..."), each on one line; the error's own message carries their stacks.
      const inner = innerErrors(error)
      if (inner.length === 0) break
      const messages = inner.map((x) => x.split('\n')[0].trim())
      const pointer = /^\/([\w/]+)/.exec(messages[0])
      const field = pointer ? fieldFromPointer(pointer[1].split('/@')[0]) : undefined
      return withField(
        { status: 400, message: `The mapping is not valid: ${messages.join(' ')}`, code: 'PAYLOAD_VALIDATION_FAILED' },
        field
      )
    }
    case 'PayloadValidationError':
      return withField({ status: 400, message, code: 'PAYLOAD_VALIDATION_FAILED' }, fieldFromMessage(message))
    case 'InvalidAuthenticationError':
      return { status: 401, message, code: 'INVALID_AUTHENTICATION', field: 'conversion_token' }
    case 'RetryableError':
      return { status: 502, message, code: e.code, upstream_status: e.status }
    case 'IntegrationError':
    case 'APIError':
      return fromStatus(e.status ?? 500, message, e.code)
  }
  // A bug, not a verdict on the input: say what kind, never how deep in the code.
  return { status: 500, message: `Unexpected ${e.name ?? 'error'}: ${firstLine(message)}` }
}

/** The messages inside an AggregateError (the `aggregate-error` package is iterable; the standard one has `errors`). */
function innerErrors(error: unknown): string[] {
  const list = (error as { errors?: unknown }).errors
  const items: unknown[] = Array.isArray(list) ? list : isIterable(error) ? [...error] : []
  return items.map((item) => (item instanceof Error ? item.message : String(item))).filter((m) => m.trim() !== '')
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  )
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? message
  )
}

/**
 * The problem one failed event of a batch stands for, from its multistatus entry (only the
 * status and message survive there).
 */
export function describeFailure(status: number, message: string, code?: string): Problem {
  if (code === 'PAYLOAD_VALIDATION_FAILED') return withField({ status: 400, message, code }, fieldFromMessage(message))
  return fromStatus(status, message, code)
}

function fromStatus(status: number, message: string, code?: string): Problem {
  if (code === 'INVALID_SETTINGS' || code === 'BAD_REQUEST') {
    const field = settingFromMessage(message)
    if (field) return { status: 400, message, code, field }
  }
  if (status === 401) return { status: 401, message, code, field: 'conversion_token' }
  if (status === 403) return { status: 403, message, code, field: 'ad_account_id' }
  if (status === 408 || status === 429 || status >= 500) return { status: 502, message, code, upstream_status: status }
  return withField({ status, message, code }, fieldFromMessage(message))
}

function withField(problem: Problem, field: string | undefined): Problem {
  return field ? { ...problem, field } : problem
}

const SETTINGS = Object.entries(destination.authentication?.fields ?? {}).map(([key, field]) => ({
  key,
  label: field.label
}))

/** The destination's settings errors start with the setting's label ("Ad Account ID must be ..."). */
export function settingFromMessage(message: string): string | undefined {
  return SETTINGS.find(({ label }) => message.startsWith(label))?.key
}

const FIELD_KEYS = Object.values(destination.actions).flatMap((action) =>
  Object.entries(action.fields).flatMap(([key, field]) => [
    key,
    ...Object.keys(field.properties ?? {}).map((sub) => `${key}.${sub}`)
  ])
)
const KNOWN_FIELDS = new RegExp(
  `\\b(${[...FIELD_KEYS]
    .sort((a, b) => b.length - a.length)
    .join('|')
    .replace(/\./g, '\\.')})\\b`,
  'g'
)

/**
 * The field a message is about: the one actions-core quotes ("missing the required field
 * 'event_time'"), the one its JSON pointer names ("The value at /custom_data/value ..."), or the
 * first mapping field the destination's own message names ("event_time is not a date").
 */
export function fieldFromMessage(message: string): string | undefined {
  const quoted = /field '([^']+)'/.exec(message)
  if (quoted) return quoted[1]
  const pointer = /\bat (\/[\w/]+)/.exec(message)
  if (pointer) return fieldFromPointer(pointer[1])
  return mentionedField(message)
}

/** The first field named; its parent when the message names several keys of one object (a rule about the set). */
function mentionedField(message: string): string | undefined {
  const named = [...new Set([...message.matchAll(KNOWN_FIELDS)].map((m) => m[1]))]
  const first = named[0]
  if (!first) return undefined
  const parent = first.split('.')[0]
  return named.some((other) => other !== first && other.split('.')[0] === parent) ? parent : first
}

export function fieldFromPointer(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part && !/^\d+$/.test(part))
    .join('.')
}
