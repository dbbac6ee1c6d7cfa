import { Client } from 'pg'
import { openPostgresQueue } from '../postgres'
import type { ClaimedEvent, Queue } from '../types'
import { event, queueContract } from './contract'
import type { PostgresServer } from './support/postgres'
import { startPostgres } from './support/postgres'

let pg: PostgresServer
beforeAll(async () => {
  pg = await startPostgres()
}, 30_000)
afterAll(() => pg?.stop())

const open = (connectionString: string) => openPostgresQueue({ connectionString })

// One database for the contract's tests, its tables dropped before each (faster than a new database).
let contractUrl: string | undefined
queueContract('PostgreSQL', async () => {
  const connectionString = (contractUrl ??= await pg.createDatabase())
  await admin(
    'DROP TABLE IF EXISTS queue_events, queue_dead, queue_payloads, queue_seen, queue_counters; DROP SEQUENCE IF EXISTS queue_event_ids',
    [],
    connectionString
  )
  return { open: (clock) => openPostgresQueue({ connectionString, clock }) }
})

/** Runs SQL as the server's superuser, outside any queue. */
async function admin(sql: string, values: unknown[] = [], url = pg.url): Promise<void> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql, values)
  } finally {
    await client.end()
  }
}

describe('PostgreSQL queue: several gateway instances on one database', () => {
  let url: string
  let queues: Queue[] = []
  beforeEach(async () => {
    url = await pg.createDatabase()
  })
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close()))
    queues = []
  })

  it('create the tables at the same time without failing', async () => {
    queues = await Promise.all([open(url), open(url), open(url), open(url)])
    await Promise.all(queues.map((q, i) => q.enqueue([event(i)])))
    expect((await queues[0].stats(Date.now())).totals.accepted).toBe(4)
  })

  it('never hand one event to two claimers at once, and deliver every event once', async () => {
    const [a, b] = (queues = await Promise.all([open(url), open(url)]))
    const total = 3000
    await Promise.all(
      Array.from({ length: total / 100 }, (_, batch) =>
        (batch % 2 ? a : b).enqueue(Array.from({ length: 100 }, (_, i) => event(batch * 100 + i)))
      )
    )

    const deliveredBy = new Map<string, string>()
    const claimers = [
      { queue: a, owner: 'a1' },
      { queue: a, owner: 'a2' },
      { queue: b, owner: 'b1' },
      { queue: b, owner: 'b2' }
    ]
    for (let round = 0; round < 100; round++) {
      const now = Date.now()
      const claimed = await Promise.all(
        claimers.map(({ queue, owner }) =>
          queue.claim({ destination: 'dest-a', limit: 50, leaseMs: 60_000, owner, now })
        )
      )
      if (claimed.every((events) => events.length === 0)) break
      claimed.forEach((events: ClaimedEvent[], i) => {
        expect(events.length).toBeLessThanOrEqual(50)
        for (const e of events) {
          expect(deliveredBy.get(e.id)).toBeUndefined()
          deliveredBy.set(e.id, claimers[i].owner)
        }
      })
      await Promise.all(
        claimed.map((events, i) =>
          claimers[i].queue.settle(
            events.map((e) => ({ id: e.id, outcome: 'delivered' as const })),
            now
          )
        )
      )
    }

    expect(deliveredBy.size).toBe(total)
    expect(new Set(deliveredBy.values()).size).toBe(4)
    const stats = await b.stats(Date.now())
    expect(stats).toMatchObject({ queued: 0, inFlight: 0 })
    expect(stats.totals).toEqual({ accepted: total, duplicates: 0, delivered: total, deadLettered: 0 })
  })

  it('store a messageId sent to two instances at once only once', async () => {
    const [a, b] = (queues = await Promise.all([open(url), open(url)]))
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        a.enqueue([event(i, { messageId: `m-${i}` }), event(100 + i, { messageId: `m-${19 - i}` })]),
        b.enqueue([event(200 + i, { messageId: `m-${i}` })])
      ]).flat()
    )
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(20)
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(40)
    expect((await a.stats(Date.now())).totals).toMatchObject({ accepted: 20, duplicates: 40 })
  })

  it('take over the claims of an instance that died, once their lease has passed', async () => {
    const [a, b] = (queues = await Promise.all([open(url), open(url)]))
    await a.enqueue([event(1), event(2)])
    const now = Date.now()
    const taken = await a.claim({ destination: 'dest-a', limit: 10, leaseMs: 1000, owner: 'a', now })
    expect(await b.claim({ destination: 'dest-a', limit: 10, leaseMs: 1000, owner: 'b', now: now + 999 })).toEqual([])
    const retaken = await b.claim({ destination: 'dest-a', limit: 10, leaseMs: 1000, owner: 'b', now: now + 1000 })
    expect(retaken.map((e) => e.id)).toEqual(taken.map((e) => e.id))
  })
})

describe('PostgreSQL queue: when the database cannot write', () => {
  it('rejects every call of the group while the database is read-only, and recovers after', async () => {
    const url = await pg.createDatabase()
    const name = new URL(url).pathname.slice(1)
    const queue = await open(url)
    await queue.enqueue([event(0)])
    // As after a failover to a standby: the sessions are cut, new ones cannot write.
    const cutSessions = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`
    await admin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`)
    await admin(cutSessions, [name])

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => queue.enqueue([event(i + 1)])))
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'))

    await admin(`ALTER DATABASE ${name} RESET default_transaction_read_only`)
    await admin(cutSessions, [name])
    expect(await queue.enqueue([event(9)])).toEqual({ stored: 1, duplicates: 0 })
    expect((await queue.stats(Date.now())).queued).toBe(2)
    await queue.close()
  })

  // Stops the file's server: keep it last.
  it('rejects every call when the server is gone', async () => {
    const queue = await open(await pg.createDatabase())
    await queue.enqueue([event(0)])
    await pg.stop()
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => queue.enqueue([event(i + 1)])))
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'))
    await queue.close()
  })
})
