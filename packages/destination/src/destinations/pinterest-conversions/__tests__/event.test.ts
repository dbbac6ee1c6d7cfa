/** Event-level fields: time, ids, money, products, app and device data, settings that touch every event. */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { PinterestEvent } from '../contract'
import { FieldValidationError } from '../errors'
import { buildEvent } from '../event'
import type { Payload } from '../reportConversionEvent/generated-types'
import { Warnings } from '../warnings'
import { checkPinterestAfterEach, fakePinterest, recent, SETTINGS } from './__helpers__/pinterest-fake'
import { USER_AGENT, webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

async function send(event: Partial<SegmentEvent>, settings: object = {}, mapping: object = {}) {
  const pinterest = fakePinterest()
  await createTestIntegration(destination).testAction('reportConversionEvent', {
    event: { type: 'track', event: 'Order Completed', timestamp: recent(), context: webContext(), ...event },
    mapping: { event_name: 'checkout', ...mapping },
    useDefaultMappings: true,
    settings: { ...SETTINGS, ...settings }
  })
  return pinterest
}

const sentEvent = async (event: Partial<SegmentEvent>, settings?: object, mapping?: object): Promise<PinterestEvent> =>
  (await send(event, settings, mapping)).bodies[0].data[0]

describe('event_time becomes integer unix seconds', () => {
  const at = new Date(Date.now() - 90 * 60_000)
  at.setUTCMilliseconds(750)
  const expected = Math.floor(at.getTime() / 1000)

  it.each([
    ['an ISO 8601 string', at.toISOString()],
    ['an ISO string with an offset', at.toISOString().replace('Z', '+00:00')],
    ['unix seconds', expected],
    ['unix seconds as a string', String(expected)],
    ['unix milliseconds', at.getTime()],
    ['unix milliseconds as a string', String(at.getTime())]
  ])('from %s', async (_, timestamp) => {
    expect((await sentEvent({}, {}, { event_time: timestamp })).event_time).toBe(expected)
  })
})

/** Segment's partner marker, which the definition adds to every event's custom data (attribution.ts). */
const SEGMENT_NP = { np: 'ss-segment' }

describe('custom_data', () => {
  it('takes value from value, else total, else revenue, and sends it as a decimal string', async () => {
    expect((await sentEvent({ properties: { value: 12.5, total: 99, revenue: 80 } })).custom_data?.value).toBe('12.5')
    expect((await sentEvent({ properties: { total: 99, revenue: 80 } })).custom_data?.value).toBe('99')
    expect((await sentEvent({ properties: { revenue: 80.1 } })).custom_data?.value).toBe('80.1')
  })

  it('sends a value of 0 as "0"', async () => {
    expect((await sentEvent({ properties: { value: 0, currency: 'USD' } })).custom_data).toEqual({
      value: '0',
      currency: 'USD',
      ...SEGMENT_NP
    })
  })

  it('never takes a unit price as the value', async () => {
    const event = await sentEvent({ properties: { product_id: 'sku-1', price: 49.99, quantity: 3 } })
    expect(event.custom_data?.value).toBeUndefined()
  })

  it('sends order_id, content_ids and contents[].id as strings and quantities as integers', async () => {
    const event = await sentEvent({
      properties: { order_id: 1001, products: [{ product_id: 123, price: '19.90', quantity: '2' }, { sku: 456 }] }
    })
    expect(event.custom_data).toEqual({
      order_id: '1001',
      content_ids: ['123', '456'],
      contents: [{ id: '123', item_price: '19.9', quantity: 2 }, { id: '456' }],
      num_items: 3,
      ...SEGMENT_NP
    })
  })

  // Found by the corpus of bad inputs: actions-core cleans nulls out of objects but not out of
  // the objects of a list, and its validation then coerces a null price or quantity to 0.
  it('sends a product whose price and quantity are null without them, not as free and none bought', async () => {
    const event = await sentEvent({
      properties: { products: [{ product_id: 'a', price: null, quantity: null, name: null }] }
    })
    expect(event.custom_data).toEqual({ content_ids: ['a'], contents: [{ id: 'a' }], num_items: 1, ...SEGMENT_NP })
  })

  it('leaves a null entry of the product list out, rather than sending a product of price 0', async () => {
    const event = await sentEvent({ properties: { products: [null, { product_id: 'b', price: 5 }] } })
    expect(event.custom_data).toEqual({
      value: '5',
      content_ids: ['b'],
      contents: [{ id: 'b', item_price: '5' }],
      num_items: 1,
      ...SEGMENT_NP
    })
  })

  it('keeps mapped content_ids and num_items over the ones derived from products', async () => {
    const event = await sentEvent(
      { properties: { ids: ['a', 'b'], count: 7, products: [{ product_id: 'x', quantity: 1 }] } },
      {},
      { custom_data: { content_ids: { '@path': '$.properties.ids' }, num_items: { '@path': '$.properties.count' } } }
    )
    expect(event.custom_data).toMatchObject({ content_ids: ['a', 'b'], num_items: 7 })
  })

  it('upper-cases the currency, and leaves out one that is not an ISO 4217 code with a warning', async () => {
    expect((await sentEvent({ properties: { value: 5, currency: 'eur' } })).custom_data?.currency).toBe('EUR')
    const pinterest = fakePinterest()
    const integration = createTestIntegration(destination)
    await integration.testAction('reportConversionEvent', {
      event: {
        type: 'track',
        timestamp: recent(),
        context: webContext(),
        properties: { value: 5, currency: 'US Dollars' }
      },
      mapping: { event_name: 'checkout' },
      useDefaultMappings: true,
      settings: SETTINGS
    })
    expect(pinterest.bodies[0].data[0].custom_data).toEqual({ value: '5', ...SEGMENT_NP })
    expect(integration.results.find((r) => r.output === 'Action Executed')?.data).toMatchObject({
      warnings: [{ field: 'custom_data.currency', reason: 'is not an ISO 4217 currency code such as USD' }]
    })
  })

  it('normalizes opt_out_type to upper case, comma-separated', async () => {
    const event = await sentEvent(
      { properties: { ldp: ' ldp ,  other' } },
      {},
      { custom_data: { opt_out_type: { '@path': '$.properties.ldp' } } }
    )
    expect(event.custom_data?.opt_out_type).toBe('LDP,OTHER')
  })
})

describe('app, device and language', () => {
  it('lets a web event without context.app through as web, with no app or device keys', async () => {
    const event = await sentEvent({})
    expect(event.action_source).toBe('web')
    for (const key of ['app_id', 'app_name', 'app_version', 'device_brand', 'device_model', 'os_version', 'wifi'])
      expect(event).not.toHaveProperty(key)
  })

  it('keeps an explicitly mapped action_source', async () => {
    expect((await sentEvent({}, {}, { action_source: 'offline' })).action_source).toBe('offline')
  })

  it.each([
    ['en-US', 'en'],
    ['pt_BR', 'pt'],
    ['FR', 'fr'],
    ['fil-PH', undefined],
    // Found by the corpus of bad inputs: Java's Locale (Android before API 34) still writes the
    // codes ISO 639-1 withdrew in 1989.
    ['iw-IL', 'he'],
    ['in_ID', 'id'],
    ['ji', 'yi']
  ])('language from locale %s is %s', async (locale, language) => {
    expect((await sentEvent({ context: { ...webContext(), locale } })).language).toBe(language)
  })

  it('never sends opt_out: true unless ad tracking is off', async () => {
    expect(await sentEvent({ context: { ...webContext(), device: { adTrackingEnabled: true } } })).not.toHaveProperty(
      'opt_out'
    )
    expect(await sentEvent({})).not.toHaveProperty('opt_out')
    expect((await sentEvent({ context: { ...webContext(), device: { adTrackingEnabled: false } } })).opt_out).toBe(true)
  })
})

describe('settings that reach every event', () => {
  it('sends partner_name when set', async () => {
    expect((await sentEvent({}, { partner_name: 'ss-acme' })).partner_name).toBe('ss-acme')
  })

  it('adds ?test=true in test mode, and only then', async () => {
    expect((await send({}, { test_mode: true })).queries).toEqual(['test=true'])
    expect((await send({}, { test_mode: false })).queries).toEqual([''])
  })

  it('sends the conversion token as a Bearer token', async () => {
    expect((await send({}, { conversion_token: '  secret-token\n' })).headers[0].authorization).toBe(
      'Bearer secret-token'
    )
  })

  it('sends to Pinterest and nowhere else, whatever the settings hold', async () => {
    const pinterest = fakePinterest()
    await send({}, { api_base_url: 'https://collector.example.com' } as object)
    expect(pinterest.bodies).toHaveLength(1)
  })
})

describe('event_name and action_source outside their choices', () => {
  it.each([
    ['event_name', { event_name: 'sign_up' }, /Event Name must be one of: "add_payment_info"/],
    ['action_source', { action_source: 'email' }, /Action Source must be one of: "web"/]
  ])('refuses an unknown %s before anything is sent', async (_: string, mapping: object, message: RegExp) => {
    const pinterest = fakePinterest()
    await expect(send({}, {}, mapping)).rejects.toThrow(message)
    expect(pinterest.bodies).toHaveLength(0)
  })

  it.each([
    ['event_name', { event_name: 'sign_up' }],
    ['action_source', { action_source: 'email' }]
  ])('refuses an unknown %s naming the field when the framework did not validate', (field, change) => {
    const payload: Payload = {
      event_name: 'checkout',
      event_time: Math.floor(Date.now() / 1000),
      event_id: 'e-1',
      user_data: { client_ip_address: '203.0.113.7', client_user_agent: USER_AGENT },
      ...change
    }
    let thrown: unknown
    try {
      buildEvent(payload, { defaultPhoneCountry: 'US', nowSeconds: Math.floor(Date.now() / 1000) }, new Warnings())
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(FieldValidationError)
    expect((thrown as FieldValidationError).fields).toEqual([field])
  })
})
