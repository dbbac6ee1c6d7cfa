/**
 * Test doubles of Pinterest's events endpoint. Every body they receive is checked against our
 * contract schema, so any test that sends an invalid body fails, whatever it asserts itself.
 */
// The test oracle computes digests on its own, not through the code under test.
// eslint-disable-next-line no-restricted-syntax
import { createHash } from 'crypto'
import nock from 'nock'
import type { EventsRequest } from '../contract'
import { contractViolation } from '../contract'

export const AD_ACCOUNT_ID = '549755885175'
export const TOKEN = 'pina_TEST-conversion-token-0123456789'
export const SETTINGS = { ad_account_id: AD_ACCOUNT_ID, conversion_token: TOKEN }
export const BASE_URL = 'https://api.pinterest.com'
export const EVENTS_PATH = `/v5/ad_accounts/${AD_ACCOUNT_ID}/events`

/** The expected digest, computed here from the normalized string rather than by the code under test. */
export const digest = (normalized: string) => createHash('sha256').update(normalized, 'utf8').digest('hex')

export type Reply = (body: EventsRequest) => [status: number, body?: unknown]

/** Pinterest's answer when every event is processed. */
export const allProcessed: Reply = (body) => [
  200,
  {
    num_events_received: body.data.length,
    num_events_processed: body.data.length,
    events: body.data.map(() => ({ status: 'processed' }))
  }
]

export interface FakePinterest {
  /** Bodies received, in order. */
  bodies: EventsRequest[]
  /** Query strings received, in order. */
  queries: string[]
  headers: Array<Record<string, string | string[]>>
  scope: nock.Scope
}

/** Intercepts `times` POSTs to the events endpoint and answers each with `reply`. */
export function fakePinterest(reply: Reply = allProcessed, times = 1): FakePinterest {
  const fake: FakePinterest = { bodies: [], queries: [], headers: [], scope: nock(BASE_URL) }
  fake.scope
    .post((uri) => uri.split('?')[0] === EVENTS_PATH)
    .times(times)
    .reply(function (uri, requestBody) {
      const body = requestBody as EventsRequest
      fake.bodies.push(body)
      fake.queries.push(uri.split('?')[1] ?? '')
      fake.headers.push(this.req.headers)
      expectContract(body)
      const [status, answer] = reply(body)
      return [status, answer as nock.Body, { 'Content-Type': 'application/json' }]
    })
  return fake
}

const violations: string[] = []

/** Records a contract violation; the afterEach below fails the test that caused it. */
export function expectContract(body: unknown): void {
  const violation = contractViolation(body)
  if (violation) violations.push(violation)
}

afterEach(() => {
  const found = violations.splice(0)
  if (found.length > 0) throw new Error(`a request body broke the Pinterest contract: ${found.join('; ')}`)
})

/** Unix seconds of an ISO timestamp, the way Pinterest wants event_time. */
export const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/** A timestamp `minutesAgo` minutes before now, as Segment sends it. */
export const recent = (minutesAgo = 5) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
