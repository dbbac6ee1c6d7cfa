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
