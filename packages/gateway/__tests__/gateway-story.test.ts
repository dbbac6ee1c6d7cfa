/**
 * Nothing hidden: `npm start`'s own process tells every event's story by messageId
 * (GET /gateway/events/:messageId), counts what it left out where operators look (warned in
 * /gateway/status, gateway_values_left_out_total, one log line per batch), and keeps its totals
 * in the store across a restart, with accepted meaning the same in /gateway/status and /metrics.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { baseUrlOf, exitOf, metric, orderCompleted, request, spawnMain, status, until } from './gateway-support'

jest.setTimeout(60_000)

const WRITE_KEY = 'story-test-key'
const dataDir = mkdtempSync(join(tmpdir(), 'gateway-story-'))
let child: ChildProcessWithoutNullStreams
let url: string
let stdout = ''

async function start(): Promise<void> {
  child = spawnMain({ DATA_DIR: dataDir, FLUSH_MS: '20', RETRY_BASE_MS: '10', WRITE_KEY })
  child.stdout.on('data', (chunk) => (stdout += chunk))
  url = await baseUrlOf(child)
}

async function stop(): Promise<void> {
  const exited = exitOf(child)
  child.kill('SIGTERM')
  expect((await exited).code).toBe(0)
}

beforeAll(start)
afterAll(async () => {
  if (child.exitCode === null) await stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const send = (batch: unknown[]) => request(url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })
const story = (messageId: string) => request(url, `/gateway/events/${encodeURIComponent(messageId)}`)
const settledStory = (messageId: string) =>
  until(
    () => story(messageId),
    (reply) => reply.status === 200 && reply.body.events.every((e: any) => e.state !== 'queued')
  )

it('tells a delivered event with values left out: each field and why, never a value; warned, the metric and the batch log line count them', async () => {
  const before = await status(url)
  const event = orderCompleted({
    timestamp: 'yesterday-ish',
    properties: { email: 'jane', order_id: 'o-story-1', total: 'abc', currency: 'USS' }
  })
  expect((await send([event])).status).toBe(200)
  const { body } = await settledStory(String(event.messageId))
  expect(body.events).toHaveLength(1)
  const told = body.events[0]
  expect(told).toMatchObject({
    destination: 'pinterest',
    subscription: 'checkout',
    state: 'delivered',
    attempts: 1,
    refusal: null,
    duplicates: 0,
    pinterest: { http_status: 200, status: 'processed' }
  })
  expect(told.warnings.map((w: any) => w.field).sort()).toEqual([
    'custom_data.currency',
    'custom_data.value',
    'timestamp',
    'user_data.email'
  ])
  expect(told.warnings.find((w: any) => w.field === 'timestamp').reason).toMatch(/not a date/)
  expect(Date.parse(told.received_at)).toBeLessThanOrEqual(Date.parse(told.updated_at))
  expect(told.history.map((h: any) => h.state)).toEqual(['delivered'])
  expect(JSON.stringify(body)).not.toMatch(/jane|USS|abc|yesterday/)

  expect((await status(url)).warned).toBe(before.warned + 1)
  const metrics = (await request(url, '/metrics')).text
  for (const field of ['custom_data.currency', 'custom_data.value', 'user_data.email', 'timestamp']) {
    expect(metric(metrics, 'gateway_values_left_out_total', { subscription: 'checkout', field })).toBeGreaterThan(0)
  }
  const line = stdout
    .split('\n')
    .filter((l) => l.includes('"batch sent"'))
    .map((l) => JSON.parse(l))
    .find((l) => l.left_out?.['custom_data.currency'])
  expect(line).toMatchObject({ warned: 1, left_out: { 'custom_data.currency': 1, timestamp: 1 } })
})

it('tells a refused event with every reason and field, an unrouted call, a duplicate, and a call kept as a dead letter', async () => {
  const old = orderCompleted({
    timestamp: new Date(Date.now() - 9 * 24 * 60 * 60 * 1000).toISOString(),
    context: {},
    properties: { order_id: 'o-old', total: 3, currency: 'USD' }
  })
  const identify = { type: 'identify', userId: 'u-story', messageId: `identify-${Date.now()}` }
  const twice = orderCompleted()
  const invalid = { type: 'track', userId: 'u', messageId: `no-name-${Date.now()}` }
  expect((await send([old, identify, twice, invalid])).status).toBe(200)
  expect((await send([twice])).status).toBe(200)

  const refused = (await settledStory(String(old.messageId))).body.events[0]
  expect(refused).toMatchObject({ state: 'dead_lettered', refusal: { reason: 'invalid', status: 400 } })
  expect(refused.refusal.fields).toEqual(expect.arrayContaining(['user_data.email', 'event_time']))
  expect(refused.refusal.message).toMatch(/cannot match this event to a person.*more than 7 days ago/)

  expect((await story(identify.messageId)).body.events).toEqual([
    expect.objectContaining({ destination: null, subscription: null, state: 'unrouted' })
  ])
  const repeated = (await settledStory(String(twice.messageId))).body.events[0]
  expect(repeated).toMatchObject({ state: 'delivered', duplicates: 1 })
  expect(repeated.history.map((h: any) => h.state)).toEqual(expect.arrayContaining(['duplicate', 'delivered']))
  expect((await story(invalid.messageId)).body.events).toEqual([
    expect.objectContaining({
      destination: '(ingest)',
      subscription: 'default',
      state: 'dead_lettered',
      refusal: expect.objectContaining({ reason: 'invalid', fields: ['batch[3].event'] })
    })
  ])
  const unknown = await story('never-sent')
  expect([unknown.status, unknown.body.field]).toEqual([404, 'messageId'])
})

it('tells a queued event from the queue itself, before any attempt', async () => {
  const held = orderCompleted({ event: 'Held Order' })
  // A subscription that takes it, on a destination whose worker has not started yet: it waits.
  const reply = await request(url, '/gateway/destinations/pinterest/subscriptions', {
    id: 'held',
    name: 'Held',
    trigger: 'event = "Held Order"',
    preset: 'Checkout',
    enabled: true
  })
  expect(reply.status).toBe(201)
  expect((await send([held])).status).toBe(200)
  const told = (await story(String(held.messageId))).body.events[0]
  expect(['queued', 'delivered']).toContain(told.state)
  expect(told).toMatchObject({ destination: 'pinterest', subscription: 'held' })
})

it('keeps the status totals in the store across a restart; accepted is what /metrics counts', async () => {
  // Nothing left to deliver, so the restart changes no count by itself.
  const before = await until(
    () => status(url),
    (s) => s.queued === 0
  )
  const metrics = (await request(url, '/metrics')).text
  expect(metric(metrics, 'gateway_events_accepted_total')).toBe(before.accepted)
  expect(before.accepted).toBe(before.queued + before.delivered + before.dead_lettered)
  expect(before).toMatchObject({ unrouted: 1, warned: 1 })
  await stop()
  await start()
  expect(await status(url)).toMatchObject({
    accepted: before.accepted,
    delivered: before.delivered,
    warned: before.warned,
    unrouted: before.unrouted,
    duplicates: before.duplicates
  })
})

it('sends an event actions-core refused for an optional value alone without it, and says so in its story', async () => {
  const event = orderCompleted({ properties: { email: 'rescued@example.com', order_id: { id: 'o-1' }, total: 5 } })
  expect((await send([event])).status).toBe(200)
  const told = (await settledStory(String(event.messageId))).body.events[0]
  expect(told).toMatchObject({ state: 'delivered', refusal: null })
  expect(told.warnings).toContainEqual({ field: 'custom_data.order_id', reason: 'is an object where text is typed' })
})

it('splits a batch Pinterest answers 413 into halves and delivers every event of it', async () => {
  expect((await request(url, '/sandbox/faults', { status: 413, count: 1 })).status).toBe(200)
  const before = await status(url)
  const batch = Array.from({ length: 4 }, () => orderCompleted())
  expect((await send(batch)).status).toBe(200)
  await until(
    () => status(url),
    (s) => s.delivered === before.delivered + 4 && s.queued === 0
  )
  expect((await status(url)).dead_lettered).toBe(before.dead_lettered)
  const requests = (await request(url, '/sandbox/requests')).body.requests.slice(-3)
  expect(requests.map((r: any) => [r.response.status, r.body.data.length])).toEqual([
    [413, 4],
    [200, 2],
    [200, 2]
  ])
})
