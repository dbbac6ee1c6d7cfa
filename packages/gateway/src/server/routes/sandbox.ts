import { isObject, FieldError, SANDBOX_EVENTS_ROUTE, SANDBOX_PINTEREST_ROUTES } from 'pinterest-conversions-tools'
import type { Fault, Sandbox } from 'pinterest-conversions-tools'
import type { Route } from '../router'

/** 1000 events as the destination builds them, hashed: well under this. */
const EVENTS_BODY_BYTES = 8 * 1024 * 1024

/**
 * The sandbox's Pinterest routes (events, OAuth, ad accounts, quality score, deletion requests),
 * mounted where Pinterest has them, a window on what it received, fault drills, and its clock.
 */
export function sandboxRoutes(sandbox: Sandbox): Route[] {
  return [
    ...SANDBOX_PINTEREST_ROUTES.map(
      (route): Route => ({
        method: route.method,
        path: route.path,
        ...(route.path === SANDBOX_EVENTS_ROUTE && { bodyLimit: EVENTS_BODY_BYTES }),
        ...('bodyType' in route && { bodyType: route.bodyType }),
        summary: `the embedded Pinterest sandbox: ${route.summary}`,
        handle: (request) => {
          const answer = sandbox.handle({
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.rawBody
          })
          return 'reset' in answer ? { status: 0, reset: true } : answer
        }
      })
    ),
    {
      method: 'POST',
      path: '/sandbox/clock',
      access: 'admin',
      summary:
        '{"advance_seconds": 259200}: moves the sandbox clock forward (tokens expire, deletion requests move on)',
      handle: (request) => {
        const body = request.json()
        const seconds = isObject(body) ? body.advance_seconds : undefined
        if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
          throw new FieldError('advance_seconds must be a whole number of seconds, 0 or more.', 'advance_seconds')
        }
        return { status: 200, body: { now: new Date(sandbox.advanceClock(seconds)).toISOString() } }
      }
    },
    {
      method: 'GET',
      path: '/sandbox/requests',
      access: 'admin',
      summary: 'what the sandbox received: the last 20 requests, oldest first, and totals over all of them',
      handle: () => {
        const requests = sandbox.received()
        return { status: 200, body: { count: requests.length, requests, totals: sandbox.totals() } }
      }
    },
    {
      method: 'DELETE',
      path: '/sandbox/requests',
      access: 'admin',
      summary: 'forget what the sandbox received, its totals and its pending faults',
      handle: () => {
        sandbox.clear()
        return { status: 200, body: { ok: true } }
      }
    },
    {
      method: 'POST',
      path: '/sandbox/faults',
      access: 'admin',
      summary:
        '{"status": 503, "count": 5}, {"status": 429, "retry_after_seconds": 1, "count": 2} or {"reset": true, "count": 1}: the next requests fail so',
      handle: (request) => {
        sandbox.addFault(readFault(request.json()))
        return { status: 200, body: { ok: true } }
      }
    }
  ]
}

function readFault(body: unknown): Fault {
  if (!isObject(body)) throw new FieldError('The body must be a fault: {"status": 503, "count": 5}.', 'body')
  const count = body.count === undefined ? 1 : body.count
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new FieldError('count must be a whole number of requests, 1 or more.', 'count')
  }
  if (body.reset === true) return { reset: true, count }
  const { status, retry_after_seconds: retryAfter } = body
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new FieldError('status must be an HTTP error status (400-599), or give "reset": true.', 'status')
  }
  if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0)) {
    throw new FieldError('retry_after_seconds must be a whole number of seconds.', 'retry_after_seconds')
  }
  return { status, count, ...(retryAfter !== undefined && { retry_after_seconds: retryAfter }) }
}
