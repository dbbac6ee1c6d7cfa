/**
 * Nothing a client sent vanishes: `npm start`'s own process salvages a batch call by call (the
 * good calls stored and delivered, each bad one kept as a dead letter naming its field and
 * position), and a call no store can hold (a NUL in its messageId, invalid UTF-16) stays with
 * its sender instead of failing the requests stored with it.
 */
import { Analytics } from '@segment/analytics-node'
import { orderCompleted, request, sandboxRequests, startMainProcess, status, until } from './gateway-support'
import { sha256 } from './helpers'

jest.setTimeout(60_000)

const WRITE_KEY = 'salvage-test-key'
let gateway: Awaited<ReturnType<typeof startMainProcess>>
let url: string

beforeAll(async () => {
  gateway = await startMainProcess({ WRITE_KEY })
  url = gateway.url
})
afterAll(() => gateway.stop())

const send = (body: unknown) => request(url, '/v1/batch', body, { writeKey: WRITE_KEY })
const deadLetters = async () => (await request(url, '/gateway/dead-letters?limit=1000')).body.dead_letters as any[]
const sentIds = async () =>
  new Set<string>(
    (await sandboxRequests(url)).requests.flatMap((r: any) => (r.body?.data ?? []).map((d: any) => d.event_id))
  )
const received = (messageIds: string[]) =>
  until(
    async () => {
      const sent = await sentIds()
      return messageIds.filter((id) => !sent.has(id))
    },
    (missing) => missing.length === 0
  )

it('delivers the good calls of a batch the real @segment/analytics-node sends with bad ones, and keeps each bad one as a dead letter with its field and position', async () => {
  const analytics = new Analytics({ writeKey: WRITE_KEY, host: url, flushInterval: 60_000, flushAt: 10 })
  const email = 'salvaged@example.com'
  const good = ['salvage-good-1', 'salvage-good-2']
  const properties = { email, order_id: 'o-salvage', revenue: 10, currency: 'USD' }
  analytics.track({ userId: 'u-1', event: 'Order Completed', messageId: good[0], properties })
  // analytics-node sends an empty event name and a messageId holding a NUL; Segment's API refuses both.
  analytics.track({ userId: 'u-2', event: '', messageId: 'salvage-no-name', properties })
  analytics.track({ userId: 'u-3', event: 'Order Completed', messageId: 'salvage-\u0000-nul', properties })
  analytics.track({ userId: 'u-4', event: 'Order Completed', messageId: good[1], properties })
  await analytics.closeAndFlush({ timeout: 10_000 })

  await received(good)
  const letters = (await deadLetters()).filter((l) => l.destination === '(ingest)')
  const byField = Object.fromEntries(letters.map((l) => [l.fields[0], l]))
  expect(byField['batch[1].event']).toMatchObject({
    subscription: 'default',
    messageId: 'salvage-no-name',
    status: 400,
    attempts: 0,
    reason: 'invalid: batch[1].event must name the event of a track call.'
  })
  // A messageId no store can hold is not kept as a key: the call is, as it was sent.
  expect(byField['batch[2].messageId']).toMatchObject({ status: 400, reason: expect.stringMatching(/^invalid: /) })
  expect(byField['batch[2].messageId'].messageId).toBeUndefined()
  expect(byField['batch[2].messageId'].event.messageId).toBe('salvage-\u0000-nul')
  expect(await status(url)).toMatchObject({ dead_lettered: 2 })
})

it('answers 200 for a batch whose calls are all wrong, keeping each; a requeue leaves them where they are', async () => {
  const before = await status(url)
  const reply = await send({ batch: [42, { type: 'track', event: 'Order Completed' }, { type: 'wink', userId: 'u' }] })
  expect(reply).toMatchObject({ status: 200, body: { success: true } })
  const letters = (await deadLetters()).slice(0, 3)
  expect(letters.map((l) => l.fields[0]).sort()).toEqual(['batch[0]', 'batch[1].userId', 'batch[2].type'])
  expect(letters.find((l) => l.fields[0] === 'batch[0]').event).toEqual({ call: 42 })
  const after = await status(url)
  expect(after.dead_lettered).toBe(before.dead_lettered + 3)
  expect(after.accepted).toBe(before.accepted + 3)

  const requeue = await request(url, '/gateway/dead-letters/requeue', { ids: letters.map((l) => l.id) })
  expect(requeue.body).toEqual({ requeued: 0 })
  expect((await status(url)).dead_lettered).toBe(after.dead_lettered)
})

it('keeps whole-request answers for what cannot be read: not JSON, no write key, too large', async () => {
  expect((await request(url, '/v1/batch', '{"batch": [', { writeKey: WRITE_KEY })).status).toBe(400)
  expect((await request(url, '/v1/batch', { batch: [orderCompleted()] })).status).toBe(401)
  const big = Array.from({ length: 30 }, () => orderCompleted({ properties: { note: 'x'.repeat(20_000) } }))
  expect((await send({ batch: big })).status).toBe(413)
})

it('stores a call with invalid UTF-16 cleaned, alone, and refuses only the call whose messageId no store can hold, whatever is committed with them', async () => {
  const before = await status(url)
  const innocent = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => orderCompleted()))
  // An unpaired surrogate, as Python's json.dumps writes half an emoji.
  const broken = orderCompleted()
  ;(broken.properties as Record<string, unknown>).note = 'HALF'
  const poison = JSON.stringify({ batch: [orderCompleted(), { ...orderCompleted(), messageId: 'p\u0000' }] })
  const text = JSON.stringify({ batch: [broken] }).replace('"HALF"', '"half an emoji \\ud83d"')
  const replies = await Promise.all([
    ...innocent.map((batch) => send({ batch })),
    request(url, '/v1/batch', poison, { writeKey: WRITE_KEY }),
    request(url, '/v1/batch', text, { writeKey: WRITE_KEY })
  ])
  expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200))
  const ids = [...innocent.flat(), broken].map((e) => String(e.messageId))
  await received(ids)
  const after = await until(
    () => status(url),
    (s) => s.queued === 0
  )
  // 60 innocent calls, the poison batch's good call, the cleaned call, and the NUL one as a dead letter.
  expect(after.accepted - before.accepted).toBe(63)
  expect(after.dead_lettered - before.dead_lettered).toBe(1)
  const cleaned = (await sandboxRequests(url)).requests
    .flatMap((r: any) => r.body?.data ?? [])
    .find((d: any) => d.event_id === broken.messageId)
  expect(cleaned.user_data.em).toEqual([sha256(String((broken.properties as any).email).toLowerCase())])
})
