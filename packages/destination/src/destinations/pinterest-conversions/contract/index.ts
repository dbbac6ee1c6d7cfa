import type { ErrorObject } from 'ajv'
import Ajv from 'ajv'
import { eventsRequestSchema as schema } from './request-schema'
import type { EventsRequest, UserData } from './types'

export { eventsRequestSchema } from './request-schema'
export * from './types'

// Compiled once, at load: compiling a validator costs tens of microseconds. The tests and the
// sandbox validate with it; the destination keeps to it by construction (see limits.ts).
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false })
const validateRequest = ajv.compile<EventsRequest>(schema)

// Pinterest answers a broken identifier rule with a per-event failure inside a 200, not with
// a 400 for the whole request. Whoever plays Pinterest (the local sandbox) therefore checks the
// shape of a request without that rule, and the rule per event. Both are derived from the same
// schema file at load, so they can never drift from it.
const identifierRule = schema.definitions.user_data.anyOf
const validateShape = ajv.compile<EventsRequest>(withoutIdentifierRule(schema))
const validateIdentifierRule = ajv.compile<UserData>({ type: 'object', anyOf: identifierRule })

/** The first way a body breaks the contract: where (a dotted path), which rule, which key, and in words. */
export interface ContractViolation {
  /** Dotted path of the offending object or value, such as `data[0].custom_data`; '' for the body itself. */
  at: string
  /** The JSON Schema keyword that failed, such as `additionalProperties`, `required`, `type`. */
  keyword: string
  /** The key the rule is about, for `additionalProperties` and `required`. */
  key?: string
  /** A sentence naming the key, as contractViolation returns it. */
  text: string
}

/** The first way a request body breaks Pinterest's contract, in words naming the key; undefined when it holds. */
export function contractViolation(body: unknown): string | undefined {
  return validateRequest(body) ? undefined : describe(validateRequest.errors).text
}

/** The contract without the user_data identifier rule, for a request as a whole; structured. */
export function requestShapeViolation(body: unknown): ContractViolation | undefined {
  return validateShape(body) ? undefined : describe(validateShape.errors)
}

/** The user_data identifier rule of the contract: em, or hashed_maids, or client_ip_address with client_user_agent. */
export function meetsIdentifierRule(userData: unknown): boolean {
  return validateIdentifierRule(userData)
}

function withoutIdentifierRule(source: typeof schema): object {
  // A JSON round trip, not structuredClone: Segment's jest 27 environment has no structuredClone.
  const copy = JSON.parse(JSON.stringify(source)) as { $id: string; definitions: { user_data: { anyOf?: unknown } } }
  delete copy.definitions.user_data.anyOf
  // A second schema in the same Ajv instance needs an id of its own.
  copy.$id = `${source.$id}:without-identifier-rule`
  return copy
}

function describe(errors: ErrorObject[] | null | undefined): ContractViolation {
  const error = errors?.[0]
  if (!error) return { at: '', keyword: 'unknown', text: 'does not match the Pinterest contract' }
  const at = error.instancePath
    .slice(1)
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.')
  const where = at || 'the event'
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty)
      return { at, keyword: error.keyword, key, text: `${where} has a key Pinterest does not define: ${key}` }
    }
    case 'required': {
      const key = String(error.params.missingProperty)
      return { at, keyword: error.keyword, key, text: `${where} is missing ${key}` }
    }
    default:
      return { at, keyword: error.keyword, text: `${where} ${error.message ?? 'is invalid'}` }
  }
}
