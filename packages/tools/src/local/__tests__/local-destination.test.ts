/**
 * The runtime's door to actions-core: events that actions-core 3.170.0 itself cannot take.
 * Shrunk counterexample of the property tests (__tests__/properties): an event with
 * `"context": null` made actions-core throw a TypeError while reading Engage audience
 * membership, after mapping and before perform; in a batch, before any event was sent.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from 'pinterest-conversions'
import { defaultMapping } from '../mappings'
import { FrameworkRefusal } from '../refusal'
import { checkPinterestAfterEach, fakePinterest } from 'pinterest-conversions/test-support'
import { LocalDestination } from '../local-destination'

const SETTINGS = { ad_account_id: '549755885175', conversion_token: 'pina_local-destination-test-token' }
const MAPPING = { ...defaultMapping('reportConversionEvent'), event_name: 'checkout' }

function event(overrides: object): SegmentEvent {
  return {
    type: 'track',
    event: 'Checkout Started',
    messageId: 'msg-1',
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    traits: { email: 'jane@example.com' },
    ...overrides
  } as SegmentEvent
}

function processAll() {
  return fakePinterest().bodies
}

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

describe('an event whose context (or context.personas) is null', () => {
  it('is still a TypeError inside actions-core 3.170.0 itself (drop the workaround below when this fails)', async () => {
    await expect(
      createTestIntegration(destination).testAction('reportConversionEvent', {
        event: event({ context: null }),
        mapping: MAPPING,
        settings: SETTINGS
      })
    ).rejects.toThrow(TypeError)
  })

  it.each([
    ['context', { context: null }],
    ['context.personas', { context: { personas: null } }]
  ])('is sent as an event without %s on the single path', async (_, overrides) => {
    const bodies = processAll()
    await new LocalDestination().runOne(event(overrides), MAPPING, SETTINGS)
    expect(bodies.map((b) => b.data.map((e) => e.event_id))).toEqual([['msg-1']])
  })

  it('does not take the events next to it down in a batch', async () => {
    const bodies = processAll()
    const events = [
      event({ messageId: 'good-1' }),
      event({ messageId: 'null-context', context: null }),
      event({ messageId: 'good-2' })
    ]
    const outcomes = await new LocalDestination().runBatch(events, MAPPING, SETTINGS)
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200])
    expect(bodies[0].data.map((e) => e.event_id)).toEqual(['good-1', 'null-context', 'good-2'])
    expect(events[1].context).toBeNull() // the caller's event is left as it was
  })
})

describe('an event actions-core refuses', () => {
  it('names the fields of the refusal as data on the single path, as a FrameworkRefusal', async () => {
    const error = await new LocalDestination()
      .runOne(event({ messageId: undefined, timestamp: 'not a date' }), MAPPING, SETTINGS)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FrameworkRefusal)
    expect((error as FrameworkRefusal).fields).toEqual(expect.arrayContaining(['event_id', 'event_time']))
  })

  it('names them in the body of its multistatus entry in a batch, where actions-core keeps only a message', async () => {
    const bodies = processAll()
    const [refused, sent] = await new LocalDestination().runBatch(
      [event({ messageId: 'bad', user_data: undefined, timestamp: 'not a date' }), event({ messageId: 'good' })],
      MAPPING,
      SETTINGS
    )
    expect(refused).toMatchObject({
      status: 400,
      errortype: 'PAYLOAD_VALIDATION_FAILED',
      body: { failure: 'invalid', fields: ['event_time'] }
    })
    expect(sent.status).toBe(200)
    expect(bodies[0].data.map((e) => e.event_id)).toEqual(['good'])
  })
})

describe('partner attribution', () => {
  it("sends none of Segment's partner markers: only a Partner Name the settings give", async () => {
    const bodies = fakePinterest(undefined, 2).bodies
    const runtime = new LocalDestination()
    await runtime.runBatch([event({ properties: { total: 5, currency: 'USD' } })], MAPPING, SETTINGS)
    await runtime.runOne(event({}), MAPPING, { ...SETTINGS, partner_name: 'ss-acme' })
    const [plain, named] = bodies.map((body) => body.data[0])
    expect(plain.partner_name).toBeUndefined()
    expect(plain.custom_data).toEqual({ value: '5', currency: 'USD' })
    expect(named.partner_name).toBe('ss-acme')
  })
})

describe('an event actions-core refuses for optional values of the wrong type alone', () => {
  // What the new user sent: each value is optional, and each made actions-core refuse the whole event.
  const junk = () =>
    event({
      messageId: 'junk-1',
      context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', device: { adTrackingEnabled: 'maybe' } },
      properties: {
        order_id: { id: 'o-1' },
        email: { address: 'jane@example.com' },
        currency: 'USD',
        total: 12,
        products: [
          { product_id: 'p-1', price: 5, quantity: 'two' },
          { product_id: 'p-2', price: 7, quantity: 1 }
        ]
      }
    })
  const LEFT_OUT = ['advertiser_tracking_enabled', 'contents[0].quantity', 'custom_data.order_id', 'user_data.email']

  it('is sent without them on the single path, each named in a warning that never quotes its value', async () => {
    const bodies = processAll()
    const told: string[] = []
    const runtime = new LocalDestination({ rescued: (leftOut) => told.push(...leftOut.map((w) => w.field)) })
    const results = await runtime.runOne(junk(), MAPPING, SETTINGS)
    const data = results.find((r) => r.output === 'Action Executed')?.data as any
    const fields = data.warnings.map((w: { field: string }) => w.field)
    expect(fields).toEqual(expect.arrayContaining(LEFT_OUT))
    expect(told.sort()).toEqual(LEFT_OUT)
    expect(JSON.stringify(data.warnings)).not.toMatch(/o-1|maybe|two|jane/)
    expect(data.warnings).toContainEqual({ field: 'custom_data.order_id', reason: 'is an object where text is typed' })
    const sent = bodies[0].data[0]
    expect(sent.custom_data).toMatchObject({ currency: 'USD', value: '12', content_ids: ['p-1', 'p-2'] })
    expect(sent.custom_data?.order_id).toBeUndefined()
    expect(sent.custom_data?.contents).toEqual([
      { id: 'p-1', item_price: '5' },
      { id: 'p-2', item_price: '7', quantity: 1 }
    ])
  })

  it('is sent without them in a batch, beside the events next to it', async () => {
    // The rescued event goes in a second request, after the batch.
    const bodies = fakePinterest(undefined, 2).bodies
    const [rescued, plain] = await new LocalDestination().runBatch(
      [junk(), event({ messageId: 'plain' })],
      MAPPING,
      SETTINGS
    )
    expect([rescued.status, plain.status]).toEqual([200, 200])
    const warnings = (rescued as unknown as { body: { warnings: Array<{ field: string }> } }).body.warnings.map(
      (w) => w.field
    )
    expect(warnings).toEqual(expect.arrayContaining(LEFT_OUT))
    expect(bodies.flatMap((b) => b.data.map((e) => e.event_id)).sort()).toEqual(['junk-1', 'plain'])
  })

  it('is still refused when a required field has the wrong type', async () => {
    const error = await new LocalDestination()
      .runOne(event({ messageId: { id: 'not text' }, properties: { order_id: { id: 'o-1' } } }), MAPPING, SETTINGS)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FrameworkRefusal)
    expect((error as FrameworkRefusal).fields).toEqual(expect.arrayContaining(['event_id']))
  })
})
