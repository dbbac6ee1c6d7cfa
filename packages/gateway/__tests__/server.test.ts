import { readFileSync } from 'fs'
import { join } from 'path'
import nock from 'nock'
import { SANDBOX_AD_ACCOUNT_ID } from 'pinterest-conversions-tools'
import { asPinterest, checkPinterestAfterEach, fakePinterest } from 'pinterest-conversions/test-support'
import { call, example, EXAMPLES, sha256, useLocalServer } from './helpers'

checkPinterestAfterEach()

const ACTION = '/reportConversionEvent'
const MIXED = readFileSync(join(EXAMPLES, 'events.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line))
const HOURS_AGO = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString()

describe('local server in sandbox mode, over HTTP', () => {
  const local = useLocalServer()
  const post = local.post

  it('GET /manifest describes settings, the action with its fields, and the presets as plain JSON', async () => {
    const { status, body } = await call(local.base, 'GET', '/manifest')
    expect(status).toBe(200)
    expect(body.slug).toBe('actions-pinterest-conversions-api')
    expect(body.settings.conversion_token).toMatchObject({ type: 'password', required: true })
    const action = body.actions.reportConversionEvent
    expect(action).toMatchObject({ title: 'Report Conversion Event', batch: true })
    expect(action.fields.event_time.default).toEqual({ '@path': '$.timestamp' })
    expect(action.perform).toBeUndefined()
    expect(body.presets).toHaveLength(16)
    expect(body.presets.find((p: any) => p.name === 'Checkout')).toMatchObject({
      subscribe: 'type = "track" and (event = "Order Completed")',
      partnerAction: 'reportConversionEvent',
      mapping: { event_name: 'checkout' }
    })
  })

  it('POST /authenticate: ok with the sandbox settings, 401 naming the token with a wrong one, 400 naming a bad setting', async () => {
    expect(await post('/authenticate', {})).toMatchObject({ status: 200, body: { ok: true } })
    const wrong = await post('/authenticate', { conversion_token: 'pina_wrong-token-for-the-sandbox' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ ok: false, field: 'conversion_token' })
    expect(wrong.body.error).toMatch(/not valid/)
    expect(wrong.text).not.toContain('pina_wrong-token-for-the-sandbox')
    const badAccount = await post('/authenticate', { ad_account_id: 'act-12' })
    expect(badAccount.status).toBe(400)
    expect(badAccount.body).toMatchObject({ ok: false, field: 'ad_account_id' })
  })

  it('single path: a preset event goes to the sandbox; the answer shows the redacted request and the sandbox’s 200', async () => {
    const before = (await call(local.base, 'GET', '/sandbox/requests')).body.count
    const { status, body } = await post(ACTION, { preset: 'Checkout', payload: example('order-completed') })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      ok: true,
      mode: 'sandbox',
      path: 'single',
      preset: 'Checkout',
      result: { status: 'processed' }
    })
    expect(body.requests).toHaveLength(1)
    const [{ request, response }] = body.requests
    expect(request.method).toBe('POST')
    expect(request.url).toBe(`${local.base}/v5/ad_accounts/${SANDBOX_AD_ACCOUNT_ID}/events`)
    expect(request.headers.authorization).toBe('Bearer [redacted]')
    const [sent] = request.body.data
    expect(sent).toMatchObject({
      event_name: 'checkout',
      action_source: 'web',
      event_id: 'example-order-completed-0001'
    })
    expect(sent.user_data.em).toEqual([sha256('jane.doe@example.com')])
    expect(sent.custom_data).toMatchObject({
      value: '407.99',
      order_id: 'ORD-100234',
      num_items: 4,
      content_ids: ['SKU-1042', 'SKU-2210', 'SKU-3307']
    })
    // No timestamp in the example: stamped with the time it was sent.
    expect(Math.abs(sent.event_time - Date.now() / 1000)).toBeLessThan(60)
    expect(response).toMatchObject({
      status: 200,
      body: { num_events_received: 1, num_events_processed: 1, events: [{ status: 'processed' }] }
    })
    expect((await call(local.base, 'GET', '/sandbox/requests')).body.count).toBe(before + 1)
  })

  it('batch path: one request for the batch, and every event’s outcome with the field of a failure', async () => {
    const order = example('order-completed')
    const anonymous = { ...order, messageId: 'no-identifiers', context: {} }
    const second = { ...order, messageId: 'example-order-completed-0002' }
    const { status, body } = await post(ACTION, { preset: 'Checkout', payload: [order, anonymous, second] })
    expect(status).toBe(207)
    expect(body).toMatchObject({ ok: false, path: 'batch' })
    expect(body.requests).toHaveLength(1)
    expect(body.requests[0].request.body.data.map((e: any) => e.event_id)).toEqual([
      'example-order-completed-0001',
      'example-order-completed-0002'
    ])
    expect(body.events).toHaveLength(3)
    expect(body.events[0]).toMatchObject({ index: 0, ok: true, status: 200, body: { status: 'processed' } })
    expect(body.events[1]).toMatchObject({ index: 1, ok: false, status: 400, field: 'user_data' })
    expect(body.events[1].error).toMatch(/cannot match this event to a person/)
    expect(body.events[2]).toMatchObject({ index: 2, ok: true })
  })

  it('batch path: 200 when every event went through', async () => {
    const events = [example('product-added'), { ...example('product-added'), messageId: 'example-product-added-0002' }]
    const { status, body } = await post(ACTION, { preset: 'Add to Cart', payload: events })
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
    expect(body.events.map((e: any) => e.ok)).toEqual([true, true])
  })

  it('preset: its mapping is used, and mapping keys are laid over it', async () => {
    const added = await post(ACTION, { preset: 'add to cart', payload: example('product-added') })
    expect(added.status).toBe(200)
    const [sent] = added.body.requests[0].request.body.data
    expect(sent.event_name).toBe('add_to_cart')
    expect(sent.custom_data.contents).toEqual([
      {
        id: 'SKU-2210',
        item_price: '89',
        quantity: 1,
        item_name: 'Ceramic Table Lamp',
        item_category: 'Lighting',
        item_brand: 'Hearth & Loom'
      }
    ])
    const overridden = await post(ACTION, {
      preset: 'Checkout',
      mapping: { event_name: 'initiate_checkout' },
      payload: example('order-completed')
    })
    expect(overridden.body.requests[0].request.body.data[0].event_name).toBe('initiate_checkout')
  })

  it('without preset or mapping the action’s defaults are used (they leave event_name to the preset: 400 naming it)', async () => {
    const defaults = await post(ACTION, { payload: example('signed-up') })
    expect(defaults.status).toBe(400)
    expect(defaults.body).toMatchObject({ ok: false, field: 'event_name', requests: [] })
    const withName = await post(ACTION, { mapping: { event_name: 'signup' }, payload: example('signed-up') })
    expect(withName.status).toBe(200)
    expect(withName.body.requests[0].request.body.data[0].user_data.em).toEqual([sha256('alex.martin@example.com')])
  })

  it('an event Pinterest could not take comes back as 400 naming the field, without a stack trace', async () => {
    const order = example('order-completed')
    const noId = await post(ACTION, { preset: 'Checkout', payload: { ...order, messageId: '' } })
    expect(noId.status).toBe(400)
    expect(noId.body).toMatchObject({ ok: false, field: 'event_id', code: 'PAYLOAD_VALIDATION_FAILED', requests: [] })
    const old = await post(ACTION, { preset: 'Checkout', payload: { ...order, timestamp: '2020-01-01T00:00:00Z' } })
    expect(old.status).toBe(400)
    expect(old.body).toMatchObject({ field: 'event_time' })
    for (const reply of [noId, old]) expect(reply.text).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  it('an optional value it cannot read is left out, and the event is sent with a warning naming the field', async () => {
    const order = example('order-completed')
    const reply = await post(ACTION, {
      preset: 'Checkout',
      payload: { ...order, properties: { ...order.properties, total: 'a lot' } }
    })
    expect(reply.status).toBe(200)
    expect(reply.body.result).toMatchObject({
      status: 'processed',
      warnings: [{ field: 'custom_data.value', reason: 'is not an amount' }]
    })
    expect(reply.body.requests[0].request.body.data[0].custom_data.value).toBeUndefined()
  })

  it('mistakes in the request itself are 400s naming the key', async () => {
    expect((await post(ACTION, '{"payload": ')).body).toMatchObject({ ok: false, field: 'body' })
    expect((await post(ACTION, { preset: 'Checkout' })).body).toMatchObject({ field: 'payload' })
    expect((await post(ACTION, { payload: [] })).body).toMatchObject({ field: 'payload' })
    expect((await post(ACTION, { payload: [1] })).body).toMatchObject({ field: 'payload[0]' })
    expect((await post(ACTION, { payloads: {} })).body).toMatchObject({ field: 'payloads' })
    const unknownPreset = await post(ACTION, { preset: 'Purchase', payload: example('order-completed') })
    expect(unknownPreset.status).toBe(400)
    expect(unknownPreset.body).toMatchObject({ field: 'preset' })
    expect(unknownPreset.body.error).toContain('Checkout')
  })

  it('batch answers carry the health report of the events in the requests sent; refused events count as not sent', async () => {
    const order = example('order-completed')
    const payload = [
      order,
      { ...order, messageId: 'no-identifiers', context: {} },
      { ...order, messageId: 'late', timestamp: HOURS_AGO(2) }
    ]
    const { status, body } = await post(ACTION, { preset: 'Checkout', payload })
    expect(status).toBe(207)
    const sentEvents = body.requests.flatMap((exchange: any) => exchange.request.body.data)
    expect(sentEvents).toHaveLength(2)
    expect(body.health).toMatchObject({ events: 2, notSent: { events: 1 }, grade: expect.any(String) })
    expect(body.health.byEventName).toEqual([expect.objectContaining({ event_name: 'checkout', events: 2 })])
    expect(body.health.coverage.find((c: any) => c.signal === 'ip_ua')).toMatchObject({ present: 2, lacking: 0 })
    // The offline rule counts from the sending: the two-hour-old order is late, the fresh one is not.
    expect(body.health.offline.receivedLate).toBe(1)

    const clean = await post(ACTION, { preset: 'Add to Cart', payload: [example('product-added')] })
    expect(clean.body.health).toMatchObject({
      events: 1,
      notSent: { events: 0 },
      byEventName: [{ event_name: 'add_to_cart', events: 1 }]
    })
    // The single path answers one event's fate; the report belongs to batches.
    expect(
      (await post(ACTION, { preset: 'Add to Cart', payload: example('product-added') })).body.health
    ).toBeUndefined()
  })

  it('POST /health routes events to the presets that subscribe to them, maps them, sends nothing, and answers their report', async () => {
    const before = (await call(local.base, 'GET', '/sandbox/requests')).body.count
    const { status, body } = await post('/health', { payload: MIXED })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      ok: true,
      mode: 'sandbox',
      action: 'reportConversionEvent',
      routing: 'presets',
      counts: { received: 18, matchedNoPreset: 2, mapped: 16, rejected: 0 },
      rejected: [],
      health: { events: 16, grade: 'Good/Fair', notSent: { events: 0 } }
    })
    expect(body.health.byEventName).toHaveLength(16)
    expect(body.health.reasons.map((r: any) => r.fields)).toEqual([['click_id']])
    expect((await call(local.base, 'GET', '/sandbox/requests')).body.count).toBe(before)
    expect(body.requests).toBeUndefined()
  })

  it('POST /health with a preset takes every event through it, like the action route, and says which were refused and why', async () => {
    const order = example('order-completed')
    const payload = [
      order,
      { ...order, messageId: 'no-identifiers', context: {} },
      { ...order, messageId: 'late', timestamp: HOURS_AGO(3) }
    ]
    const health = await post('/health', { preset: 'Checkout', payload })
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({
      routing: 'preset',
      preset: 'Checkout',
      counts: { received: 3, matchedNoPreset: 0, mapped: 2, rejected: 1 }
    })
    expect(health.body.rejected).toEqual([
      expect.objectContaining({ index: 1, preset: 'Checkout', status: 400, field: 'user_data' })
    ])
    expect(health.body.rejected[0].error).toMatch(/cannot match this event to a person/)
    expect(health.body.health).toMatchObject({ events: 2, notSent: { events: 1 }, offline: { receivedLate: 1 } })
    // The same events through the action route's batch path: the same report.
    const action = await post(ACTION, { preset: 'Checkout', payload })
    expect(health.body.health).toEqual(action.body.health)

    const one = await post('/health', { preset: 'Sign Up', payload: example('signed-up') })
    expect(one.body).toMatchObject({
      counts: { received: 1, mapped: 1, rejected: 0 },
      health: { events: 1, byEventName: [{ event_name: 'signup' }] }
    })
  })

  it('POST /health with a mapping lays it over the action defaults for every event', async () => {
    const named = await post('/health', {
      mapping: { event_name: 'lead' },
      payload: [example('generate-lead'), example('signed-up')]
    })
    expect(named.body).toMatchObject({
      routing: 'mapping',
      counts: { mapped: 2, rejected: 0 },
      health: { byEventName: [{ event_name: 'lead', events: 2 }] }
    })
    const unnamed = await post('/health', { mapping: {}, payload: [example('signed-up')] })
    expect(unnamed.status).toBe(200)
    expect(unnamed.body).toMatchObject({
      counts: { mapped: 0, rejected: 1 },
      rejected: [{ index: 0, field: 'event_name' }],
      health: { events: 0, grade: null }
    })
    expect(unnamed.body.rejected[0].preset).toBeUndefined()
  })

  it('POST /health: mistakes in the request are 400s naming the field, without a stack trace', async () => {
    const order = example('order-completed')
    const cases: Array<[unknown, string]> = [
      ['{"payload": ', 'body'],
      [[order], 'body'],
      [{ preset: 'Checkout' }, 'payload'],
      [{ payload: 'Order Completed' }, 'payload'],
      [{ payload: [] }, 'payload'],
      [{ payload: [order, 7] }, 'payload[1]'],
      [{ payload: [order], events: [] }, 'events'],
      [{ payload: [order], preset: 'Purchase' }, 'preset'],
      [{ payload: [order], preset: 3 }, 'preset'],
      [{ payload: [order], mapping: 'checkout' }, 'mapping'],
      [{ payload: [order], settings: 'x' }, 'settings'],
      [{ payload: [order], settings: { ad_account_id: 'act-12' } }, 'ad_account_id'],
      [{ payload: [order], preset: 'Checkout', mapping: { event_id: { '@template': 5 } } }, 'event_id']
    ]
    for (const [body, field] of cases) {
      const reply = await post('/health', body)
      expect([reply.status, reply.body.ok, reply.body.field]).toEqual([400, false, field])
      expect(typeof reply.body.error).toBe('string')
      expect(reply.text).not.toMatch(/\n\s+at .+:\d+:\d+/)
    }
    expect((await call(local.base, 'GET', '/health')).status).toBe(405)
  })

  it('a wrong token in the request settings is a 401 naming it, and the token is not in the answer', async () => {
    const token = 'pina_request-supplied-wrong-token'
    const single = await post(ACTION, {
      preset: 'Checkout',
      settings: { conversion_token: token },
      payload: example('order-completed')
    })
    expect(single.status).toBe(401)
    expect(single.body).toMatchObject({ ok: false, field: 'conversion_token', code: 'INVALID_AUTHENTICATION' })
    expect(single.body.requests[0].response.body).toEqual({ code: 2, message: 'Authentication failed.' })
    const batch = await post(ACTION, {
      preset: 'Checkout',
      settings: { conversion_token: token },
      payload: [example('order-completed')]
    })
    expect(batch.status).toBe(401)
    for (const reply of [single, batch]) expect(reply.text).not.toContain(token)
  })
})

