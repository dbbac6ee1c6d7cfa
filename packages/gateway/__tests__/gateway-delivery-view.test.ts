/**
 * The delivery view's routes on `npm start`'s own process: per subscription, what was delivered,
 * warned and dead-lettered over the last hour and day (GET /gateway/delivery); the dead letters
 * with personal values masked (GET /gateway/delivery/dead-letters); sending again all of one
 * reason (POST /gateway/dead-letters/requeue with `reason`).
 */
import type { MainProcess } from './gateway-support'
import { orderCompleted, request, startMainProcess, status, until } from './gateway-support'

jest.setTimeout(60_000)

const WRITE_KEY = 'delivery-view-key'
let gateway: MainProcess
beforeAll(async () => {
  gateway = await startMainProcess({ WRITE_KEY, RETRY_BASE_MS: '10' })
})
afterAll(() => gateway?.stop())

const send = (batch: unknown[]) => request(gateway.url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })
const EIGHT_DAYS_AGO = () => new Date(Date.now() - 8 * 24 * 60 * 60 * 1000).toISOString()

/** An event Pinterest cannot take (older than its 7 days, nobody to match), carrying personal values. */
function tooOld() {
  return orderCompleted({
    timestamp: EIGHT_DAYS_AGO(),
    context: {
      ip: '198.51.100.7',
      traits: { email: 'Dora.Dead@Example.com', phone: '+1 (555) 010-4477', plan: 'gold' }
    },
    properties: { email: 'dora.dead@example.com', phone: '5550104477', order_id: 'o-dead', total: 3, currency: 'USD' }
  })
}

it('counts, per subscription, the delivered, warned and dead-lettered of the last hour and day, and the fields left out and refusals', async () => {
  const delivered = orderCompleted({
    properties: { email: 'ok@example.com', order_id: 'o-ok', total: 5, currency: 'USS' }
  })
  expect((await send([delivered, tooOld()])).status).toBe(200)
  await until(
    () => status(gateway.url),
    (s) => s.queued === 0 && s.delivered === 1 && s.dead_lettered === 1
  )
  const reply = await until(
    () => request(gateway.url, '/gateway/delivery'),
    (r) => r.body.subscriptions?.find((s: any) => s.subscription === 'checkout')?.last_hour.dead_lettered === 1
  )
  expect(reply.status).toBe(200)
  const checkout = reply.body.subscriptions.find((s: any) => s.subscription === 'checkout')
  expect(checkout).toEqual({
    destination: 'pinterest',
    subscription: 'checkout',
    name: expect.any(String),
    enabled: true,
    queued: 0,
    last_hour: { delivered: 1, warned: 1, dead_lettered: 1, retried: 0, consent_skipped: 0 },
    last_day: { delivered: 1, warned: 1, dead_lettered: 1, retried: 0, consent_skipped: 0 }
  })
  // Every configured subscription is listed, those with nothing to count too.
  expect(reply.body.subscriptions.length).toBeGreaterThan(1)
  expect(reply.body.left_out.last_day).toContainEqual({
    destination: 'pinterest',
    name: 'custom_data.currency',
    count: 1
  })
  expect(reply.body.refusals.last_hour).toEqual([{ destination: 'pinterest', name: 'invalid', count: 1 }])
  expect(Date.parse(reply.body.at)).toBeGreaterThan(0)
})

it('lists the dead letters with why and when, no email or phone in clear', async () => {
  const reply = await request(gateway.url, '/gateway/delivery/dead-letters')
  expect(reply.status).toBe(200)
  const [letter] = reply.body.dead_letters
  expect(letter).toMatchObject({
    destination: 'pinterest',
    subscription: 'checkout',
    kind: 'invalid',
    reason: expect.stringMatching(/^invalid: /),
    status: 400,
    fields: expect.arrayContaining(['event_time']),
    attempts: 1,
    message_id: expect.any(String)
  })
  expect(Date.parse(letter.dead_at)).toBeGreaterThanOrEqual(Date.parse(letter.accepted_at))
  // What says why stays readable; what names the person is masked.
  expect(letter.event).toMatchObject({
    type: 'track',
    event: 'Order Completed',
    properties: { order_id: 'o-dead', total: 3, currency: 'USD', email: 'd•••@e•••.com', phone: '5•••77' },
    context: { ip: '1•••.7', traits: { email: 'D•••@E•••.com', phone: '+•••77', plan: '•••' } }
  })
  const text = JSON.stringify(reply.body)
  expect(text).not.toMatch(/dora|Dora|555|0104477|198\.51/)
  expect((await request(gateway.url, '/gateway/delivery/dead-letters?limit=0')).body.field).toBe('limit')
})

it('sends again all the dead letters of one reason, and only those', async () => {
  const wrong = await request(gateway.url, '/gateway/dead-letters/requeue', { all: true, reason: 7 })
  expect([wrong.status, wrong.body.field]).toEqual([400, 'reason'])
  expect((await request(gateway.url, '/gateway/dead-letters/requeue', { all: true, reason: 'rejected' })).body).toEqual(
    {
      requeued: 0
    }
  )
  expect((await request(gateway.url, '/gateway/dead-letters/requeue', { all: true, reason: 'invalid' })).body).toEqual({
    requeued: 1
  })
  // Still too old: refused again, and counted again.
  await until(
    () => request(gateway.url, '/gateway/delivery'),
    (r) => r.body.subscriptions.find((s: any) => s.subscription === 'checkout').last_hour.dead_lettered === 2
  )
})
