/**
 * Two `npm start` instances on one PostgreSQL database share each ad account's pace: the
 * sandbox they both send to (a process of its own) sees the requests to the account spaced as
 * PINTEREST_REQUESTS_PER_MINUTE allows for the two together, where each pacing itself alone
 * would send twice as many. Runs on a throwaway cluster; skipped without PostgreSQL, except under CI.
 */
import { SANDBOX_AD_ACCOUNT_ID } from 'pinterest-conversions-tools'
import type { PostgresServer } from '../src/queue/__tests__/support/postgres'
import { postgresInstalled, startPostgres } from '../src/queue/__tests__/support/postgres'
import { orders, Scratch, startGateway, startSandbox, until } from './drills/processes'
import { get, metric, request, sandboxRequests } from './gateway-support'

jest.setTimeout(60_000)

const runs = postgresInstalled() || Boolean(process.env.CI)
const describeIfPostgres = runs ? describe : describe.skip

const PER_MINUTE = 120
const SLOT_MS = 60_000 / PER_MINUTE
/** How much later than its slot a request may reach the sandbox on a busy machine. */
/** How late a request may reach the sandbox for its slot on a loaded machine: two slots. */
const JITTER_MS = 1000

describeIfPostgres('pacing shared by instances on PostgreSQL', () => {
  let pg: PostgresServer | undefined
  let scratch: Scratch
  beforeAll(async () => {
    pg = await startPostgres()
  }, 30_000)
  afterAll(() => pg?.stop())
  beforeEach(() => (scratch = new Scratch()))
  afterEach(async () => {
    const exits = scratch.unexpectedExits()
    await scratch.cleanup()
    if (exits.length > 0) throw new Error(exits.join('\n'))
  })

  it('two instances together send no more requests to an ad account than one may', async () => {
    if (!pg) throw new Error('no PostgreSQL cluster')
    const databaseUrl = await pg.createDatabase()
    const sandbox = await startSandbox(scratch)
    const env = { DATABASE_URL: databaseUrl, PINTEREST_REQUESTS_PER_MINUTE: String(PER_MINUTE) }
    const gateways = await Promise.all(
      ['a', 'b'].map((name) => startGateway(sandbox.url, { ...env, DATA_DIR: scratch.dir(name) }, scratch))
    )

    // Each instance delivers once before the count starts: a first delivery compiles the mapping, late for its slot.
    for (const [i, gateway] of gateways.entries()) {
      await request(gateway.url, '/v1/track', orders(`warm-${i}`, 1)[0], { writeKey: 'sandbox-write-key' })
    }
    await until(
      'both warm-up events delivered',
      () => sandboxRequests(sandbox.url),
      (s) => s.totals.events >= gateways.length,
      20_000
    )
    await request(sandbox.url, '/sandbox/requests', undefined, { method: 'DELETE' })

    // One event a call, to each instance in turn, far faster than the pace would carry them one by one.
    const events = orders('paced', 10_000)
    let done = false
    let sent = 0
    const client = async () => {
      while (!done) {
        const event = events[sent++]
        const gateway = gateways[sent % gateways.length]
        // A call turned away (503, the gateway busy) is simply not counted: only the requests sent are.
        await request(gateway.url, '/v1/track', event, { writeKey: 'sandbox-write-key' })
      }
    }
    const clients = Array.from({ length: 2 }, client)
    await until(
      'requests reaching the sandbox',
      () => sandboxRequests(sandbox.url),
      (s) => s.totals.requests >= 12,
      30_000
    ).finally(() => (done = true))
    await Promise.all(clients)

    const { requests } = await sandboxRequests(sandbox.url)
    const times = (requests as Array<{ received_at: string; ad_account_id: string }>)
      .filter((r) => r.ad_account_id === SANDBOX_AD_ACCOUNT_ID)
      .map((r) => Date.parse(r.received_at))
      .sort((a, b) => a - b)
    expect(times.length).toBeGreaterThanOrEqual(12)
    // All of them span at least a slot each, whichever instance sent them. Measured over the
    // whole run, not pair by pair: on a loaded machine one request reaches the sandbox late for
    // its slot and the next on time, which brings a pair closer than a slot while the pace holds;
    // two unshared budgets would span half as long.
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual((times.length - 1) * SLOT_MS - JITTER_MS)
    // Both sent: the budget was shared, not taken by one instance alone.
    for (const gateway of gateways) {
      const text = (await get(gateway.url, '/metrics')).text
      expect(
        metric(text, 'gateway_pinterest_requests_granted_total', { ad_account: SANDBOX_AD_ACCOUNT_ID })
      ).toBeGreaterThan(0)
    }
  })
})
