/**
 * Failure drill of two gateway instances sharing one PostgreSQL queue (DATABASE_URL), as behind
 * a load balancer: one is killed with -9 while its delivery is in flight, and the survivor
 * delivers what the dead one had claimed once those leases expire (LEASE_MS, short here).
 * Runs on a throwaway cluster of its own (initdb, pg_ctl); without PostgreSQL on the machine
 * the drill is skipped, except under CI, where it must run.
 */
import { Client } from 'pg'
import type { PostgresServer } from '../../src/queue/__tests__/support/postgres'
import { postgresInstalled, startPostgres } from '../../src/queue/__tests__/support/postgres'
import {
  deadLetterIds,
  gatewayStatus,
  HoldingProxy,
  orders,
  sandboxTotals,
  Scratch,
  sendBatches,
  startGateway,
  startSandbox,
  tracer,
  until
} from './processes'

jest.setTimeout(60_000)

const runs = postgresInstalled() || Boolean(process.env.CI)
const describeIfPostgres = runs ? describe : describe.skip

/** Long enough for any delivery to the local sandbox, short enough for the drill to wait out. */
const LEASE_MS = 2000

describeIfPostgres('gateway drill on PostgreSQL', () => {
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

  it("two instances on one database, one killed -9 mid-delivery: the survivor delivers everything, the dead one's claims after their lease", async () => {
    const step = tracer('postgres')
    if (!pg) throw new Error('no PostgreSQL cluster')
    const databaseUrl = await pg.createDatabase()
    const sandbox = await startSandbox(scratch)
    // Every delivery of the instance to be killed hangs here: it dies holding its claims.
    const proxy = new HoldingProxy(sandbox.url)
    proxy.hold = true
    await proxy.listen()
    try {
      const env = { DATABASE_URL: databaseUrl, LEASE_MS: String(LEASE_MS) }
      const [doomed, survivor] = await Promise.all([
        startGateway(proxy.url, { ...env, DATA_DIR: scratch.dir('doomed') }, scratch),
        startGateway(sandbox.url, { ...env, DATA_DIR: scratch.dir('survivor') }, scratch)
      ])
      step('started')

      // Killed while traffic still comes in: calls it fails go to the survivor, as a load balancer retries them.
      const events = orders('pg', 2000)
      const sending = sendBatches([doomed.url, survivor.url], events)
      await until(
        'a delivery of the doomed instance in flight',
        () => Promise.resolve(proxy.held),
        (n) => n >= 1,
        20_000
      )
      await doomed.kill9()
      // Read at once, before its leases can run out and the survivor take the events over: its
      // claims were not released (no graceful stop), so those events wait for their lease to end.
      const claims = await leasesOf(databaseUrl, doomed.child.pid)
      step('killed')
      expect(claims.count).toBeGreaterThan(0)
      const accepted = await sending
      expect(accepted).toHaveLength(events.length)
      step('accepted')

      const totals = await until(
        'every accepted event delivered',
        () => sandboxTotals(sandbox.url),
        (t) => t.distinct_event_ids >= accepted.length,
        20_000
      )
      const completedAt = Date.now()
      step('delivered')
      // The survivor waited for the dead instance's leases to run out rather than taking claimed events.
      expect(completedAt).toBeGreaterThanOrEqual(claims.until)
      const drained = await until(
        'queued 0',
        () => gatewayStatus(survivor.url),
        (s) => s.queued === 0,
        5_000
      )
      // At least once, nothing lost: every accepted messageId reached Pinterest; repeats are Pinterest's to drop.
      expect(totals.distinct_event_ids).toBe(accepted.length)
      expect(totals.events).toBeGreaterThanOrEqual(accepted.length)
      expect(drained).toMatchObject({ accepted: accepted.length, delivered: accepted.length, dead_lettered: 0 })
      expect(await deadLetterIds(survivor.url)).toEqual([])
      expect(proxy.forwarded).toBe(0)
    } finally {
      await proxy.close()
    }
  })
})

/** The events a gateway process holds claimed (its owner name carries its pid), and when the last lease ends. */
async function leasesOf(databaseUrl: string, pid: number | undefined): Promise<{ count: number; until: number }> {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ count: string; until: string | null }>(
      'SELECT count(*) AS count, max(lease_until) AS until FROM queue_events WHERE lease_owner LIKE $1',
      [`%-${String(pid)}-%`]
    )
    return { count: Number(rows[0].count), until: Number(rows[0].until) }
  } finally {
    await client.end()
  }
}
