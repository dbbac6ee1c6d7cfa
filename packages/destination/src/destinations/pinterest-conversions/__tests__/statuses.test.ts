/**
 * Every status Pinterest (or whatever stands in front of it) can answer, and the outcome each
 * event gets for it, on both paths: whether a runtime may retry it, with which status and
 * error type, and why, as data in the multistatus body.
 */
import type { Logger, SegmentEvent } from '@segment/actions-core'
import {
  createTestIntegration,
  getErrorCodeFromHttpStatus,
  IntegrationError,
  InvalidAuthenticationError,
  RetryableError
} from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { Settings } from '../generated-types'
import type { Payload } from '../reportConversionEvent/generated-types'
import { BASE_URL, checkPinterestAfterEach, EVENTS_PATH, recent, SETTINGS } from './__helpers__/pinterest-fake'
import { webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

type Kind = 'rejected' | 'auth' | 'retryable'

// [Pinterest's status, the outcome's status, the kind of failure]
const STATUSES: Array<[number, number, Kind]> = [
  [400, 400, 'rejected'],
  [401, 401, 'auth'],
  [403, 403, 'auth'],
  [404, 404, 'rejected'],
  [405, 405, 'rejected'],
  [408, 408, 'retryable'],
  [409, 409, 'rejected'],
  [410, 410, 'rejected'],
  [413, 413, 'rejected'],
  [415, 415, 'rejected'],
  [422, 422, 'rejected'],
  [423, 423, 'retryable'],
  [429, 429, 'retryable'],
  ...[500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511].map((s): [number, number, Kind] => [
    s,
    s,
    'retryable'
  ]),
  // A 5xx the framework's RetryableError does not take is retried as a 503.
  [520, 503, 'retryable'],
  [530, 503, 'retryable'],
  [598, 598, 'retryable'],
  [599, 599, 'retryable']
]

const event = () =>
  ({ type: 'track', event: 'Order Completed', timestamp: recent(), context: webContext() } as SegmentEvent)
const input = { mapping: { event_name: 'checkout' }, useDefaultMappings: true, settings: SETTINGS }

const answer = (status: number, headers: Record<string, string> = {}, times = 1) =>
  nock(BASE_URL)
    .post(EVENTS_PATH)
    .times(times)
    .reply(status, { code: 1, message: `answered ${status}` }, headers)

describe.each(STATUSES)('Pinterest answers %i', (status: number, expected: number, kind: Kind) => {
  const errortype = kind === 'auth' ? 'INVALID_AUTHENTICATION' : getErrorCodeFromHttpStatus(expected)

  it(`is a ${kind} failure of every event of a batch, with status ${expected}`, async () => {
    // A 413 is answered to the request of two, then to each half.
    answer(status, {}, status === 413 ? 3 : 1)
    const integration = createTestIntegration(destination)
    await integration.testBatchAction('reportConversionEvent', { ...input, events: [event(), event()] })
    for (const entry of integration.results[0].multistatus ?? []) {
      expect(entry).toMatchObject({ status: expected, errortype, body: { failure: kind } })
    }
  })

  it(`is ${kind === 'retryable' ? 'a RetryableError' : 'an error not to retry'} on the single path`, async () => {
    answer(status)
    const error = await createTestIntegration(destination)
      .testAction('reportConversionEvent', { ...input, event: event() })
      .catch((e: Error) => e)
    if (kind === 'retryable') {
      expect(error).toBeInstanceOf(RetryableError)
      expect((error as RetryableError).status).toBe(expected)
    } else {
      expect(error).toBeInstanceOf(kind === 'auth' ? InvalidAuthenticationError : IntegrationError)
      expect(error).not.toBeInstanceOf(RetryableError)
      if (kind === 'rejected') expect((error as IntegrationError).status).toBe(expected)
    }
  })
})

describe('a request Pinterest finds too large (413)', () => {
  it('is sent again as two halves, each split again while still too large, until every event has its own answer', async () => {
    const sizes: number[] = []
    nock(BASE_URL)
      .post(EVENTS_PATH)
      .times(5)
      .reply((_, body) => {
        const count = (body as { data: unknown[] }).data.length
        sizes.push(count)
        if (count > 2) return [413, { code: 413, message: 'Request Entity Too Large' }]
        return [
          200,
          {
            num_events_received: count,
            num_events_processed: count,
            events: Array.from({ length: count }, () => ({ status: 'processed' }))
          }
        ]
      })
    const integration = createTestIntegration(destination)
    await integration.testBatchAction('reportConversionEvent', {
      ...input,
      events: [event(), event(), event(), event(), event()]
    })
    expect(sizes).toEqual([5, 3, 2, 1, 2])
    expect((integration.results[0].multistatus ?? []).map((entry) => entry.status)).toEqual([200, 200, 200, 200, 200])
  })
})

describe('what a failure says as data', () => {
  it.each([429, 503])('carries Retry-After of a %i as retry_after_seconds', async (status: number) => {
    answer(status, { 'Retry-After': '7' })
    const integration = createTestIntegration(destination)
    await integration.testBatchAction('reportConversionEvent', { ...input, events: [event()] })
    expect(integration.results[0].multistatus?.[0]).toMatchObject({
      body: { failure: 'retryable', retry_after_seconds: 7 }
    })
  })

  it('names the setting a 401 or 403 is about', async () => {
    const outcome = async (status: number) => {
      answer(status)
      const integration = createTestIntegration(destination)
      await integration.testBatchAction('reportConversionEvent', { ...input, events: [event()] })
      return integration.results[0].multistatus?.[0]
    }
    const unauthorized = await outcome(401)
    const forbidden = await outcome(403)
    expect(unauthorized).toMatchObject({ body: { failure: 'auth', fields: ['conversion_token'] } })
    expect(forbidden).toMatchObject({ body: { failure: 'auth', fields: ['ad_account_id'] } })
  })
})

describe('a defect of the destination', () => {
  // No JSON payload can make a builder throw; a getter that throws stands in for the defect.
  const trap = (): Payload =>
    Object.defineProperty(
      { event_name: 'checkout', event_time: recent(), event_id: 'e-1', user_data: {} },
      'event_source_url',
      {
        get() {
          throw new TypeError('secret@example.com is not what a builder expected')
        }
      }
    ) as Payload
  const logged: string[] = []
  const logger = { error: (...message: string[]) => logged.push(message.join(' ')) } as unknown as Logger
  const request = jest.fn()
  const action = destination.actions.reportConversionEvent

  beforeEach(() => (logged.length = 0))

  it('is an internal error (500) of that event alone on the batch path, logged with its stack and not its value', async () => {
    const payload = [trap()]
    const response = await action.performBatch?.(request, { payload, settings: SETTINGS as Settings, logger })
    expect(
      (response as { getResponseAtIndex(i: number): { value(): unknown } }).getResponseAtIndex(0).value()
    ).toMatchObject({
      status: 500,
      errortype: 'UNKNOWN_ERROR',
      body: { failure: 'internal' }
    })
    expect(request).not.toHaveBeenCalled()
    expect(logged.join('\n')).toMatch(/internal TypeError[\s\S]*at /)
    expect(logged.join('\n')).not.toContain('secret@example.com')
  })

  it('is an IntegrationError with status 500 on the single path, never a verdict on the event', async () => {
    const error = await Promise.resolve(
      action.perform(request, { payload: trap(), settings: SETTINGS as Settings, logger })
    ).catch((e: Error) => e)
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).toMatchObject({ status: 500, code: 'UNKNOWN_ERROR' })
    expect((error as Error).message).toMatch(/defect of the destination, not of the event/)
    expect((error as Error).message).not.toContain('secret@example.com')
  })
})
