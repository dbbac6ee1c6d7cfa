/**
 * Delivery in threads, as `npm start` runs it (DELIVERY_THREADS=2): events reach Pinterest (the
 * embedded sandbox), a subscription saved while the gateway runs is sent with its own mapping,
 * and a thread that ends mid-batch loses nothing: its batch is retried and delivered.
 * TEST_DELIVERY_THREAD_EXIT_ON (test-only) makes the thread sent a given event end while that
 * batch is its, as a crash would end it.
 */
import type { MainProcess } from './gateway-support'
import { orderCompleted, request, sandboxRequests, startMainProcess, status, until } from './gateway-support'

jest.setTimeout(60_000)

const KILLER = `thread-killer-${process.pid}`
const WRITE_KEY = 'sandbox-write-key'

let gateway: MainProcess
beforeAll(async () => {
  gateway = await startMainProcess({
    DELIVERY_THREADS: '2',
    TEST_DELIVERY_THREAD_EXIT_ON: KILLER,
    RETRY_BASE_MS: '10'
  })
})
afterAll(() => gateway.stop())

const send = (batch: unknown[]) => request(gateway.url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })

/** The events the sandbox received, as Pinterest would read them. */
async function received(): Promise<Array<{ event_id: string; event_name: string }>> {
  const { requests } = await sandboxRequests(gateway.url)
  return requests.flatMap((r: { body: { data?: unknown[] } }) => r.body.data ?? [])
}

const story = async (messageId: string) =>
  (await request(gateway.url, `/gateway/events/${encodeURIComponent(messageId)}`)).body

it('delivers events mapped and sent in a delivery thread', async () => {
  const events = Array.from({ length: 5 }, () => orderCompleted())
  expect((await send(events)).status).toBe(200)
  await until(
    () => status(gateway.url),
    (s) => s.delivered >= 5 && s.queued === 0
  )
  const sent = await received()
  for (const event of events) {
    expect(sent.find((e) => e.event_id === event.messageId)).toMatchObject({ event_name: 'checkout' })
  }
})

it('sends with a subscription saved while running: its trigger and its own mapping', async () => {
  const saved = await request(gateway.url, '/gateway/destinations/pinterest/subscriptions', {
    id: 'quote',
    name: 'Quote requested',
    trigger: 'type = "track" and event = "Quote Requested"',
    preset: 'Checkout',
    mapping: { event_name: 'lead' }
  })
  expect(saved.status).toBe(201)
  const quote = orderCompleted({ event: 'Quote Requested' })
  expect((await send([quote])).status).toBe(200)
  const sent = await until(received, (events) => events.some((e) => e.event_id === quote.messageId))
  expect(sent.find((e) => e.event_id === quote.messageId)).toMatchObject({ event_name: 'lead' })
})

it('retries the batch of a thread that ended mid-batch, and delivers it; the threads are replaced', async () => {
  const before = await status(gateway.url)
  const doomed = orderCompleted({ messageId: KILLER })
  const others = Array.from({ length: 3 }, () => orderCompleted())
  expect((await send([doomed, ...others])).status).toBe(200)
  const told = await until(
    () => story(KILLER),
    (body) => body?.events?.[0]?.state === 'delivered'
  )
  const history = told.events[0].history
  expect(history.map((h: { state: string }) => h.state)).toEqual(['queued', 'delivered'])
  expect(history[0]).toMatchObject({ state: 'queued', status: 503, reason: 'retryable' })
  expect(gateway.printed()).toContain('delivery thread ended')

  // Later batches go to the replacement: every event of this call, and the next, delivered once.
  const next = orderCompleted()
  expect((await send([next])).status).toBe(200)
  const after = await until(
    () => status(gateway.url),
    (s) => s.queued === 0 && s.delivered >= before.delivered + 5
  )
  expect(after).toMatchObject({ delivered: before.delivered + 5, dead_lettered: 0 })
  const ids = (await received()).map((e) => e.event_id)
  for (const event of [doomed, ...others, next]) expect(ids).toContain(event.messageId)
})
