/**
 * Requests paced per ad account, against `npm start`'s own process and its embedded sandbox,
 * which records when each request arrived. A low PINTEREST_REQUESTS_PER_MINUTE (300: one request
 * every 200 ms) makes a minute's budget show within seconds: no second may hold more than 5,
 * so no minute, wherever it starts, more than 300.
 */
import { SANDBOX_AD_ACCOUNT_ID } from 'pinterest-conversions-tools'
import type { MainProcess } from './gateway-support'
import { get, metric, orderCompleted, request, sandboxRequests, startMainProcess, until } from './gateway-support'

jest.setTimeout(60_000)

const PER_MINUTE = 300
/** The spacing of requests to one ad account at that pace. */
const SLOT_MS = 60_000 / PER_MINUTE
/** How much later than its slot a request may reach the sandbox on a busy machine (mapping, the event loop). */
const JITTER_MS = 400
const labels = { ad_account: SANDBOX_AD_ACCOUNT_ID }

let gateway: MainProcess
beforeAll(async () => {
  gateway = await startMainProcess({ PINTEREST_REQUESTS_PER_MINUTE: String(PER_MINUTE) })
})
afterAll(() => gateway?.stop())

const requestsReached = (count: number) => async () => (await sandboxRequests(gateway.url)).totals.requests >= count

/** Arrival times (ms) of the requests the sandbox kept, oldest first. */
async function arrivals(): Promise<number[]> {
  const { requests } = await sandboxRequests(gateway.url)
  return (requests as Array<{ received_at: string }>).map((r) => Date.parse(r.received_at)).sort((a, b) => a - b)
}

/** One event a call from a few clients at once, as fast as the gateway takes them, until `enough` holds. */
async function sendUntil(enough: () => Promise<boolean>): Promise<string[]> {
  const ids: string[] = []
  let done = false
  const client = async () => {
    while (!done) {
      const event = orderCompleted()
      const answer = await request(gateway.url, '/v1/track', event, { writeKey: 'sandbox-write-key' })
      expect(answer.status).toBe(200)
      ids.push(String(event.messageId))
    }
  }
  const clients = Array.from({ length: 3 }, client)
  await until(enough, Boolean, 30_000).finally(() => (done = true))
  await Promise.all(clients)
  return ids
}

const scrape = async () => (await get(gateway.url, '/metrics')).text

describe('pacing per ad account (SQLite, one instance)', () => {
  it('lets no second hold more requests to an ad account than PINTEREST_REQUESTS_PER_MINUTE allows, and says so in /metrics', async () => {
    // Events arrive far faster than 5 requests a second would carry one by one (FLUSH_MS is 20).
    await sendUntil(requestsReached(16))
    const times = await arrivals()
    expect(times.length).toBeGreaterThanOrEqual(16)
    // Any k + 1 of them span at least k slots: no second holds more than PER_SECOND, no minute more than PER_MINUTE.
    for (let i = 0; i < times.length; i++) {
      for (let j = i + 1; j < times.length; j++) {
        expect(times[j] - times[i]).toBeGreaterThanOrEqual((j - i) * SLOT_MS - JITTER_MS)
      }
    }
    const text = await scrape()
    expect(metric(text, 'gateway_pinterest_requests_granted_total', labels)).toBeGreaterThanOrEqual(16)
    expect(metric(text, 'gateway_pinterest_requests_waited_total', labels)).toBeGreaterThan(0)
    expect(metric(text, 'gateway_pinterest_request_wait_seconds_total', labels)).toBeGreaterThan(0)
    expect(metric(text, 'gateway_pinterest_pace_per_minute', labels)).toBe(PER_MINUTE)
    expect(metric(text, 'gateway_pinterest_rate_limited_total', labels)).toBe(0)
  })

  it("halves the account's pace on a 429 and sends nothing to it before Pinterest's Retry-After, then delivers everything", async () => {
    await until(
      () => get(gateway.url, '/gateway/status').then((r) => r.body),
      (s) => s.queued === 0
    )
    expect((await request(gateway.url, '/sandbox/requests', undefined, { method: 'DELETE' })).status).toBe(200)
    expect(
      (await request(gateway.url, '/sandbox/faults', { status: 429, retry_after_seconds: 2, count: 1 })).status
    ).toBe(200)
    const ids = await sendUntil(requestsReached(3))
    const requests = (await sandboxRequests(gateway.url)).requests as Array<{
      id: number
      received_at: string
      response: { status?: number }
    }>
    const limited = requests.find((r) => r.response.status === 429)
    if (!limited) throw new Error('the sandbox answered no 429')
    const after = requests.filter((r) => r.id > limited.id)
    expect(after.length).toBeGreaterThan(0)
    // The first request after the 429 waited out its Retry-After (2 s).
    expect(Date.parse(after[0].received_at) - Date.parse(limited.received_at)).toBeGreaterThanOrEqual(2000 - JITTER_MS)

    const text = await scrape()
    expect(metric(text, 'gateway_pinterest_rate_limited_total', labels)).toBe(1)
    // Halved, and climbing back by the limit every ten minutes: a few seconds later still near half.
    const pace = metric(text, 'gateway_pinterest_pace_per_minute', labels)
    expect(pace).toBeGreaterThanOrEqual(PER_MINUTE / 2)
    expect(pace).toBeLessThan(PER_MINUTE * 0.6)

    // Nothing lost: the refused events went again after the wait.
    for (const id of ids) {
      await until(
        () => get(gateway.url, `/gateway/events/${encodeURIComponent(id)}`).then((r) => r.body),
        (story) => story?.events?.every((e: { state: string }) => e.state === 'delivered')
      )
    }
  })
})
