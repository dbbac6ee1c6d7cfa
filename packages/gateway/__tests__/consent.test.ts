/**
 * Consent over HTTP: a subscription naming the consent categories it needs stores only the
 * events that give every one of them (`true` in context.consent.categoryPreferences); the
 * others are not stored (skip, counted) or sent with Limited Data Processing (ldp).
 */
import type { GatewayServer } from './gateway-support'
import {
  get,
  metric,
  orderCompleted,
  request,
  sandboxRequests,
  startGatewayServer,
  status,
  until,
  WRITE_KEY
} from './gateway-support'

const TRACK = (event: string) => `type = "track" and event = "${event}"`
const CONFIG = {
  destinations: [
    {
      id: 'pinterest',
      subscriptions: [
        {
          id: 'checkout',
          name: 'Checkout',
          trigger: TRACK('Order Completed'),
          preset: 'Checkout',
          consent: { categories: ['Advertising'], when_missing: 'skip' }
        },
        {
          id: 'cart',
          name: 'Add to Cart',
          trigger: TRACK('Product Added'),
          preset: 'Add to Cart',
          consent: { categories: ['Advertising', 'Analytics'], when_missing: 'ldp' }
        }
      ]
    }
  ]
}

const consent = (preferences: Record<string, boolean>) => ({ consent: { categoryPreferences: preferences } })
const context = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0' }

describe('consent', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({ config: CONFIG })
  })
  afterAll(() => gw.close())

  const send = (batch: object[]) => request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY })
  const sentEvents = async () =>
    (await sandboxRequests(gw.base)).requests.flatMap((r: { body: { data?: unknown[] } }) => r.body.data ?? [])

  it('skips, without storing, an event lacking a category the subscription needs, and counts it', async () => {
    const before = await status(gw.base)
    const given = orderCompleted({ context: { ...context, ...consent({ Advertising: true }) } })
    const refused = orderCompleted({ context: { ...context, ...consent({ Advertising: false, Analytics: true }) } })
    const silent = orderCompleted({ context })
    expect((await send([given, refused, silent])).status).toBe(200)
    await until(
      () => status(gw.base),
      (now) => now.delivered === before.delivered + 1
    )
    const after = await status(gw.base)
    expect(after.accepted - before.accepted).toBe(1)
    expect(after.consent_skipped - before.consent_skipped).toBe(2)
    const metrics = (await get(gw.base, '/metrics')).text
    expect(metric(metrics, 'gateway_events_consent_skipped_total', { subscription: 'checkout' })).toBe(2)
    expect((await sentEvents()).map((e: { event_id: string }) => e.event_id)).toEqual([given.messageId])
    // The story of a skipped event says why, naming the category it lacks.
    const story = (await get(gw.base, `/gateway/events/${refused.messageId}`)).body
    expect(story.events).toEqual([
      expect.objectContaining({
        destination: 'pinterest',
        subscription: 'checkout',
        state: 'skipped',
        refusal: expect.objectContaining({
          reason: 'consent',
          fields: ['context.consent.categoryPreferences.Advertising']
        })
      })
    ])
    // The delivery view counts them under the subscription that did not send them.
    await until(
      async () => (await get(gw.base, '/gateway/delivery')).body,
      (body) =>
        body.subscriptions.find((s: { subscription: string }) => s.subscription === 'checkout')?.last_hour
          .consent_skipped === 2
    )
  })

  it('sends an event lacking consent with Limited Data Processing when the subscription says ldp', async () => {
    const product = { product_id: 'sku-1', price: 10, quantity: 1, currency: 'USD', email: 'jo@example.com' }
    const full = { type: 'track', event: 'Product Added', userId: 'u-1', properties: product, messageId: 'cart-full' }
    const partial = { ...full, messageId: 'cart-partial', context: { ...context, ...consent({ Advertising: true }) } }
    expect(
      (await send([{ ...full, context: { ...context, ...consent({ Advertising: true, Analytics: true }) } }, partial]))
        .status
    ).toBe(200)
    const events = await until(sentEvents, (list) => list.length === 3)
    const byId = (id: string) => events.find((e: { event_id: string }) => e.event_id === id)
    expect(byId('cart-partial').custom_data).toMatchObject({ opt_out_type: 'LDP' })
    expect(byId('cart-full').custom_data?.opt_out_type).toBeUndefined()
  })

  it('refuses a consent it cannot read, naming the key', async () => {
    const bad = {
      name: 'X',
      trigger: TRACK('X'),
      preset: 'Checkout',
      consent: { categories: ['Ads'], when_missing: 'drop' }
    }
    const answer = await request(gw.base, '/gateway/destinations/pinterest/subscriptions', bad)
    expect(answer.status).toBe(400)
    expect(answer.body.field).toBe('subscription.consent.when_missing')
    const empty = await request(gw.base, '/gateway/destinations/pinterest/subscriptions', {
      ...bad,
      consent: { categories: [] }
    })
    expect(empty.body.field).toBe('subscription.consent.categories')
  })
})
