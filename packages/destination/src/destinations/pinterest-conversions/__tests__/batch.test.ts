/**
 * performBatch under fault injection. Whatever Pinterest answers, every input event gets
 * exactly one outcome at its own index, and none is a success when Pinterest said it failed.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { Reply } from './__helpers__/pinterest-fake'
import {
  asPinterest,
  BASE_URL,
  checkPinterestAfterEach,
  EVENTS_PATH,
  fakePinterest,
  recent,
  SETTINGS,
  TOKEN
} from './__helpers__/pinterest-fake'
import { PRODUCTS, webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

type Outcome = {
  status: number
  errortype?: string
  errormessage?: string
  body?: unknown
  sent?: { event_id?: string }
}

function order(i: number): SegmentEvent {
  const context = webContext()
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: `evt-${i}`,
    userId: `user-${i}`,
    timestamp: recent(2),
    properties: { order_id: `ord-${i}`, total: 10 + i, currency: 'USD', products: PRODUCTS },
    context: { ...context, traits: { ...context.traits, email: `buyer${i}@example.com` } }
  } as SegmentEvent
}

const orders = (n: number) => Array.from({ length: n }, (_, i) => order(i))

async function runBatch(
  events: SegmentEvent[],
  settings: object = {},
  mapping: object = {},
  integration = createTestIntegration(destination)
): Promise<Outcome[]> {
  await integration.testBatchAction('reportConversionEvent', {
    events,
    mapping: { event_name: 'checkout', ...mapping },
    useDefaultMappings: true,
    settings: { ...SETTINGS, ...settings }
  })
  const outcomes = integration.results[0].multistatus as Outcome[]
  expectOneOutcomePerEvent(outcomes, events)
  return outcomes
}

/** The invariant of every batch: one outcome per input event, in place, and no token anywhere. */
function expectOneOutcomePerEvent(outcomes: Outcome[], events: SegmentEvent[]) {
  expect(outcomes).toHaveLength(events.length)
  outcomes.forEach((outcome, i) => {
    expect(typeof outcome?.status).toBe('number')
    if (outcome.sent?.event_id !== undefined) expect(outcome.sent.event_id).toBe(events[i].messageId)
  })
  expect(JSON.stringify(outcomes)).not.toContain(TOKEN)
}

const statuses = (outcomes: Outcome[]) => outcomes.map((o) => o.status)

