/**
 * How Pinterest answers a request body, once it has accepted the token and the ad account:
 * a 400 naming the broken key, a 422 when some events are older than 7 days, else a 200 with
 * one result per event (a broken identifier rule fails that event inside the 200). The one
 * description of Pinterest's answer: the sandbox, the capturing client of dry runs, explain
 * and health, and the tests' fakes all answer with it.
 */
import { MAX_EVENT_AGE_SECONDS, MAX_EVENTS_PER_REQUEST } from '../constants'
import type { ContractViolation } from './index'
import { meetsIdentifierRule, requestShapeViolation } from './index'
import type { EventResult, EventsResponse } from './types'

export interface PinterestAnswer {
  status: number
  body: object
}

/** Pinterest's answer to a request body (parsed JSON, or undefined when the body was not JSON). */
export function answerTo(body: unknown, nowSeconds: number): PinterestAnswer {
  if (body === undefined) return invalid('The request body is not valid JSON.')
  const data = (body as { data?: unknown } | null)?.data
  if (Array.isArray(data) && data.length > MAX_EVENTS_PER_REQUEST) {
    return invalid(
      `Too many events: data has ${data.length} items, at most ${MAX_EVENTS_PER_REQUEST} are accepted per request.`
    )
  }
  const violation = requestShapeViolation(body)
  if (violation) return invalid(pinterestWording(violation))
  return perEvent(data as Array<{ event_time: number; user_data: unknown }>, nowSeconds)
}

/** Pinterest's 400 for a request it cannot read. */
export function invalid(message: string): PinterestAnswer {
  return { status: 400, body: { code: 4196, message } }
}

/** One result per event; 422 when some are older than 7 days, 200 otherwise (even with failed events). */
function perEvent(events: Array<{ event_time: number; user_data: unknown }>, nowSeconds: number): PinterestAnswer {
  let tooOld = 0
  const results: EventResult[] = events.map((event) => {
    if (event.event_time < nowSeconds - MAX_EVENT_AGE_SECONDS) {
      tooOld++
      return {
        status: 'failed',
        error_message: 'Given timestamp is in the past: events older than 7 days are not accepted.'
      }
    }
    if (!meetsIdentifierRule(event.user_data)) {
      return {
        status: 'failed',
        error_message: 'user_data needs em, hashed_maids, or both client_ip_address and client_user_agent.'
      }
    }
    return { status: 'processed' }
  })
  const summary: EventsResponse = {
    num_events_received: events.length,
    num_events_processed: results.filter((r) => r.status === 'processed').length,
    events: results
  }
  if (tooOld === 0) return { status: 200, body: summary }
  return {
    status: 422,
    body: {
      code: 953,
      message: `Not all events were processed: ${tooOld} of ${events.length} have a timestamp in the past.`,
      details: summary
    }
  }
}

/** Pinterest words schema errors the way Python's jsonschema does; the location is added so the key can be found. */
function pinterestWording(violation: ContractViolation): string {
  const where = violation.at ? ` in ${violation.at}` : ''
  switch (violation.keyword) {
    case 'additionalProperties':
      return `Additional properties are not allowed ('${violation.key ?? ''}' was unexpected)${where}.`
    case 'required':
      return `'${violation.key ?? ''}' is a required property${where}.`
    default:
      return `Invalid request: ${violation.text}.`
  }
}
