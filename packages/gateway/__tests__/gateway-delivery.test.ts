import { SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN } from 'pinterest-conversions-tools'
import type { GatewayServer } from './gateway-support'
import {
  get,
  metric,
  orderCompleted,
  request,
  sandboxRequests,
  startExternalSandbox,
  startGatewayServer,
  status,
  until,
  WRITE_KEY
} from './gateway-support'

jest.setTimeout(20_000)

const DAY_MS = 24 * 60 * 60 * 1000

describe('delivery outcomes through the embedded sandbox', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer()
  })
  afterAll(() => gw.close())

  const ingest = (...batch: Array<Record<string, unknown>>) =>
    request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY })
  const fault = (body: unknown) => request(gw.base, '/sandbox/faults', body)
  const metrics = async () => (await get(gw.base, '/metrics')).text
  /** The sandbox requests that carried this event ID, with their answers. */
  const requestsFor = async (eventId: string) =>
    (await sandboxRequests(gw.base)).requests.filter((r: any) =>
      (r.body?.data ?? []).some((d: any) => d.event_id === eventId)
    )
  const deliveredOnce = async (eventId: string) => {
    await until(
      () => sandboxRequests(gw.base),
      (s) =>
        s.requests.some(
          (r: any) => r.response.status === 200 && (r.body?.data ?? []).some((d: any) => d.event_id === eventId)
        )
    )
    return until(
      () => status(gw.base),
      (s) => s.queued === 0
    )
  }

  it('retries two 503s, then delivers; the counters and status codes move', async () => {
    const before = await metrics()
    const statusBefore = await status(gw.base)
    expect((await fault({ status: 503, count: 2 })).status).toBe(200)
    const event = orderCompleted()
    expect((await ingest(event)).status).toBe(200)
    const after = await deliveredOnce(String(event.messageId))
    expect(after.delivered).toBe(statusBefore.delivered + 1)
    expect(after.dead_lettered).toBe(statusBefore.dead_lettered)
    const tries = await requestsFor(String(event.messageId))
    expect(tries.map((r: any) => r.response.status)).toEqual([503, 503, 200])

    const now = await metrics()
    const moved = (name: string, labels?: Record<string, string>) =>
      metric(now, name, labels) - metric(before, name, labels)
    expect(moved('gateway_events_accepted_total')).toBe(1)
    expect(moved('gateway_events_stored_total', { destination: 'pinterest' })).toBe(1)
    expect(moved('gateway_events_delivered_total', { destination: 'pinterest' })).toBe(1)
    expect(moved('gateway_events_retried_total', { destination: 'pinterest' })).toBe(2)
    expect(moved('gateway_pinterest_status_total', { status: '503' })).toBe(2)
    expect(moved('gateway_pinterest_status_total', { status: '200' })).toBe(1)
    expect(moved('gateway_ingest_requests_total', { status: '200' })).toBe(1)
    expect(moved('gateway_delivery_latency_seconds_count', { destination: 'pinterest' })).toBe(1)
    expect(metric(now, 'gateway_queue_depth')).toBe(0)
    expect(metric(now, 'gateway_queue_oldest_age_seconds')).toBe(0)
    expect(metric(now, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000)
    expect(metric(now, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000)
  })

  it('waits as long as a 429 Retry-After asks before trying again, the event queued meanwhile', async () => {
    expect((await fault({ status: 429, retry_after_seconds: 1, count: 1 })).status).toBe(200)
    const event = orderCompleted()
    const retriedBefore = metric(await metrics(), 'gateway_events_retried_total')
    expect((await ingest(event)).status).toBe(200)
    await until(metrics, (text) => metric(text, 'gateway_events_retried_total') > retriedBefore)
    // Between the 429 and the retry the event is in the queue, and so in the depth gauge.
    expect(metric(await metrics(), 'gateway_queue_depth')).toBe(1)
    expect((await status(gw.base)).queued).toBe(1)
    await deliveredOnce(String(event.messageId))
    const tries = await requestsFor(String(event.messageId))
    expect(tries.map((r: any) => r.response.status)).toEqual([429, 200])
    const waited = Date.parse(tries[1].received_at) - Date.parse(tries[0].received_at)
    expect(waited).toBeGreaterThanOrEqual(1000)
  })

  it('retries a reset connection', async () => {
    expect((await fault({ reset: true, count: 1 })).status).toBe(200)
    const event = orderCompleted()
    expect((await ingest(event)).status).toBe(200)
    await deliveredOnce(String(event.messageId))
    const tries = await requestsFor(String(event.messageId))
    expect(tries.map((r: any) => r.response.status ?? 'reset')).toEqual(['reset', 200])
  })

  it('dead-letters what Pinterest cannot take, with reason, status and fields; requeued it dies again', async () => {
    const before = await metrics()
    const statusBefore = await status(gw.base)
    const old = orderCompleted({ timestamp: new Date(Date.now() - 8 * DAY_MS).toISOString() })
    const anonymous = orderCompleted({ context: {}, properties: { order_id: 'no-id', revenue: 1, currency: 'USD' } })
    expect((await ingest(old, anonymous)).status).toBe(200)
    await until(
      () => status(gw.base),
      (s) => s.dead_lettered >= statusBefore.dead_lettered + 2 && s.queued === 0
    )
    const listed = await get(gw.base, '/gateway/dead-letters?limit=10')
    expect(listed.status).toBe(200)
    const letters = listed.body.dead_letters as any[]
    const oldLetter = letters.find((d) => d.messageId === old.messageId)
    const anonymousLetter = letters.find((d) => d.messageId === anonymous.messageId)
    expect(oldLetter).toMatchObject({ destination: 'pinterest', subscription: 'checkout' })
    expect(oldLetter.reason).toMatch(/^(invalid|rejected|too_old)/)
    expect(oldLetter.status).toBeGreaterThanOrEqual(400)
    expect(oldLetter.status).toBeLessThan(500)
    expect(oldLetter.fields).toEqual(expect.arrayContaining([expect.stringMatching(/event_time/)]))
    expect(anonymousLetter.reason).toMatch(/^(invalid|rejected)/)
    expect(anonymousLetter.fields?.length).toBeGreaterThan(0)
    const now = await metrics()
    const reasons = [oldLetter.reason, anonymousLetter.reason].map((r: string) => r.split(':')[0])
    const deadMoved = reasons
      .filter((r, i) => reasons.indexOf(r) === i)
      .reduce(
        (sum, reason) =>
          sum +
          metric(now, 'gateway_events_dead_lettered_total', { reason }) -
          metric(before, 'gateway_events_dead_lettered_total', { reason }),
        0
      )
    expect(deadMoved).toBe(2)

    const requeued = await request(gw.base, '/gateway/dead-letters/requeue', { ids: [oldLetter.id] })
    expect(requeued).toMatchObject({ status: 200, body: { requeued: 1 } })
    const again = await until(
      () => get(gw.base, '/gateway/dead-letters?limit=10'),
      (r) => r.body.dead_letters.some((d: any) => d.messageId === old.messageId && d.deadAt > oldLetter.deadAt)
    )
    expect(again.body.dead_letters.filter((d: any) => d.messageId === old.messageId)).toHaveLength(1)
    expect((await status(gw.base)).dead_lettered).toBe(statusBefore.dead_lettered + 2)
  })
})