describe('local server in live mode (Pinterest faked by nock)', () => {
  const TOKEN = 'pina_live-conversion-token-never-shown'
  const ACCOUNT = '123456789012'
  const local = useLocalServer({ live: { ad_account_id: ACCOUNT, conversion_token: TOKEN, test_mode: true } })
  const post = local.post
  afterEach(() => nock.cleanAll())

  it('sends to Pinterest with ?test=true and the configured token, and shows it redacted', async () => {
    const pinterest = fakePinterest(asPinterest, 1, { anyAccount: true })
    const reply = await post(ACTION, { preset: 'Sign Up', payload: example('signed-up') })
    expect(reply.status).toBe(200)
    expect(pinterest.scope.isDone()).toBe(true)
    expect(pinterest.queries).toEqual(['test=true'])
    expect(pinterest.headers[0].authorization).toBe(`Bearer ${TOKEN}`)
    expect(reply.body.mode).toBe('live')
    expect(reply.body.requests[0].request.headers.authorization).toBe('Bearer [redacted]')
  })

  it('never shows the token, not even when Pinterest echoes it back, on any route', async () => {
    const echo = { code: 4196, message: `Invalid request for token ${TOKEN}` }
    nock('https://api.pinterest.com').post(`/v5/ad_accounts/${ACCOUNT}/events`).query(true).times(3).reply(400, echo)
    const replies = [
      await call(local.base, 'GET', '/manifest'),
      await post('/authenticate', {}),
      await post(ACTION, { preset: 'Checkout', payload: example('order-completed') }),
      await post(ACTION, { preset: 'Checkout', payload: [example('order-completed')] }),
      await post(ACTION, { preset: 'Nope', payload: {} }),
      await call(local.base, 'GET', '/sandbox/requests')
    ]
    expect(replies.map((r) => r.status)).toEqual([200, 400, 400, 400, 400, 404])
    expect(replies[2].body.requests[0].response.body.message).toBe('Invalid request for token [redacted]')
    for (const reply of replies) expect(reply.text).not.toContain(TOKEN)
  })

  it('batch answers carry the health report in live mode too, and no token', async () => {
    nock('https://api.pinterest.com')
      .post(`/v5/ad_accounts/${ACCOUNT}/events`)
      .query({ test: 'true' })
      .reply(200, { num_events_received: 1, num_events_processed: 1, events: [{ status: 'processed' }] })
    const reply = await post(ACTION, { preset: 'Sign Up', payload: [example('signed-up')] })
    expect(reply.status).toBe(200)
    expect(reply.body.health).toMatchObject({
      events: 1,
      notSent: { events: 0 },
      byEventName: [{ event_name: 'signup', events: 1 }]
    })
    expect(reply.text).not.toContain(TOKEN)
  })

  it('POST /health sends nothing to Pinterest, maps with the live settings, and never shows a token', async () => {
    const pinterest = nock('https://api.pinterest.com').post(/.*/).query(true).reply(200, {})
    const requestToken = 'pina_request-supplied-token-for-health'
    const replies = [
      await post('/health', { payload: MIXED }),
      await post('/health', {
        preset: 'Checkout',
        settings: { conversion_token: requestToken },
        payload: [example('order-completed')]
      }),
      await post('/health', {
        preset: 'Checkout',
        settings: { conversion_token: requestToken, ad_account_id: 'nope' },
        payload: [example('order-completed')]
      })
    ]
    expect(replies.map((r) => r.status)).toEqual([200, 200, 400])
    expect(replies[0].body).toMatchObject({
      mode: 'live',
      counts: { received: 18, mapped: 16, rejected: 0 },
      health: { events: 16 }
    })
    expect(replies[1].body.counts).toMatchObject({ mapped: 1, rejected: 0 })
    expect(pinterest.isDone()).toBe(false)
    for (const reply of replies) {
      expect(reply.text).not.toContain(TOKEN)
      expect(reply.text).not.toContain(requestToken)
    }
  })

  it('sends the configured token to Pinterest and nowhere else, whatever the settings of a request hold', async () => {
    const pinterest = fakePinterest(asPinterest, 1, { anyAccount: true })
    const reply = await post(ACTION, {
      preset: 'Checkout',
      settings: { api_base_url: 'https://collector.example.com' },
      payload: example('order-completed')
    })
    expect(reply.status).toBe(200)
    expect(pinterest.headers[0].authorization).toBe(`Bearer ${TOKEN}`)
    expect(reply.body.requests[0].request.url).toMatch(/^https:\/\/api\.pinterest\.com\//)
  })

  it('answers 502 when Pinterest fails upstream', async () => {
    nock('https://api.pinterest.com')
      .post(`/v5/ad_accounts/${ACCOUNT}/events`)
      .query(true)
      .reply(503, { code: 4197, message: 'Endpoint ramped down' })
    const reply = await post(ACTION, { preset: 'Checkout', payload: example('order-completed') })
    expect(reply.status).toBe(502)
    expect(reply.body).toMatchObject({ ok: false, upstream_status: 503 })
    expect(reply.body.requests[0].response.status).toBe(503)
  })
})
