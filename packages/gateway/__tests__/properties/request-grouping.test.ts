/**
 * Test and live never share a request: against `npm start`'s own process, configurations of
 * destinations with every mix of ad account, conversion token and test mode (some sharing an
 * account, some sharing a token, one test and one live for the same account), subscriptions
 * with overlapping triggers and batch sizes, and mixes of events sent through them. Pinterest
 * is a recorder on 127.0.0.1 (PINTEREST_SANDBOX_URL) that notes, per request, the account of
 * its path, `?test=true`, the token of its header and the event_ids of its body.
 *
 * The property: for each (account, token, test) the events received under it are exactly those
 * the configuration routes to destinations with those settings, no more, no fewer: an event
 * carried by a request of other settings would be missing from its own and extra in another.
 */
import fc from 'fast-check'
import type { IncomingMessage, ServerResponse } from 'http'
import { createServer } from 'http'
import { answerTo } from 'pinterest-conversions'
import type { MainProcess } from '../gateway-support'
import { get, request, startMainProcess, until } from '../gateway-support'

jest.setTimeout(180_000)

const WRITE_KEY = 'grouping-write-key'
const EVENT_NAMES = ['Order Completed', 'Checkout Finished', 'Purchase Made'] as const
const ACCOUNTS = ['100000000001', '100000000002']
const TOKENS = ['token-a-0123456789', 'token-b-0123456789']

interface Received {
  account: string
  test: boolean
  token: string
  eventIds: string[]
}

/** Pinterest as far as the events endpoint goes: notes each request, answers it as Pinterest would. */
function recorder() {
  const received: Received[] = []
  const server = createServer((incoming: IncomingMessage, answer: ServerResponse) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://recorder')
      const account = /^\/v5\/ad_accounts\/([^/]+)\/events$/.exec(url.pathname)?.[1]
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')
      if (account) {
        received.push({
          account,
          test: url.searchParams.get('test') === 'true',
          token: String(incoming.headers.authorization).replace(/^Bearer /, ''),
          eventIds: (body?.data ?? []).map((event: { event_id: string }) => event.event_id)
        })
      }
      const pinterest = account ? answerTo(body, Math.floor(Date.now() / 1000)) : { status: 404, body: {} }
      answer.writeHead(pinterest.status, { 'content-type': 'application/json' })
      answer.end(JSON.stringify(pinterest.body))
    })
  })
  return { server, received }
}

const subscription = fc.record({
  event: fc.constantFrom(...EVENT_NAMES),
  batchSize: fc.constantFrom(1, 2, 1000)
})
const destination = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  token: fc.constantFrom(...TOKENS),
  test: fc.boolean(),
  subscriptions: fc.array(subscription, { minLength: 1, maxLength: 3 })
})
const scenario = fc.record({
  destinations: fc.array(destination, { minLength: 1, maxLength: 4 }),
  events: fc.array(fc.constantFrom(...EVENT_NAMES), { minLength: 1, maxLength: 12 }),
  calls: fc.integer({ min: 1, max: 3 })
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

const keyOf = (account: string, token: string, test: boolean) => `${account} ${token} ${test ? 'test' : 'live'}`

function configOf(s: Scenario) {
  return {
    destinations: s.destinations.map((d, i) => ({
      id: `d${i}`,
      settings: { ad_account_id: d.account, conversion_token: d.token, test_mode: d.test },
      subscriptions: d.subscriptions.map((sub, j) => ({
        id: `s${j}`,
        name: `s${j}`,
        trigger: `type = "track" and event = "${sub.event}"`,
        preset: 'Checkout',
        mapping: { batch_size: sub.batchSize }
      }))
    }))
  }
}

/** The event_ids each (account, token, test) must receive: one per event and subscription that takes it. */
function expectedOf(s: Scenario, ids: string[]): Map<string, string[]> {
  const expected = new Map<string, string[]>()
  for (const d of s.destinations) {
    const key = keyOf(d.account, d.token, d.test)
    for (const sub of d.subscriptions) {
      s.events.forEach((event, k) => {
        if (event === sub.event) expected.set(key, [...(expected.get(key) ?? []), ids[k]])
      })
    }
  }
  return expected
}

let gateway: MainProcess
let pinterest: ReturnType<typeof recorder>
beforeAll(async () => {
  pinterest = recorder()
  await new Promise<void>((resolve) => pinterest.server.listen(0, '127.0.0.1', resolve))
  const address = pinterest.server.address()
  if (!address || typeof address === 'string') throw new Error('the recorder has no port')
  gateway = await startMainProcess({ PINTEREST_SANDBOX_URL: `http://127.0.0.1:${address.port}`, WRITE_KEY })
})
afterAll(async () => {
  await gateway?.stop()
  await new Promise((resolve) => pinterest?.server.close(resolve))
})

let run = 0

it('no request mixes ad accounts, tokens, or test and live events', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      run++
      const saved = await request(gateway.url, '/gateway/config', configOf(s), { method: 'PUT' })
      expect(saved.status).toBe(200)
      const ids = s.events.map((_, k) => `run${run}-event${k}`)
      const calls = s.events.map((event, k) => ({
        type: 'track',
        event,
        userId: `user-${k}`,
        messageId: ids[k],
        timestamp: new Date().toISOString(),
        properties: { order_id: `order-${k}`, total: 10 + k, currency: 'USD' },
        context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', traits: { email: `buyer${k}@example.com` } }
      }))
      // The run's events in a few calls, so that claims may gather events of several calls.
      const size = Math.ceil(calls.length / s.calls)
      for (let start = 0; start < calls.length; start += size) {
        const batch = calls.slice(start, start + size)
        expect((await request(gateway.url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })).status).toBe(200)
      }

      const expected = expectedOf(s, ids)
      const total = [...expected.values()].reduce((n, list) => n + list.length, 0)
      const ofRun = () => pinterest.received.filter((r) => r.eventIds.some((id) => id.startsWith(`run${run}-`)))
      await until(
        async () => ofRun().reduce((n, r) => n + r.eventIds.length, 0),
        (n) => n >= total,
        30_000
      )
      await until(
        () => get(gateway.url, '/gateway/status').then((r) => r.body),
        (status) => status.queued === 0,
        30_000
      )

      const got = new Map<string, string[]>()
      for (const r of ofRun()) {
        // A request holds events of this run alone: the previous run's were all delivered before it began.
        expect(r.eventIds.every((id) => id.startsWith(`run${run}-`))).toBe(true)
        const key = keyOf(r.account, r.token, r.test)
        got.set(key, [...(got.get(key) ?? []), ...r.eventIds])
      }
      const sorted = (map: Map<string, string[]>) =>
        Object.fromEntries([...map].map(([key, list]) => [key, [...list].sort()]).sort())
      expect(sorted(got)).toEqual(sorted(expected))
    }),
    { numRuns: 25 }
  )
})