describe('a destination with its own settings, on a sandbox elsewhere', () => {
  const TOKEN = 'pina_DISTINCTIVE-fake-token-7f3a9c51'
  let sandbox: Awaited<ReturnType<typeof startExternalSandbox>>
  let gw: GatewayServer
  beforeAll(async () => {
    sandbox = await startExternalSandbox()
    gw = await startGatewayServer({
      sandboxUrl: sandbox.base,
      env: { GOOD_TOKEN: SANDBOX_CONVERSION_TOKEN },
      config: {
        destinations: [{ id: 'shop', settings: { ad_account_id: SANDBOX_AD_ACCOUNT_ID, conversion_token: TOKEN } }]
      }
    })
  })
  afterAll(async () => {
    await gw.close()
    await sandbox.close()
  })

  it('dead-letters as auth what the refused token sent, and delivers once the token is fixed and they are requeued', async () => {
    const event = orderCompleted()
    expect((await request(gw.base, '/v1/batch', { batch: [event] }, { writeKey: WRITE_KEY })).status).toBe(200)
    await until(
      () => status(gw.base),
      (s) => s.dead_lettered === 1 && s.queued === 0
    )
    const letters = (await get(gw.base, '/gateway/dead-letters')).body.dead_letters
    expect(letters).toHaveLength(1)
    expect(letters[0]).toMatchObject({ destination: 'shop', messageId: event.messageId, status: 401 })
    expect(letters[0].reason).toMatch(/^auth/)
    const refused = await sandboxRequests(sandbox.base)
    expect(refused.requests.map((r: any) => r.response.status)).toEqual([401])

    const metrics = (await get(gw.base, '/metrics')).text
    expect(metric(metrics, 'gateway_events_dead_lettered_total', { destination: 'shop', reason: 'auth' })).toBe(1)
    expect(metric(metrics, 'gateway_pinterest_status_total', { destination: 'shop', status: '401' })).toBe(1)

    // The token never leaves: no answer, no log line, no metric, nothing the sandbox shows.
    const config = await get(gw.base, '/gateway/config')
    expect(config.body.config.destinations[0].settings.conversion_token).toEqual({ redacted: true })
    const answers = [
      config,
      await get(gw.base, '/gateway/status'),
      await get(gw.base, '/gateway/dead-letters'),
      await get(gw.base, '/gateway/destinations/shop/subscriptions'),
      await get(gw.base, '/metrics'),
      await get(gw.base, '/manifest'),
      await request(gw.base, '/v1/batch', { batch: 'no' }, { writeKey: WRITE_KEY }),
      await get(sandbox.base, '/sandbox/requests')
    ]
    for (const answer of answers) expect(answer.text).not.toContain(TOKEN)
    expect(gw.logs.length).toBeGreaterThan(3)
    expect(gw.logs.some((line) => line.includes('dead-lettered'))).toBe(true)
    // Nor does a value of the event: the log carries ids, counts and field names.
    const email = String((event.properties as { email: string }).email)
    for (const line of gw.logs) {
      expect(line).not.toContain(TOKEN)
      expect(line).not.toContain(email)
      expect(line).not.toContain(String(event.userId))
      expect(line).not.toContain('203.0.113.9')
    }

    const fixed = await request(
      gw.base,
      '/gateway/config',
      {
        destinations: [
          { id: 'shop', settings: { ad_account_id: SANDBOX_AD_ACCOUNT_ID, conversion_token: { env: 'GOOD_TOKEN' } } }
        ]
      },
      { method: 'PUT' }
    )
    expect(fixed.status).toBe(200)
    expect(fixed.text).not.toContain(SANDBOX_CONVERSION_TOKEN)
    const requeued = await request(gw.base, '/gateway/dead-letters/requeue', { all: true, destination: 'shop' })
    expect(requeued.body).toEqual({ requeued: 1 })
    const after = await until(
      () => status(gw.base),
      (s) => s.delivered === 1 && s.queued === 0
    )
    expect(after.dead_lettered).toBe(0)
    expect((await sandboxRequests(sandbox.base)).totals.distinct_event_ids).toBe(1)
  })
})

