import { Analytics } from '@segment/analytics-node'
import { brotliCompressSync, deflateSync, gzipSync } from 'zlib'
import type { Queue } from '../src/queue'
import { sha256 } from './helpers'
import type { GatewayServer } from './gateway-support'
import {
  metric,
  orderCompleted,
  request,
  sandboxRequests,
  startGatewayServer,
  status,
  until,
  WRITE_KEY
} from './gateway-support'

jest.setTimeout(20_000)

describe("the gateway's tracking API", () => {
  let gw: GatewayServer
  // What the store was handed, to see the stamps the gateway adds.
  const stored: Array<Record<string, unknown>> = []
  beforeAll(async () => {
    gw = await startGatewayServer({
      wrapQueue: (queue) => ({
        ...bindAll(queue),
        enqueue: (events) => {
          stored.push(...events.map((e) => e.event))
          return queue.enqueue(events)
        }
      })
    })
  })
  afterAll(() => gw.close())

  // null: no Basic credentials at all.
  const send = (path: string, body: unknown, writeKey: string | null = WRITE_KEY, headers?: Record<string, string>) =>
    request(gw.base, path, body, writeKey === null ? { headers } : { writeKey, headers })

  /** The event the sandbox received with this hashed email, once it has. */
  const receivedWithEmail = async (hashed: string) => {
    const find = (body: any) =>
      body.requests.flatMap((r: any) => r.body?.data ?? []).find((d: any) => d.user_data?.em?.[0] === hashed)
    return find(
      await until(
        () => sandboxRequests(gw.base),
        (body) => find(body) !== undefined
      )
    )
  }

  it('answers 200 {"success":true} for /v1/batch and every single route, the type implied by the route', async () => {
    const user = { userId: 'u-routes' }
    expect(await send('/v1/batch', { batch: [orderCompleted()] })).toMatchObject({
      status: 200,
      body: { success: true }
    })
    const singles: Array<[string, Record<string, unknown>]> = [
      ['track', { ...user, event: 'Order Completed' }],
      ['page', { ...user, name: 'Home' }],
      ['screen', { ...user, name: 'Home' }],
      ['identify', { ...user, traits: { plan: 'pro' } }],
      ['group', { ...user, groupId: 'g1' }],
      ['alias', { ...user, previousId: 'old' }]
    ]
    for (const [type, body] of singles) {
      const reply = await send(`/v1/${type}`, body)
      expect([type, reply.status, reply.body]).toEqual([type, 200, { success: true }])
    }
    const mismatch = await send('/v1/track', { ...user, type: 'page', name: 'Home' })
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.field).toBe('body.type')
  })

  it('takes /v1/import (where analytics-java and analytics-android send) as /v1/batch', async () => {
    const before = await status(gw.base)
    expect(await send('/v1/import', { batch: [orderCompleted()] })).toMatchObject({
      status: 200,
      body: { success: true }
    })
    expect((await status(gw.base)).accepted).toBe(before.accepted + 1)
  })

  it('takes gzip, deflate and br bodies (as mobile and server SDKs send them); 415 for another encoding, 400 for a corrupt one', async () => {
    const before = await status(gw.base)
    // A new event each, since a messageId seen before is stored once.
    const body = () => JSON.stringify({ batch: [orderCompleted()] })
    const compressed: Array<[string, Buffer]> = [
      ['gzip', gzipSync(body())],
      ['deflate', deflateSync(body())],
      ['br', brotliCompressSync(body())]
    ]
    for (const [encoding, bytes] of compressed) {
      const reply = await send('/v1/batch', bytes, WRITE_KEY, { 'content-encoding': encoding })
      expect([encoding, reply.status, reply.body]).toEqual([encoding, 200, { success: true }])
    }
    expect((await status(gw.base)).accepted).toBe(before.accepted + 3)

    for (const encoding of ['zstd', 'constructor', '__proto__']) {
      const unknown = await send('/v1/batch', body(), WRITE_KEY, { 'content-encoding': encoding })
      expect([encoding, unknown.status, unknown.body.field]).toEqual([encoding, 415, 'content-encoding'])
    }
    const corrupt = await send('/v1/batch', '\u001f\u008bnot gzip', WRITE_KEY, { 'content-encoding': 'gzip' })
    expect([corrupt.status, corrupt.body.field]).toEqual([400, 'body'])
    expect(corrupt.body.error).toMatch(/not valid gzip data/)
  })

  it('counts the 500 KB limit after decompression: a small gzip body that inflates past it gets 413', async () => {
    const bomb = gzipSync(
      JSON.stringify({ batch: [{ ...orderCompleted(), properties: { pad: 'x'.repeat(600_000) } }] })
    )
    expect(bomb.length).toBeLessThan(10_000)
    const reply = await send('/v1/batch', bomb, WRITE_KEY, { 'content-encoding': 'gzip' })
    expect(reply.status).toBe(413)
  })

  it('takes the write key as the Basic user or as writeKey in the body; 401 for an unknown or missing key', async () => {
    expect((await send('/v1/track', { userId: 'u', event: 'Order Completed' })).status).toBe(200)
    const inBody = await send('/v1/track', { userId: 'u', event: 'Order Completed', writeKey: WRITE_KEY }, null)
    expect(inBody.status).toBe(200)
    const inBatch = await send('/v1/batch', { writeKey: WRITE_KEY, batch: [orderCompleted()] }, null)
    expect(inBatch.status).toBe(200)

    const unknown = await send('/v1/track', { userId: 'u', event: 'Order Completed' }, 'not-a-key')
    expect(unknown.status).toBe(401)
    expect(unknown.body.field).toBe('writeKey')
    const missing = await send('/v1/track', { userId: 'u', event: 'Order Completed' }, null)
    expect(missing.status).toBe(401)
    expect(missing.body.field).toBe('writeKey')
  })

  it('answers 400 naming what is wrong with a body that is not a Segment call (a bad call of a batch is kept instead: gateway-salvage.test.ts)', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/v1/batch', '{"batch": [', 'body'],
      ['/v1/track', '[1, 2]', 'body'],
      ['/v1/batch', { batch: { type: 'track' } }, 'batch'],
      ['/v1/track', { userId: 'u' }, 'body.event'],
      ['/v1/track', { userId: 'u', event: 'Order Completed', messageId: 'm\u0000' }, 'body.messageId'],
      ['/v1/track', { userId: 'u', event: 'Order Completed', messageId: 'm'.repeat(257) }, 'body.messageId']
    ]
    for (const [path, body, field] of cases) {
      const reply = await send(path, body)
      expect([field, reply.status]).toEqual([field, 400])
      expect(reply.body.field).toBe(field)
    }
  })

  it('answers 413 beyond 500 KB a request and 32 KB a call, naming the call', async () => {
    const big = 'x'.repeat(20 * 1024)
    const batch = Array.from({ length: 30 }, () => orderCompleted({ properties: { note: big } }))
    const request = await send('/v1/batch', { batch })
    expect(request.status).toBe(413)
    const call = await send('/v1/track', orderCompleted({ properties: { note: 'y'.repeat(33 * 1024) } }))
    expect(call.status).toBe(413)
    expect(call.body.field).toBe('body')
  })

  it('counts 32 KB on the call as the client sent it, not the stamps the gateway adds', async () => {
    // No messageId, timestamp or type: the gateway adds all of them, on the single route.
    const sized = (bytes: number) => {
      const call = { userId: 'u-size', event: 'Order Completed', properties: { note: '' } }
      call.properties.note = 'z'.repeat(bytes - Buffer.byteLength(JSON.stringify(call)))
      return call
    }
    expect(Buffer.byteLength(JSON.stringify(sized(32 * 1024)))).toBe(32 * 1024)
    expect((await send('/v1/track', sized(32 * 1024))).status).toBe(200)
    const over = await send('/v1/track', sized(32 * 1024 + 1))
    expect([over.status, over.body.error]).toEqual([
      413,
      "body is 32769 bytes; Segment's API takes at most 32768 per call."
    ])
  })

  it('assigns a messageId, and corrects timestamp by the sentAt skew keeping originalTimestamp', async () => {
    const skewMs = 3 * 60 * 60 * 1000
    const clientNow = Date.now() + skewMs
    const happened = new Date(clientNow - 60_000).toISOString()
    const { messageId: _, ...withoutId } = orderCompleted({ timestamp: happened })
    const reply = await send('/v1/batch', { batch: [withoutId], sentAt: new Date(clientNow).toISOString() })
    expect(reply.status).toBe(200)

    const email = sha256(String((withoutId.properties as { email: string }).email).toLowerCase())
    const data = await receivedWithEmail(email)
    expect(data.event_id).toMatch(/^gw-/)
    // The client's clock runs three hours ahead: Pinterest must get the event a minute before our receipt.
    const eventTime = data.event_time * 1000
    expect(Math.abs(eventTime - (Date.now() - 60_000))).toBeLessThan(30_000)

    const event = stored.find((e) => e.messageId === data.event_id)
    expect(event).toMatchObject({ originalTimestamp: happened, sentAt: new Date(clientNow).toISOString() })
    expect(typeof event?.receivedAt).toBe('string')
  })

  it('counts calls no subscription takes as unrouted, not queued', async () => {
    // The earlier tests' events delivered first: what is queued after the call is the call's own.
    const before = await until(
      () => status(gw.base),
      (s) => s.queued === 0
    )
    const reply = await send('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'u-id', traits: { email: 'a@example.com' } },
        { type: 'group', userId: 'u-id', groupId: 'g' }
      ]
    })
    expect(reply.status).toBe(200)
    const after = await status(gw.base)
    expect(after.unrouted).toBe(before.unrouted + 2)
    expect(after.accepted).toBe(before.accepted)
    expect(after.queued).toBe(0)
  })

  it('stores a messageId seen again in a retried batch once, and delivers it once', async () => {
    const before = await status(gw.base)
    const metricsBefore = (await request(gw.base, '/metrics')).text
    const totalsBefore = (await sandboxRequests(gw.base)).totals
    const batch = [orderCompleted(), orderCompleted()]
    expect((await send('/v1/batch', { batch })).status).toBe(200)
    expect((await send('/v1/batch', { batch })).status).toBe(200)
    const after = await until(
      () => status(gw.base),
      (s) => s.delivered >= before.delivered + 2 && s.queued === 0
    )
    expect(after.duplicates).toBe(before.duplicates + 2)
    expect(after.accepted).toBe(before.accepted + 2)
    const totals = (await sandboxRequests(gw.base)).totals
    expect(totals.distinct_event_ids - totalsBefore.distinct_event_ids).toBe(2)
    expect(totals.events - totalsBefore.events).toBe(2)
    const metrics = (await request(gw.base, '/metrics')).text
    const moved = (name: string) =>
      metric(metrics, name, { destination: 'pinterest' }) - metric(metricsBefore, name, { destination: 'pinterest' })
    expect(moved('gateway_events_stored_total')).toBe(2)
    expect(moved('gateway_events_duplicate_total')).toBe(2)
  })

  it('stores a messageId given twice in one batch once', async () => {
    const before = await status(gw.base)
    const event = orderCompleted()
    expect((await send('/v1/batch', { batch: [event, { ...event }] })).status).toBe(200)
    const after = await status(gw.base)
    expect(after.accepted).toBe(before.accepted + 1)
    expect(after.duplicates).toBe(before.duplicates + 1)
  })

  it('is delivered to by the real @segment/analytics-node, configured with host and write key alone', async () => {
    const before = await status(gw.base)
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: gw.base, flushInterval: 50 })
    const email = ' Node.Client@Example.COM '
    analytics.track({
      userId: 'analytics-node-user',
      event: 'Order Completed',
      properties: { email, order_id: 'an-1', revenue: 42, currency: 'EUR' }
    })
    await analytics.closeAndFlush({ timeout: 5000 })
    const data = await receivedWithEmail(sha256(email.trim().toLowerCase()))
    expect(data).toMatchObject({ event_name: 'checkout', custom_data: { order_id: 'an-1', currency: 'EUR' } })
    expect((await status(gw.base)).accepted).toBe(before.accepted + 1)
  })
})

