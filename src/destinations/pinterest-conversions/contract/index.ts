import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import schema from './pinterest-events-request.schema.json'
import type { EventsRequest, PinterestEvent } from './types'

export { schema as eventsRequestSchema }
export * from './types'

// Compiled once at load: compiling costs tens of microseconds, validating one event a few.
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false })
const validateRequest = ajv.compile<EventsRequest>(schema)
const validateOneEvent = ajv.getSchema<PinterestEvent>(`${schema.$id}#/definitions/event`) as ValidateFunction<PinterestEvent>

/** The first way a request body breaks Pinterest's contract, in words naming the key; undefined when it holds. */
export function contractViolation(body: unknown): string | undefined {
  return validateRequest(body) ? undefined : describe(validateRequest.errors)
}

/** Same as contractViolation, for one event (paths are relative to the event). */
export function eventContractViolation(event: unknown): string | undefined {
  return validateOneEvent(event) ? undefined : describe(validateOneEvent.errors)
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0]
  if (!error) return 'does not match the Pinterest contract'
  const at = error.instancePath.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')
  const where = at || 'the event'
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has a key Pinterest does not define: ${String(error.params.additionalProperty)}`
    case 'required':
      return `${where} is missing ${String(error.params.missingProperty)}`
    default:
      return `${where} ${error.message ?? 'is invalid'}`
  }
}