describe('a gateway that is stopping', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer()
  })
  afterAll(() => gw.close())

  it('refuses new events with 503 and Retry-After, and says it is not ready, while still answering', async () => {
    expect((await get(gw.base, '/readyz')).status).toBe(200)
    await gw.gateway.stop()
    const refused = await request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBeTruthy()
    expect((await get(gw.base, '/readyz')).status).toBe(503)
    expect((await get(gw.base, '/healthz')).status).toBe(200)
    expect((await get(gw.base, '/metrics')).status).toBe(200)
  })
})

describe('a full batch', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    // A flush timer far beyond the test: only a full batch can start the delivery.
    gw = await startGatewayServer({ flushMs: 600_000 })
  })
  afterAll(() => gw.close())

  it('is sent as soon as 1000 events are stored, without waiting for FLUSH_MS, in one Pinterest request', async () => {
    for (let i = 0; i < 4; i++) {
      const batch = Array.from({ length: 250 }, () => orderCompleted())
      expect((await request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY })).status).toBe(200)
    }
    const after = await until(
      () => status(gw.base),
      (s) => s.delivered === 1000 && s.queued === 0
    )
    expect(after.dead_lettered).toBe(0)
    const { totals } = await sandboxRequests(gw.base)
    expect(totals).toMatchObject({ requests: 1, events: 1000, distinct_event_ids: 1000 })
  })
})
