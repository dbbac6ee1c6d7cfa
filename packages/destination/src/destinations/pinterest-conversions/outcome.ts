import type { ErrorCodes, JSONLikeObject } from '@segment/actions-core'
import {
  getErrorCodeFromHttpStatus,
  IntegrationError,
  InvalidAuthenticationError,
  MultiStatusResponse,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import type { Problem } from './errors'
import { AuthenticationError, FieldValidationError, SettingsError } from './errors'
import type { LeftOut } from './warnings'

/**
 * Why an event did not reach Pinterest, which decides how the runtime treats it:
 * - invalid: it failed our own checks and was never sent (400, not retried);
 * - settings: the destination settings are unusable (400);
 * - rejected: Pinterest refused it, in a 200, a 400 or a 422 (not retried);
 * - auth: Pinterest refused the token (401/403);
 * - retryable: rate limit, server error, timeout or lost connection (429/5xx/408: retried);
 * - internal: a defect of ours while building it, kept to this one event (500).
 */
export type FailureKind = 'invalid' | 'settings' | 'rejected' | 'auth' | 'retryable' | 'internal'

export interface Delivered {
  ok: true
  status: number
  sent: JSONLikeObject
  /** Pinterest's result for the event. */
  body: JSONLikeObject
  /** Values left out of the event, and why. */
  warnings?: LeftOut[]
}

export interface Failed {
  ok: false
  kind: FailureKind
  status: number
  message: string
  /** The mapping fields or settings the failure is about, when it is about some. */
  fields?: readonly string[]
  /** Each reason, when the event was refused for several at once (the message joins them). */
  problems?: readonly Problem[]
  /** When Pinterest said how long to wait (`Retry-After`), for a retryable failure. */
  retryAfterSeconds?: number
  sent?: JSONLikeObject
  /** What Pinterest answered: its result for the event, or its answer to the whole request. */
  pinterest?: JSONLikeObject | string
  /** Values left out of the event, and why (it may have failed for another reason). */
  warnings?: LeftOut[]
}

export type Outcome = Delivered | Failed

/**
 * The body of a failed event's multistatus entry: why it failed, as data a runtime or a tool
 * can act on without reading the message.
 */
export interface FailureBody {
  failure: FailureKind
  fields?: string[]
  problems?: Array<{ message: string; fields: string[] }>
  retry_after_seconds?: number
  pinterest?: JSONLikeObject | string
  warnings?: LeftOut[]
}

const ERROR_TYPES: Record<FailureKind, keyof typeof ErrorCodes | undefined> = {
  invalid: 'PAYLOAD_VALIDATION_FAILED',
  settings: 'BAD_REQUEST',
  rejected: undefined,
  auth: 'INVALID_AUTHENTICATION',
  retryable: undefined,
  internal: 'UNKNOWN_ERROR'
}

function errorTypeOf(failure: Failed): keyof typeof ErrorCodes {
  return ERROR_TYPES[failure.kind] ?? getErrorCodeFromHttpStatus(failure.status)
}

/** One outcome per input event, at the index of that event. */
export function toMultiStatus(outcomes: readonly Outcome[]): MultiStatusResponse {
  const response = new MultiStatusResponse()
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) {
      response.setSuccessResponseAtIndex(index, {
        status: outcome.status,
        sent: outcome.sent,
        body: successBody(outcome)
      })
    } else {
      response.setErrorResponseAtIndex(index, {
        status: outcome.status,
        errortype: errorTypeOf(outcome),
        errormessage: outcome.message,
        ...(outcome.sent && { sent: outcome.sent }),
        body: failureBody(outcome) as unknown as JSONLikeObject
      })
    }
  })
  return response
}

function failureBody(failure: Failed): FailureBody {
  return {
    failure: failure.kind,
    ...(failure.fields && { fields: [...failure.fields] }),
    ...(failure.problems && { problems: failure.problems.map((p) => ({ message: p.message, fields: [...p.fields] })) }),
    ...(failure.retryAfterSeconds !== undefined && { retry_after_seconds: failure.retryAfterSeconds }),
    ...(failure.pinterest !== undefined && { pinterest: failure.pinterest }),
    ...(failure.warnings && { warnings: failure.warnings })
  }
}

/** Pinterest's result for the event, and the values left out of it when there are any. */
function successBody(delivered: Delivered): JSONLikeObject {
  if (!delivered.warnings) return delivered.body
  return { ...delivered.body, warnings: delivered.warnings as unknown as JSONLikeObject[] }
}

/** The single-event path: Pinterest's answer for the event, or the typed error the runtime expects. */
export function settleOne(outcomes: readonly Outcome[]): JSONLikeObject {
  const outcome = outcomes[0]
  if (outcome.ok) return successBody(outcome)
  throw errorOf(outcome)
}

/** The framework's typed error for a failure, carrying its fields as data where it has some. */
export function errorOf(failure: Failed): Error {
  switch (failure.kind) {
    case 'invalid':
      return failure.fields
        ? new FieldValidationError(failure.message, failure.fields, failure.problems)
        : new PayloadValidationError(failure.message)
    case 'settings':
      return failure.fields
        ? new SettingsError(failure.message, failure.fields[0])
        : new IntegrationError(failure.message, 'INVALID_SETTINGS', failure.status)
    case 'auth':
      return failure.fields
        ? new AuthenticationError(failure.message, failure.fields)
        : new InvalidAuthenticationError(failure.message)
    case 'retryable':
      return new RetryableError(failure.message, failure.status as ConstructorParameters<typeof RetryableError>[1])
    default:
      return new IntegrationError(failure.message, errorTypeOf(failure), failure.status)
  }
}