describe('a store that cannot write', () => {
  let failing = false
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({
      wrapQueue: (queue: Queue): Queue => ({
        ...bindAll(queue),
        enqueue: (events) => (failing ? Promise.reject(new Error('disk full')) : queue.enqueue(events))
      })
    })
  })
  afterAll(() => gw.close())

  it('answers 503 with Retry-After and does not count the events as accepted', async () => {
    const before = await status(gw.base)
    failing = true
    const identify = { type: 'identify', userId: 'u-503' }
    const reply = await request(gw.base, '/v1/batch', { batch: [orderCompleted(), identify] }, { writeKey: WRITE_KEY })
    failing = false
    expect(reply.status).toBe(503)
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(reply.body).toMatchObject({ ok: false, field: 'store' })
    const after = await status(gw.base)
    expect(after.accepted).toBe(before.accepted)
    expect(after.queued).toBe(0)
    const metrics = (await request(gw.base, '/metrics')).text
    expect(metric(metrics, 'gateway_events_accepted_total')).toBe(0)
    expect(metric(metrics, 'gateway_events_unrouted_total')).toBe(0)
    expect(after.unrouted).toBe(before.unrouted)

    // The client's retry, once the store writes again, is taken.
    expect((await request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })).status).toBe(
      200
    )
    expect((await status(gw.base)).accepted).toBe(before.accepted + 1)
  })
})

