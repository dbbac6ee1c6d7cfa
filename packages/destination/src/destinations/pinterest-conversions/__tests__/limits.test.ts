/**
 * The limits of limits.ts: the contract schema holds the same numbers, a value at a limit is
 * sent whole, and one past it is left out of its event with a warning naming the field, the
 * event still sent; only an event_id past it fails its event, alone, while the events next to
 * it in a batch still go out.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration, defaultValues, IntegrationError, PayloadValidationError } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import { eventsRequestSchema } from '../contract'
import type { FieldValidationError } from '../errors'
import {
  APP_INFO_MAX_LENGTH,
  CONTENT_ID_MAX_LENGTH,
  CONTENT_MAX_LENGTH,
  CUSTOM_DATA_MAX_LENGTH,
  DEVICE_INFO_MAX_LENGTH,
  EVENT_MAX_LENGTH,
  MAX_CONTENTS,
  MAX_COUNT,
  MAX_HASHED_VALUES,
  USER_DATA_MAX_LENGTH
} from '../limits'
import { asPinterest, checkPinterestAfterEach, fakePinterest, recent, SETTINGS } from './__helpers__/pinterest-fake'
import { webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

type Schema = {
  properties?: Record<string, Schema>
  items?: Schema
  maxLength?: number
  maxItems?: number
  maximum?: number
}
const definitions = eventsRequestSchema.definitions as unknown as Record<string, Schema>

/** The maxLength of every string key of an object definition of the contract. */
function schemaMaxLengths(definition: string): Record<string, number> {
  const properties = definitions[definition].properties ?? {}
  return Object.fromEntries(
    Object.entries(properties).flatMap(([key, schema]) =>
      schema.maxLength === undefined ? [] : [[key, schema.maxLength]]
    )
  )
}

describe('the contract holds the limits of limits.ts, and no others for what we send', () => {
  it.each([
    ['event', EVENT_MAX_LENGTH],
    ['user_data', USER_DATA_MAX_LENGTH],
    ['custom_data', CUSTOM_DATA_MAX_LENGTH],
    ['content', CONTENT_MAX_LENGTH],
    ['app_info', APP_INFO_MAX_LENGTH],
    ['device_info', DEVICE_INFO_MAX_LENGTH]
  ])('string maxima of %s', (definition: string, limits: Record<string, number>) => {
    expect(schemaMaxLengths(definition)).toEqual(limits)
  })

  it('content_ids, contents, digests and counts', () => {
    const customData = definitions.custom_data.properties ?? {}
    expect(customData.content_ids.items?.maxLength).toBe(CONTENT_ID_MAX_LENGTH)
    expect(customData.content_ids.maxItems).toBe(MAX_CONTENTS)
    expect(customData.contents.maxItems).toBe(MAX_CONTENTS)
    expect(definitions.digests.maxItems).toBe(MAX_HASHED_VALUES)
    expect(customData.num_items.maximum).toBe(MAX_COUNT)
    expect(definitions.content.properties?.quantity.maximum).toBe(MAX_COUNT)
  })
})

const MAPPING = {
  ...defaultValues(destination.actions.reportConversionEvent.fields),
  event_name: 'checkout'
} as Record<string, any>
const path = (p: string) => ({ '@path': p })

/** For each limited field: where a Segment event carries it (and the mapping that reads it there, when the defaults do not). */
interface Case {
  field: string
  max: number
  event: (value: string) => Partial<SegmentEvent>
  mapping?: object
  /** Where the value lands in the Pinterest event. */
  sent: (event: any) => unknown
}

const context = (extra: object) => ({ ...webContext(), ...extra })
const ctx = webContext()
const url = (length: number) => {
  const head = 'https://shop.example.com/p?q='
  return head + 'a'.repeat(length - head.length)
}

