/**
 * Failure drills of the gateway on its embedded queue (SQLite under DATA_DIR), each with real
 * processes: a sandbox process that outlives the gateway, the gateway pointed at it by
 * PINTEREST_SANDBOX_URL, events with distinct messageIds counted by the sandbox as distinct
 * event IDs. The counts are the proof: every event answered 200 ends in the sandbox or in the
 * dead letters.
 */
import {
  clearSandbox,
  deadLetterIds,
  fault,
  gatewayStatus,
  HoldingProxy,
  orders,
  sandboxRequests,
  sandboxTotals,
  Scratch,
  sendBatches,
  startGateway,
  startSandbox,
  tracer,
  until
} from './processes'

jest.setTimeout(60_000)

let scratch: Scratch
beforeEach(() => (scratch = new Scratch()))
afterEach(async () => {
  const exits = scratch.unexpectedExits()
  await scratch.cleanup()
  if (exits.length > 0) throw new Error(exits.join('\n'))
})

/** More requests than any drill makes: the sandbox fails until the drill clears it. */
const FOREVER = 1_000_000

describe('gateway drills on SQLite', () => {
  it('kill -9 mid-delivery while Pinterest fails, restart on the same DATA_DIR: every accepted event ends delivered or dead-lettered', async () => {
    const step = tracer('kill9')
    const sandbox = await startSandbox(scratch)
    const proxy = new HoldingProxy(sandbox.url)
    await proxy.listen()
    try {
      const dataDir = scratch.dir('gateway')
      const first = await startGateway(proxy.url, { DATA_DIR: dataDir }, scratch)
      // Failures of each kind worth retrying, then an outage lasting until the drill ends it.
      await fault(sandbox.url, { status: 503, count: 3 })
      await fault(sandbox.url, { reset: true, count: 2 })
      await fault(sandbox.url, { status: 503, count: FOREVER })

      const events = orders('kill9', 1000)
      const accepted = await sendBatches([first.url], events)
      expect(accepted).toHaveLength(events.length)
      step('accepted')

      // Deliveries under way and failing: several attempts have reached the sandbox.
      await until(
        'failed deliveries',
        () => sandboxTotals(sandbox.url),
        (t) => t.requests >= 6,
        20_000
      )
      // The next delivery hangs in the proxy, so the kill lands with events claimed and a request in flight.
      proxy.hold = true
      await until(
        'a delivery in flight',
        () => Promise.resolve(proxy.held),
        (held) => held >= 1,
        20_000
      )
      await first.kill9()
      step('killed')
      expect((await sandboxTotals(sandbox.url)).distinct_event_ids).toBe(0)

      const second = await startGateway(sandbox.url, { DATA_DIR: dataDir }, scratch)
      const restarted = await gatewayStatus(second.url)
      expect(restarted).toMatchObject({ accepted: events.length, queued: events.length, delivered: 0 })
      await clearSandbox(sandbox.url)
      step('restarted, faults cleared')

      const drained = await until(
        'the queue drained',
        () => gatewayStatus(second.url),
        (s) => s.queued === 0,
        30_000
      )
      step('drained')
      const totals = await sandboxTotals(sandbox.url)
      const dead = await deadLetterIds(second.url)
      const acceptedIds = new Set(accepted)
      expect(dead.filter((id) => !acceptedIds.has(id))).toEqual([])
      // The sandbox only ever saw this gateway's accepted events, so the sum is exact: nothing lost.
      expect(totals.distinct_event_ids + dead.length).toBe(accepted.length)
      expect(drained.delivered + drained.dead_lettered).toBe(accepted.length)
    } finally {
      await proxy.close()
    }
  })

  it('a long 503 outage builds a backlog, which drains once Pinterest is back: all delivered, queued 0', async () => {
    const step = tracer('outage')
    const sandbox = await startSandbox(scratch)
    const gateway = await startGateway(sandbox.url, { DATA_DIR: scratch.dir('gateway') }, scratch)
    step('started')
    await fault(sandbox.url, { status: 503, count: FOREVER })

    const early = orders('outage-early', 1000)
    const late = orders('outage-late', 1000)
    const accepted = await sendBatches([gateway.url], early)
    // Counted from the first attempt: a delivery thread just started loads the runtime first.
    await until(
      'the first attempt',
      () => sandboxTotals(sandbox.url),
      (t) => t.requests >= 1,
      20_000
    )
    const outageStarted = Date.now()
    // An outage of 150 times the retry base: events have retried many times, with growing backoff.
    await until(
      '3 s of outage',
      () => Promise.resolve(Date.now() - outageStarted),
      (ms) => ms >= 3000,
      10_000
    )
    accepted.push(...(await sendBatches([gateway.url], late)))
    expect(accepted).toHaveLength(early.length + late.length)
    const during = await sandboxTotals(sandbox.url)
    // Retried all along, each time later (exponential backoff): a handful of attempts in 3 s.
    expect(during.requests).toBeGreaterThanOrEqual(5)
    expect(during.distinct_event_ids).toBe(0)
    expect(await gatewayStatus(gateway.url)).toMatchObject({ queued: accepted.length, delivered: 0 })

    step('outage over')
    await clearSandbox(sandbox.url)
    const drained = await until(
      'the backlog drained',
      () => gatewayStatus(gateway.url),
      (s) => s.queued === 0,
      30_000
    )
    step('drained')
    expect(drained).toMatchObject({ queued: 0, delivered: accepted.length, dead_lettered: 0 })
    expect((await sandboxTotals(sandbox.url)).distinct_event_ids).toBe(accepted.length)
    expect(await deadLetterIds(gateway.url)).toEqual([])
  })

  it('honours Retry-After: after a 429 asking for 1 s, the next request comes at least 1 s later', async () => {
    const sandbox = await startSandbox(scratch)
    // Without Retry-After the retry would come within RETRY_BASE_MS (20 ms) or so.
    const gateway = await startGateway(sandbox.url, { DATA_DIR: scratch.dir('gateway') }, scratch)
    await fault(sandbox.url, { status: 429, retry_after_seconds: 1, count: 2 })

    // One event: a batch's events get the same retry time give or take a millisecond, and a
    // claim falling between two of them would split the batch and blur the timing.
    const accepted = await sendBatches([gateway.url], orders('retry-after', 1))
    await until(
      'delivered',
      () => sandboxTotals(sandbox.url),
      (t) => t.distinct_event_ids === accepted.length,
      20_000
    )

    const requests = await sandboxRequests(sandbox.url)
    const statuses = requests.map((r) => ('reset' in r.response ? 'reset' : r.response.status))
    expect(statuses).toEqual([429, 429, 200])
    const times = requests.map((r) => Date.parse(r.received_at))
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000)
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(1000)
    expect(await gatewayStatus(gateway.url)).toMatchObject({ queued: 0, delivered: accepted.length })
  })
})
