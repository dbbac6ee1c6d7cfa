import type { JSONLikeObject } from '@segment/actions-core'
import {
  ErrorCodes,
  getErrorCodeFromHttpStatus,
  IntegrationError,
  InvalidAuthenticationError,
  MultiStatusResponse,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import { FieldValidationError } from './errors'

/**
 * Why an event did not reach Pinterest, which decides how the runtime treats it:
 * - invalid: it failed our own checks and was never sent (400, not retried);
 * - settings: the destination settings are unusable (400);
 * - rejected: Pinterest refused it, in a 200, a 400 or a 422 (not retried);
 * - auth: Pinterest refused the token (401/403);
 * - retryable: rate limit, server error, timeout or lost connection (429/5xx/408: retried);
 * - internal: a defect of ours while building it, kept to this one event.
 */
export type FailureKind = 'invalid' | 'settings' | 'rejected' | 'auth' | 'retryable' | 'internal'

export interface Delivered {
  ok: true
  status: number
  sent: JSONLikeObject
  body: JSONLikeObject
}

export interface Failed {
  ok: false
  kind: FailureKind
  status: number
  message: string
  /** The mapping fields an invalid event failed on, when known. */
  fields?: readonly string[]
  sent?: JSONLikeObject
  body?: JSONLikeObject | string
}

export type Outcome = Delivered | Failed

const ERROR_TYPES: Record<FailureKind, keyof typeof ErrorCodes | undefined> = {
  invalid: 'PAYLOAD_VALIDATION_FAILED',
  settings: 'BAD_REQUEST',
  rejected: undefined,
  auth: 'INVALID_AUTHENTICATION',
  retryable: undefined,
  internal: 'UNKNOWN_ERROR'
}

export function errorTypeOf(failure: Failed): keyof typeof ErrorCodes {
  return ERROR_TYPES[failure.kind] ?? getErrorCodeFromHttpStatus(failure.status)
}

/** One outcome per input event, at the index of that event. */
export function toMultiStatus(outcomes: readonly Outcome[]): MultiStatusResponse {
  const response = new MultiStatusResponse()
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) {
      response.setSuccessResponseAtIndex(index, { status: outcome.status, sent: outcome.sent, body: outcome.body })
    } else {
      response.setErrorResponseAtIndex(index, {
        status: outcome.status,
        errortype: errorTypeOf(outcome),
        errormessage: outcome.message,
        ...(outcome.sent && { sent: outcome.sent }),
        ...(outcome.body !== undefined && { body: outcome.body })
      })
    }
  })
  return response
}

/** The single-event path: Pinterest's answer for the event, or the typed error the runtime expects. */
export function settleOne(outcomes: readonly Outcome[]): JSONLikeObject {
  const outcome = outcomes[0]
  if (outcome.ok) return outcome.body
  throw errorOf(outcome)
}

export function errorOf(failure: Failed): Error {
  switch (failure.kind) {
    case 'invalid':
      return failure.fields
        ? new FieldValidationError(failure.message, failure.fields)
        : new PayloadValidationError(failure.message)
    case 'auth':
      return new InvalidAuthenticationError(failure.message)
    case 'retryable':
      return new RetryableError(failure.message, failure.status as ConstructorParameters<typeof RetryableError>[1])
    default:
      return new IntegrationError(failure.message, errorTypeOf(failure), failure.status)
  }
}