const CASES: Case[] = [
  { field: 'event_id', max: EVENT_MAX_LENGTH.event_id, event: (v) => ({ messageId: v }), sent: (e) => e.event_id },
  {
    field: 'event_source_url',
    max: EVENT_MAX_LENGTH.event_source_url,
    event: (v) => ({ context: context({ page: { url: v } }) }),
    sent: (e) => e.event_source_url
  },
  {
    field: 'app_id',
    max: EVENT_MAX_LENGTH.app_id,
    event: (v) => ({ context: context({ app: { namespace: v } }) }),
    sent: (e) => e.app_id
  },
  {
    field: 'app_name',
    max: EVENT_MAX_LENGTH.app_name,
    event: (v) => ({ context: context({ app: { name: v } }) }),
    sent: (e) => e.app_name
  },
  {
    field: 'app_version',
    max: EVENT_MAX_LENGTH.app_version,
    event: (v) => ({ context: context({ app: { version: v } }) }),
    sent: (e) => e.app_version
  },
  {
    field: 'device_brand',
    max: EVENT_MAX_LENGTH.device_brand,
    event: (v) => ({ context: context({ device: { manufacturer: v } }) }),
    sent: (e) => e.device_brand
  },
  {
    field: 'device_carrier',
    max: EVENT_MAX_LENGTH.device_carrier,
    event: (v) => ({ context: context({ network: { carrier: v } }) }),
    sent: (e) => e.device_carrier
  },
  {
    field: 'device_model',
    max: EVENT_MAX_LENGTH.device_model,
    event: (v) => ({ context: context({ device: { model: v } }) }),
    sent: (e) => e.device_model
  },
  {
    field: 'device_type',
    max: EVENT_MAX_LENGTH.device_type,
    event: (v) => ({ context: context({ device: { type: v } }) }),
    sent: (e) => e.device_type
  },
  {
    field: 'os_version',
    max: EVENT_MAX_LENGTH.os_version,
    event: (v) => ({ context: context({ os: { version: v } }) }),
    sent: (e) => e.os_version
  },
  {
    field: 'user_data.client_user_agent',
    max: USER_DATA_MAX_LENGTH.client_user_agent,
    event: (v) => ({ context: context({ userAgent: v }) }),
    sent: (e) => e.user_data.client_user_agent
  },
  {
    field: 'user_data.click_id',
    max: USER_DATA_MAX_LENGTH.click_id,
    event: (v) => ({ properties: { click_id: v } }),
    sent: (e) => e.user_data.click_id
  },
  {
    field: 'user_data.partner_id',
    max: USER_DATA_MAX_LENGTH.partner_id,
    event: (v) => ({ properties: { ramp_id: v } }),
    mapping: { user_data: { ...MAPPING.user_data, partner_id: path('$.properties.ramp_id') } },
    sent: (e) => e.user_data.partner_id
  },
  {
    field: 'custom_data.order_id',
    max: CUSTOM_DATA_MAX_LENGTH.order_id,
    event: (v) => ({ properties: { order_id: v } }),
    sent: (e) => e.custom_data?.order_id
  },
  {
    field: 'custom_data.search_string',
    max: CUSTOM_DATA_MAX_LENGTH.search_string,
    event: (v) => ({ properties: { query: v } }),
    sent: (e) => e.custom_data?.search_string
  },
  ...(['content_name', 'content_category', 'content_brand', 'opt_out_type'] as const).map(
    (key): Case => ({
      field: `custom_data.${key}`,
      max: CUSTOM_DATA_MAX_LENGTH[key],
      event: (v) => ({ properties: { x: v } }),
      mapping: { custom_data: { ...MAPPING.custom_data, [key]: path('$.properties.x') } },
      sent: (e) => e.custom_data?.[key]
    })
  ),
  {
    field: 'custom_data.content_ids',
    max: CONTENT_ID_MAX_LENGTH,
    event: (v) => ({ properties: { ids: ['sku-1', v] } }),
    mapping: { custom_data: { ...MAPPING.custom_data, content_ids: path('$.properties.ids') } },
    sent: (e) => e.custom_data?.content_ids?.[1]
  },
  ...(
    [
      ['id', 'product_id'],
      ['item_name', 'name'],
      ['item_category', 'category'],
      ['item_brand', 'brand']
    ] as const
  ).map(
    ([key, property]): Case => ({
      field: `contents[1].${key}`,
      max: CONTENT_MAX_LENGTH[key],
      event: (v) => ({ properties: { products: [{ product_id: 'sku-1' }, { product_id: 'sku-2', [property]: v }] } }),
      sent: (e) => e.custom_data?.contents?.[1]?.[key]
    })
  )
]