describe('performBatch', () => {
  it('reports every processed event as a success carrying what was sent', async () => {
    const pinterest = fakePinterest()
    const outcomes = await runBatch(orders(3))
    expect(pinterest.bodies).toHaveLength(1)
    expect(pinterest.bodies[0].data.map((e) => e.event_id)).toEqual(['evt-0', 'evt-1', 'evt-2'])
    expect(statuses(outcomes)).toEqual([200, 200, 200])
    expect(outcomes[1].body).toEqual({ status: 'processed' })
  })

  it('fails only the events a 200 says failed, with Pinterest’s message, and keeps warnings visible', async () => {
    fakePinterest((body) => [
      200,
      {
        num_events_received: 3,
        num_events_processed: 2,
        events: [
          { status: 'processed', warning_message: 'client_user_agent looks truncated' },
          { status: 'failed', error_message: 'Invalid event_id' },
          { status: 'processed' }
        ].slice(0, body.data.length)
      }
    ])
    const outcomes = await runBatch(orders(3))
    expect(statuses(outcomes)).toEqual([200, 400, 200])
    expect(outcomes[0].body).toEqual({ status: 'processed', warning_message: 'client_user_agent looks truncated' })
    expect(outcomes[1].errormessage).toContain('Invalid event_id')
  })

  it('decides each event of a 422 by details.events', async () => {
    fakePinterest(() => [
      422,
      {
        code: 953,
        message: 'Not all events were processed.',
        details: {
          num_events_received: 2,
          num_events_processed: 1,
          events: [{ status: 'failed', error_message: 'Given timestamp is in the past' }, { status: 'processed' }]
        }
      }
    ])
    const outcomes = await runBatch(orders(2))
    expect(statuses(outcomes)).toEqual([400, 200])
    expect(outcomes[0].errormessage).toContain('Given timestamp is in the past')
  })

  it.each<[number, object, number, string, RegExp]>([
    [
      400,
      { code: 4196, message: "Additional properties are not allowed ('x' was unexpected)" },
      400,
      'BAD_REQUEST',
      /'x' was unexpected/
    ],
    [
      401,
      { code: 2, message: 'Authentication failed.' },
      401,
      'INVALID_AUTHENTICATION',
      /conversion token is not valid/
    ],
    [
      403,
      { code: 29, message: 'You are not permitted to access that resource.' },
      403,
      'INVALID_AUTHENTICATION',
      /no access to ad account/
    ],
    [429, { code: 8, message: 'This request exceeded a rate limit.' }, 429, 'TOO_MANY_REQUESTS', /rate limit/],
    [500, { code: 1, message: 'Internal error' }, 500, 'INTERNAL_SERVER_ERROR', /unavailable \(500\)/],
    [503, { code: 4197, message: 'ramped down' }, 503, 'SERVICE_UNAVAILABLE', /unavailable \(503\)/]
  ])(
    'gives every event of a %i the same outcome',
    async (status: number, body: object, expected: number, errortype: string, message: RegExp) => {
      fakePinterest(() => [status, body])
      const outcomes = await runBatch(orders(3))
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ status: expected, errortype })
        expect(outcome.errormessage).toMatch(message)
      }
    }
  )

  it('reports a 200 it cannot read as accepted, with a warning, never as failures', async () => {
    nock(BASE_URL).post(EVENTS_PATH).reply(200, '<html>gateway</html>', { 'Content-Type': 'text/html' })
    const outcomes = await runBatch(orders(2))
    expect(statuses(outcomes)).toEqual([200, 200])
    expect(outcomes[0].body).toMatchObject({
      status: 'accepted',
      warning_message: expect.stringContaining('no per-event result')
    })
  })

  it('reports a 200 whose events list does not match the request as accepted, with a warning', async () => {
    fakePinterest(() => [200, { num_events_received: 3, num_events_processed: 3, events: [{ status: 'processed' }] }])
    const outcomes = await runBatch(orders(3))
    expect(statuses(outcomes)).toEqual([200, 200, 200])
    expect(outcomes[2].body).toMatchObject({ status: 'accepted', num_events_received: 3, num_events_processed: 3 })
  })

  // 1500 events through actions-core's validation and our normalization: under a second on an idle
  // machine, several on a busy 2-core one, past jest's default 5 s.
  it('splits 1500 events into requests of 1000 and 500 and puts every outcome at its own index', async () => {
    // Pinterest fails every seventh event, naming it, so a misplaced outcome shows.
    const failEverySeventh: Reply = (body) => {
      const events = body.data.map((e) =>
        Number(e.event_id.slice(4)) % 7 === 0
          ? { status: 'failed', error_message: `bad ${e.event_id}` }
          : { status: 'processed' }
      )
      return [
        200,
        {
          num_events_received: events.length,
          num_events_processed: events.filter((e) => e.status === 'processed').length,
          events
        }
      ]
    }
    const pinterest = fakePinterest(failEverySeventh, 2)
    const outcomes = await runBatch(orders(1500))
    expect(pinterest.bodies.map((b) => b.data.length).sort()).toEqual([1000, 500].sort())
    outcomes.forEach((outcome, i) => {
      if (i % 7 === 0)
        expect(outcome).toMatchObject({
          status: 400,
          errormessage: `Pinterest did not process the event: bad evt-${i}`
        })
      else expect(outcome.status).toBe(200)
    })
  }, 30_000)

  it('keeps a failed request from changing the outcomes of another request', async () => {
    let calls = 0
    fakePinterest((body) => (++calls === 1 ? [503, { code: 4197, message: 'ramped down' }] : asPinterest(body)), 2)
    const outcomes = await runBatch(orders(1500))
    const byStatus = (status: number) => outcomes.filter((o) => o.status === status).length
    expect(byStatus(503) + byStatus(200)).toBe(1500)
    expect([byStatus(503), byStatus(200)].sort()).toEqual([500, 1000].sort())
    // Every event of one request shares its fate.
    const first = outcomes[0].status
    expect(outcomes.slice(0, 1000).every((o) => o.status === first)).toBe(true)
  }, 30_000)

  it('fails invalid events on their own, at their own index, and sends the others', async () => {
    const events = orders(6)
    events[1] = { ...events[1], context: { traits: { phone: '+14155550100' } } } as SegmentEvent // no identifier
    events[3] = { ...events[3], timestamp: new Date(Date.now() - 9 * 86400_000).toISOString() } // too old
    events[4] = { ...events[4], timestamp: 'not a date' } // refused by the framework's own validation
    const pinterest = fakePinterest()
    const outcomes = await runBatch(events)
    expect(statuses(outcomes)).toEqual([200, 400, 200, 400, 400, 200])
    expect(outcomes[1]).toMatchObject({
      errortype: 'PAYLOAD_VALIDATION_FAILED',
      errormessage: expect.stringContaining('cannot match this event')
    })
    expect(outcomes[3].errormessage).toMatch(/more than 7 days ago/)
    expect(outcomes[4].errortype).toBe('PAYLOAD_VALIDATION_FAILED')
    expect(pinterest.bodies[0].data.map((e) => e.event_id)).toEqual(['evt-0', 'evt-2', 'evt-5'])
  })

  it('sends nothing when no event is valid', async () => {
    const pinterest = fakePinterest()
    const outcomes = await runBatch([{ ...order(0), context: {} } as SegmentEvent])
    expect(statuses(outcomes)).toEqual([400])
    expect(pinterest.bodies).toHaveLength(0)
  })

  it('sends every request of a batch in test mode with ?test=true', async () => {
    const pinterest = fakePinterest(asPinterest, 2)
    await runBatch(orders(3), { test_mode: true }, { batch_size: 2 })
    expect(pinterest.queries).toEqual(['test=true', 'test=true'])
  })

  it('honours a smaller batch_size', async () => {
    const pinterest = fakePinterest(asPinterest, 3)
    const outcomes = await runBatch(orders(5), {}, { batch_size: 2 })
    expect(pinterest.bodies.map((b) => b.data.length).sort()).toEqual([1, 2, 2])
    expect(statuses(outcomes)).toEqual([200, 200, 200, 200, 200])
  })

  it('fails every event with the settings error when the settings are unusable', async () => {
    const outcomes = await runBatch(orders(2), { ad_account_id: 'not-digits' })
    expect(outcomes.map((o) => o.errormessage)).toEqual([
      expect.stringMatching(/Ad Account ID/),
      expect.stringMatching(/Ad Account ID/)
    ])
  })
})