function bindAll(queue: Queue): Queue {
  return {
    enqueue: queue.enqueue.bind(queue),
    due: queue.due.bind(queue),
    claim: queue.claim.bind(queue),
    settle: queue.settle.bind(queue),
    release: queue.release.bind(queue),
    deadLetters: queue.deadLetters.bind(queue),
    requeue: queue.requeue.bind(queue),
    purgeDeadLetters: queue.purgeDeadLetters.bind(queue),
    probeWrite: queue.probeWrite.bind(queue),
    stats: queue.stats.bind(queue),
    queuedFor: queue.queuedFor.bind(queue),
    purge: queue.purge.bind(queue),
    records: queue.records,
    find: queue.find.bind(queue),
    close: queue.close.bind(queue)
  }
}

describe('a gateway with no write key configured', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({ writeKey: null })
  })
  afterAll(() => gw.close())

  it('refuses every call with 401, telling the operator to set WRITE_KEY or sources', async () => {
    for (const key of ['', 'anything', 'sandbox-write-key']) {
      const reply = await request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: key })
      expect(reply.status).toBe(401)
      expect(reply.body.error).toMatch(/WRITE_KEY/)
    }
    expect((await status(gw.base)).accepted).toBe(0)
  })
})

describe('concurrent requests to two destinations', () => {
  const CHECKOUT = {
    id: 'checkout',
    name: 'Checkout',
    trigger: 'type = "track" and event = "Order Completed"',
    preset: 'Checkout'
  }
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({
      config: {
        destinations: [
          { id: 'a', subscriptions: [CHECKOUT] },
          { id: 'b', subscriptions: [CHECKOUT] }
        ]
      }
    })
  })
  afterAll(() => gw.close())

  it('stores each event once per destination, counting every repeat as a duplicate, whatever arrives together', async () => {
    const batches = Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => orderCompleted()))
    // Every batch twice, all at once, as clients retrying over a slow network would.
    const replies = await Promise.all(
      [...batches, ...batches].map((batch) => request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY }))
    )
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200))
    const after = await status(gw.base)
    expect(after).toMatchObject({ accepted: 200, duplicates: 200 })
    const text = (await request(gw.base, '/metrics')).text
    for (const destination of ['a', 'b']) {
      expect(metric(text, 'gateway_events_stored_total', { destination })).toBe(100)
      expect(metric(text, 'gateway_events_duplicate_total', { destination })).toBe(100)
    }
    await until(
      () => status(gw.base),
      (s) => s.delivered === 200 && s.queued === 0
    )
    // Pinterest deduplicates by event ID: the two destinations share this sandbox, so each ID arrives twice.
    const { totals } = await sandboxRequests(gw.base)
    expect(totals).toMatchObject({ events: 200, distinct_event_ids: 100 })
  })
})