function run(event: Partial<SegmentEvent>, mapping: object = {}, integration = createTestIntegration(destination)) {
  return integration.testAction('reportConversionEvent', {
    event: { type: 'track', event: 'Order Completed', timestamp: recent(), context: ctx, ...event },
    mapping: { ...MAPPING, ...mapping },
    settings: SETTINGS
  })
}

/** The event as sent, and the warnings of its outcome. */
async function sent(event: Partial<SegmentEvent>, mapping: object = {}) {
  const pinterest = fakePinterest()
  const integration = createTestIntegration(destination)
  await run(event, mapping, integration)
  const result = integration.results.find((r) => r.output === 'Action Executed')?.data as { warnings?: unknown }
  return { event: pinterest.bodies[0].data[0] as any, warnings: result.warnings }
}

async function rejection(promise: Promise<unknown>): Promise<FieldValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: FieldValidationError) => e
  )
  if (!error) throw new Error('expected the event to be refused')
  return error
}

// A value of the given length in the field's own shape: URLs stay URLs, opt-out types are sent in capitals.
const valueOf = (c: Case, length: number) =>
  c.field === 'event_source_url' ? url(length) : (c.field.endsWith('opt_out_type') ? 'X' : 'é').repeat(length)

const tooLong = (field: string, length: number, max: number) => ({
  field,
  reason: `is ${length} characters long, more than the ${max} Pinterest takes`
})

describe.each(CASES.filter((c) => c.field !== 'event_id'))('$field (at most $max characters)', (c: Case) => {
  it('is sent whole at the limit', async () => {
    const value = valueOf(c, c.max)
    expect(c.sent((await sent(c.event(value), c.mapping)).event)).toBe(value)
  })

  it('one past it is left out of the event, which is sent with a warning naming the field', async () => {
    const value = valueOf(c, c.max + 1)
    const { event, warnings } = await sent(c.event(value), c.mapping)
    expect(c.sent(event)).not.toBe(value)
    expect(warnings).toContainEqual(tooLong(c.field, c.max + 1, c.max))
  })
})

describe('event_id (at most 256 characters)', () => {
  it('fails its event past the limit, with a FieldValidationError naming it, since Pinterest needs it whole', async () => {
    expect((await sent({ messageId: 'é'.repeat(256) })).event.event_id).toBe('é'.repeat(256))
    const pinterest = fakePinterest()
    const error = await rejection(run({ messageId: 'é'.repeat(257) }))
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.message).toBe('event_id is 257 characters long, more than the 256 Pinterest takes.')
    expect(error.fields).toEqual(['event_id'])
    expect(pinterest.bodies).toHaveLength(0)
  })

  it('counts characters as the contract does: an emoji is one', async () => {
    expect((await sent({ messageId: '😀'.repeat(256) })).event.event_id).toBe('😀'.repeat(256))
    const error = await rejection(run({ messageId: '😀'.repeat(257) }))
    expect(error.message).toBe('event_id is 257 characters long, more than the 256 Pinterest takes.')
  })
})

describe('counts', () => {
  // A list of emails in one property, mapped to the Email field.
  const withEmails = (emails: string[]) =>
    sent({ properties: { emails } }, { user_data: { ...MAPPING.user_data, email: path('$.properties.emails') } })
  const emails = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@example.com`)

  it(`takes ${MAX_HASHED_VALUES} different values of one hashed key, and duplicates do not count`, async () => {
    const { event } = await withEmails([...emails(MAX_HASHED_VALUES), ' PERSON0@example.com '])
    expect(event.user_data.em).toHaveLength(MAX_HASHED_VALUES)
  })

  it('leaves the key out past that, naming the field, rather than credit the conversion to them all', async () => {
    const { event, warnings } = await withEmails(emails(MAX_HASHED_VALUES + 1))
    expect(event.user_data.em).toBeUndefined()
    expect(warnings).toEqual([
      {
        field: 'user_data.email',
        reason: `has ${
          MAX_HASHED_VALUES + 1
        } different values, more than the ${MAX_HASHED_VALUES} one person has: left out rather than credit the conversion to all of them`
      }
    ])
  })

  const products = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ product_id: `sku-${i}`, price: 1, quantity: 1 }))

  it(`takes ${MAX_CONTENTS} products, and leaves out one more, and what would be derived from them`, async () => {
    expect((await sent({ properties: { products: products(MAX_CONTENTS) } })).event.custom_data?.contents).toHaveLength(
      MAX_CONTENTS
    )
    const { event, warnings } = await sent({ properties: { products: products(MAX_CONTENTS + 1) } })
    expect(event.custom_data?.contents).toBeUndefined()
    expect(event.custom_data?.content_ids).toBeUndefined()
    expect(warnings).toEqual([
      {
        field: 'contents',
        reason: `has ${MAX_CONTENTS + 1} products, more than the ${MAX_CONTENTS} one event may carry`
      }
    ])
  })

  it(`leaves out more than ${MAX_CONTENTS} different content_ids`, async () => {
    const ids = Array.from({ length: MAX_CONTENTS + 1 }, (_, i) => `id-${i}`)
    const { event, warnings } = await sent(
      { properties: { ids } },
      { custom_data: { ...MAPPING.custom_data, content_ids: path('$.properties.ids') } }
    )
    expect(event.custom_data?.content_ids).toBeUndefined()
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'custom_data.content_ids' }))
  })

  it(`leaves out a quantity past ${MAX_COUNT}, with a warning: the product counts once`, async () => {
    const { event, warnings } = await sent({ properties: { products: [{ product_id: 'a', quantity: MAX_COUNT + 1 }] } })
    expect(event.custom_data?.contents).toEqual([{ id: 'a' }])
    expect(warnings).toContainEqual({
      field: 'contents[0].quantity',
      reason: `is outside 0 to ${MAX_COUNT}`
    })
  })

  it(`leaves out num_items when the quantities add up past ${MAX_COUNT}, with a warning`, async () => {
    const products = [
      { product_id: 'a', quantity: MAX_COUNT },
      { product_id: 'b', quantity: 1 }
    ]
    const { event, warnings } = await sent({ properties: { products } })
    expect(event.custom_data?.num_items).toBeUndefined()
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'custom_data.num_items' }))
  })
})

it('a batch: the event past a limit fails alone, the events around it go out', async () => {
  const pinterest = fakePinterest(asPinterest)
  const integration = createTestIntegration(destination)
  const event = (messageId: string) =>
    ({ type: 'track', event: 'Order Completed', messageId, timestamp: recent(), context: ctx } as SegmentEvent)
  await integration.testBatchAction('reportConversionEvent', {
    events: [event('first'), event('x'.repeat(EVENT_MAX_LENGTH.event_id + 1)), event('third')],
    mapping: MAPPING,
    settings: SETTINGS
  })
  const outcomes = integration.results[0].multistatus as Array<{
    status: number
    errortype?: string
    errormessage?: string
  }>
  expect(outcomes.map((o) => [o.status, o.errortype])).toEqual([
    [200, undefined],
    [400, 'PAYLOAD_VALIDATION_FAILED'],
    [200, undefined]
  ])
  expect(outcomes[1].errormessage).toBe('event_id is 257 characters long, more than the 256 Pinterest takes.')
  expect(pinterest.bodies[0].data.map((e) => e.event_id)).toEqual(['first', 'third'])
})

it('a Partner Name setting past its limit is a settings error', async () => {
  const error = await createTestIntegration(destination)
    .testAction('reportConversionEvent', {
      event: { type: 'track', timestamp: recent(), context: ctx },
      mapping: MAPPING,
      settings: { ...SETTINGS, partner_name: 'ss-' + 'x'.repeat(EVENT_MAX_LENGTH.partner_name) }
    })
    .then(
      () => undefined,
      (e: Error) => e
    )
  expect(error).toBeInstanceOf(IntegrationError)
  expect(error?.message).toBe(
    `Partner Name is longer than ${EVENT_MAX_LENGTH.partner_name} characters: use the short ss-<partner> name.`
  )
})
