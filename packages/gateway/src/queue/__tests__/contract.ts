/**
 * The behaviour both stores owe the gateway (src/queue/types.ts), run against each of them by
 * sqlite.test.ts and postgres.test.ts.
 */
import type { NewEvent, Queue } from '../types'
import { INGEST_DESTINATION } from '../types'

/** One empty store (a folder, a database) that can be opened, closed and opened again. */
export interface Store {
  open(clock: () => number): Promise<Queue>
}

export const DAY = 24 * 60 * 60 * 1000
const T0 = 1_700_000_000_000

export function event(n: number, options: Partial<Omit<NewEvent, 'event'>> = {}): NewEvent {
  return {
    destination: options.destination ?? 'dest-a',
    subscription: options.subscription ?? 'sub-1',
    messageId: options.messageId,
    event: { type: 'track', event: 'Order Completed', properties: { n, nested: { list: [n, 'é', null] } } }
  }
}

const numberOf = (e: { event: Record<string, unknown> }) => (e.event.properties as { n: number }).n

const claimArgs = (
  now: number,
  overrides: { destination?: string; limit?: number; leaseMs?: number; owner?: string } = {}
) => ({
  destination: overrides.destination ?? 'dest-a',
  limit: overrides.limit ?? 100,
  leaseMs: overrides.leaseMs ?? 30_000,
  owner: overrides.owner ?? 'worker-1',
  now
})

export function queueContract(name: string, freshStore: () => Promise<Store>): void {
  describe(`${name} queue: the contract`, () => {
    let store: Store
    let queue: Queue
    let now: number
    const clock = () => now

    beforeEach(async () => {
      now = T0
      store = await freshStore()
      queue = await store.open(clock)
    })
    afterEach(() => queue.close())

    async function reopen(): Promise<void> {
      await queue.close()
      queue = await store.open(clock)
    }

    it('stores events and hands them back, oldest first, with what a worker needs', async () => {
      expect(await queue.enqueue([event(1), event(2, { messageId: 'm-2' })])).toEqual({ stored: 2, duplicates: 0 })
      now += 5
      await queue.enqueue([event(3), event(9, { destination: 'dest-b' })])

      const claimed = await queue.claim(claimArgs(now))
      expect(claimed.map(numberOf)).toEqual([1, 2, 3])
      expect(claimed[0]).toEqual({
        id: expect.stringMatching(/^[1-9][0-9]*$/),
        destination: 'dest-a',
        subscription: 'sub-1',
        event: event(1).event,
        attempts: 0,
        acceptedAt: T0
      })
      expect(claimed[2].acceptedAt).toBe(T0 + 5)
      expect(new Set(claimed.map((e) => e.id)).size).toBe(3)
      expect((await queue.claim(claimArgs(now, { destination: 'dest-b' }))).map(numberOf)).toEqual([9])
    })

    it("counts one subscription's events still queued, leased ones included, delivered ones not", async () => {
      await queue.enqueue([
        event(1),
        event(2),
        event(3, { subscription: 'sub-2' }),
        event(4, { destination: 'dest-b' })
      ])
      expect(await queue.queuedFor('dest-a', 'sub-1')).toBe(2)
      const [first] = await queue.claim(claimArgs(now, { limit: 1 }))
      expect(await queue.queuedFor('dest-a', 'sub-1')).toBe(2)
      await queue.settle([{ id: first.id, outcome: 'delivered' }], now)
      expect(await queue.queuedFor('dest-a', 'sub-1')).toBe(1)
      expect(await queue.queuedFor('dest-a', 'sub-2')).toBe(1)
      expect(await queue.queuedFor('dest-a', 'nobody')).toBe(0)
    })

    it('claims at most `limit`, and nothing leased, until the lease expires', async () => {
      await queue.enqueue([1, 2, 3, 4, 5].map((n) => event(n)))
      const first = await queue.claim(claimArgs(now, { limit: 2, leaseMs: 1000 }))
      expect(first.map(numberOf)).toEqual([1, 2])
      expect((await queue.claim(claimArgs(now, { owner: 'worker-2' }))).map(numberOf)).toEqual([3, 4, 5])
      expect(await queue.claim(claimArgs(now + 999, { owner: 'worker-2' }))).toEqual([])

      // The first worker died: at lease end its events go to whoever claims, attempts unchanged.
      const retaken = await queue.claim(claimArgs(now + 1000, { owner: 'worker-2' }))
      expect(retaken.map((e) => [numberOf(e), e.attempts])).toEqual([
        [1, 0],
        [2, 0]
      ])
      expect(retaken.map((e) => e.id)).toEqual(first.map((e) => e.id))
    })

    it('claims by availability, then by id', async () => {
      await queue.enqueue([event(1), event(2), event(3)])
      const [e1, e2, e3] = await queue.claim(claimArgs(now))
      await queue.settle(
        [
          { id: e1.id, outcome: 'retry', retryAt: now + 300, reason: 'HTTP 503' },
          { id: e2.id, outcome: 'retry', retryAt: now + 200, reason: 'HTTP 503' },
          { id: e3.id, outcome: 'retry', retryAt: now + 300, reason: 'HTTP 503' }
        ],
        now
      )
      expect(await queue.claim(claimArgs(now + 199))).toEqual([])
      expect((await queue.claim(claimArgs(now + 300))).map(numberOf)).toEqual([2, 1, 3])
    })

    it('retry: due again at retryAt whoever claims, attempts counted', async () => {
      await queue.enqueue([event(1)])
      const [claimed] = await queue.claim(claimArgs(now, { leaseMs: 60_000 }))
      await queue.settle(
        [{ id: claimed.id, outcome: 'retry', retryAt: now + 10, reason: 'HTTP 429', status: 429 }],
        now
      )

      expect(await queue.claim(claimArgs(now + 9))).toEqual([])
      // The lease (a minute) is over with the settlement: another worker takes it at retryAt.
      const again = await queue.claim(claimArgs(now + 10, { owner: 'worker-2' }))
      expect(again.map((e) => [e.id, e.attempts])).toEqual([[claimed.id, 1]])
      await queue.settle([{ id: claimed.id, outcome: 'retry', retryAt: now + 20, reason: 'timeout' }], now + 10)
      expect((await queue.claim(claimArgs(now + 20)))[0].attempts).toBe(2)
      expect((await queue.stats(now + 20)).totals).toEqual({
        accepted: 1,
        duplicates: 0,
        delivered: 0,
        deadLettered: 0
      })
    })

    it('delivered: the event is gone and counted once, even when settled twice', async () => {
      await queue.enqueue([event(1), event(2)])
      const [e1] = await queue.claim(claimArgs(now, { limit: 1 }))
      await queue.settle([{ id: e1.id, outcome: 'delivered' }], now)
      await queue.settle([{ id: e1.id, outcome: 'delivered' }], now)

      const stats = await queue.stats(now)
      expect(stats.totals.delivered).toBe(1)
      expect(stats.queued).toBe(1)
      expect((await queue.claim(claimArgs(now + DAY))).map(numberOf)).toEqual([2])
    })

    it('a settlement for a lease another worker took over is applied once, without harm', async () => {
      await queue.enqueue([event(1), event(2)])
      const [a1, a2] = await queue.claim(claimArgs(now, { leaseMs: 100, owner: 'slow' }))
      const taken = await queue.claim(claimArgs(now + 100, { owner: 'fast' }))
      expect(taken.map((e) => e.id)).toEqual([a1.id, a2.id])

      await queue.settle(
        [
          { id: a1.id, outcome: 'delivered' },
          { id: a2.id, outcome: 'dead', reason: 'HTTP 400' }
        ],
        now + 150
      )
      await queue.settle(
        [
          { id: a1.id, outcome: 'delivered' },
          { id: a2.id, outcome: 'dead', reason: 'HTTP 400 again' },
          { id: 'no-such-id', outcome: 'delivered' },
          { id: '999999999', outcome: 'retry', retryAt: now, reason: 'x' }
        ],
        now + 160
      )
      const stats = await queue.stats(now + 200)
      expect(stats).toMatchObject({ queued: 0, inFlight: 0, deadLettered: 1 })
      expect(stats.totals).toEqual({ accepted: 2, duplicates: 0, delivered: 1, deadLettered: 1 })
      expect((await queue.deadLetters({ limit: 10 })).map((d) => [d.id, d.reason])).toEqual([[a2.id, 'HTTP 400']])
    })

    it('dead: kept with why, out of the queue, listed newest first and paged', async () => {
      await queue.enqueue([event(1, { messageId: 'm-1' }), event(2), event(3), event(4, { destination: 'dest-b' })])
      const claimed = await queue.claim(claimArgs(now))
      const [b] = await queue.claim(claimArgs(now, { destination: 'dest-b' }))
      await queue.settle([{ id: claimed[0].id, outcome: 'retry', retryAt: now, reason: 'HTTP 500', status: 500 }], now)
      const [again] = await queue.claim(claimArgs(now))
      now += 1000
      await queue.settle(
        [
          { id: again.id, outcome: 'dead', reason: 'HTTP 400: invalid', status: 400, fields: ['user_data.em'] },
          { id: claimed[1].id, outcome: 'dead', reason: 'expired' },
          { id: claimed[2].id, outcome: 'dead', reason: 'expired' },
          { id: b.id, outcome: 'dead', reason: 'no mapping' }
        ],
        now
      )

      expect(await queue.claim(claimArgs(now + DAY))).toEqual([])
      expect(await queue.due(now + DAY)).toEqual([])
      const all = await queue.deadLetters({ limit: 10 })
      expect(all.map(numberOf)).toEqual([4, 3, 2, 1])
      expect(all[3]).toEqual({
        id: again.id,
        destination: 'dest-a',
        subscription: 'sub-1',
        messageId: 'm-1',
        event: event(1).event,
        attempts: 2,
        acceptedAt: T0,
        deadAt: now,
        reason: 'HTTP 400: invalid',
        status: 400,
        fields: ['user_data.em']
      })
      expect(all[2]).toEqual(expect.not.objectContaining({ status: expect.anything(), messageId: expect.anything() }))
      expect(all[2].attempts).toBe(1)

      const page1 = await queue.deadLetters({ destination: 'dest-a', limit: 2 })
      const page2 = await queue.deadLetters({ destination: 'dest-a', limit: 2, before: page1[1].id })
      expect([...page1, ...page2].map(numberOf)).toEqual([3, 2, 1])
      expect(await queue.deadLetters({ limit: 5, before: 'not-an-id' })).toEqual([])

      const stats = await queue.stats(now)
      expect(stats).toMatchObject({ queued: 0, deadLettered: 4 })
      expect(stats.totals.deadLettered).toBe(4)
    })

    it('requeue: dead letters back in the queue, due now, attempts reset', async () => {
      await queue.enqueue([
        event(1),
        event(2),
        event(3, { destination: 'dest-b' }),
        event(4, { destination: 'dest-b' })
      ])
      const dead = [
        ...(await queue.claim(claimArgs(now))),
        ...(await queue.claim(claimArgs(now, { destination: 'dest-b' })))
      ]
      await queue.settle(
        dead.map((e) => ({ id: e.id, outcome: 'dead' as const, reason: 'HTTP 400' })),
        now
      )

      now += 5000
      expect(await queue.requeue({ ids: [dead[1].id, dead[1].id, 'junk', '424242'] }, now)).toBe(1)
      expect(await queue.requeue({ all: true, destination: 'dest-b' }, now)).toBe(2)
      expect((await queue.deadLetters({ limit: 10 })).map(numberOf)).toEqual([1])
      expect(await queue.claim(claimArgs(now - 1))).toEqual([])
      const back = await queue.claim(claimArgs(now))
      expect(back.map((e) => [e.id, e.attempts, e.acceptedAt])).toEqual([[dead[1].id, 0, T0]])

      expect(await queue.requeue({ all: true }, now)).toBe(1)
      const stats = await queue.stats(now)
      expect(stats).toMatchObject({ queued: 4, deadLettered: 0 })
      expect(stats.totals.deadLettered).toBe(4)
    })

    it('requeue and purge by reason: the whole reason, or its kind before the colon, within a destination', async () => {
      await queue.enqueue([1, 2, 3, 4, 5].map((n) => event(n, n === 5 ? { destination: 'dest-b' } : {})))
      const claimed = [
        ...(await queue.claim(claimArgs(now))),
        ...(await queue.claim(claimArgs(now, { destination: 'dest-b' })))
      ]
      const reasons = ['rejected: HTTP 400', 'rejected: bad currency', 'invalid: no event_name', 'rejected', 'rejected']
      await queue.settle(
        claimed.map((e, i) => ({ id: e.id, outcome: 'dead' as const, reason: reasons[i] })),
        now
      )
      expect(await queue.requeue({ all: true, reason: 'rejected: bad currency' }, now)).toBe(1)
      // 'rejec' is no kind: a reason matches whole, or up to its colon.
      expect(await queue.requeue({ all: true, reason: 'rejec' }, now)).toBe(0)
      expect(await queue.requeue({ all: true, destination: 'dest-a', reason: 'rejected' }, now)).toBe(2)
      expect((await queue.deadLetters({ limit: 10 })).map((d) => d.reason).sort()).toEqual([
        'invalid: no event_name',
        'rejected'
      ])
      expect(await queue.purgeDeadLetters({ all: true, reason: 'invalid' })).toBe(1)
      expect((await queue.deadLetters({ limit: 10 })).map((d) => [d.destination, d.reason])).toEqual([
        ['dest-b', 'rejected']
      ])
      expect(await queue.stats(now)).toMatchObject({ queued: 3, deadLettered: 1 })
    })

    it('stores a call refused at ingestion straight among the dead letters, counted accepted and dead, never requeued', async () => {
      const refusal = { reason: 'invalid: batch[1].userId is missing', status: 400, fields: ['batch[1].userId'] }
      const refused = {
        ...event(7, { destination: INGEST_DESTINATION, subscription: 'web', messageId: 'r-1' }),
        refusal
      }
      expect(await queue.enqueue([refused])).toEqual({ stored: 1, duplicates: 0 })
      expect(await queue.enqueue([event(1)])).toEqual({ stored: 1, duplicates: 0 })
      // Sent again (a client retrying its batch), it is not kept twice.
      expect(await queue.enqueue([refused])).toMatchObject({ stored: 0, duplicates: 1 })
      const [letter] = await queue.deadLetters({ limit: 10 })
      expect(letter).toMatchObject({
        destination: INGEST_DESTINATION,
        subscription: 'web',
        messageId: 'r-1',
        event: event(7).event,
        attempts: 0,
        reason: refusal.reason,
        status: 400,
        fields: refusal.fields
      })
      const stats = await queue.stats(now)
      expect(stats).toMatchObject({ queued: 1, deadLettered: 1, totals: { accepted: 2, deadLettered: 1 } })
      expect(await queue.requeue({ ids: [letter.id] }, now)).toBe(0)
      expect(await queue.requeue({ all: true }, now)).toBe(0)
      expect((await queue.stats(now)).deadLettered).toBe(1)
      expect(await queue.claim(claimArgs(now, { destination: INGEST_DESTINATION }))).toEqual([])
    })

    it('finds the events of a messageId in the queue, waiting or leased, and none once they are settled', async () => {
      await queue.enqueue([event(1, { messageId: 'x' }), event(2, { messageId: 'x', subscription: 'sub-2' }), event(3)])
      const [claimed] = await queue.claim(claimArgs(now, { limit: 1 }))
      const found = await queue.find('x', now)
      expect(found.sort((a, b) => a.subscription.localeCompare(b.subscription))).toEqual([
        { destination: 'dest-a', subscription: 'sub-1', attempts: 0, acceptedAt: T0, availableAt: T0, leased: true },
        { destination: 'dest-a', subscription: 'sub-2', attempts: 0, acceptedAt: T0, availableAt: T0, leased: false }
      ])
      await queue.settle([{ id: claimed.id, outcome: 'delivered' }], now)
      expect((await queue.find('x', now)).map((e) => e.subscription)).toEqual(['sub-2'])
      expect(await queue.find('nobody', now)).toEqual([])
    })

    it('dedup: a messageId stored for the same destination and subscription within a day is a duplicate', async () => {
      expect(await queue.enqueue([event(1, { messageId: 'm' }), event(2, { messageId: 'm' }), event(3)])).toEqual({
        stored: 2,
        duplicates: 1,
        repeated: [1]
      })
      expect(
        await queue.enqueue([
          event(4, { messageId: 'm' }),
          event(5, { messageId: 'm', subscription: 'sub-2' }),
          event(6, { messageId: 'm', destination: 'dest-b' }),
          event(7),
          event(8, { messageId: '' }),
          event(9, { messageId: '' })
        ])
      ).toEqual({ stored: 5, duplicates: 1, repeated: [0] })

      // Delivered since: still a duplicate within the day.
      const claimed = await queue.claim(claimArgs(now))
      await queue.settle(
        claimed.map((e) => ({ id: e.id, outcome: 'delivered' as const })),
        now
      )
      now += DAY - 1
      expect(await queue.enqueue([event(10, { messageId: 'm' })])).toEqual({ stored: 0, duplicates: 1, repeated: [0] })
      now += 1
      expect(await queue.enqueue([event(11, { messageId: 'm' })])).toEqual({ stored: 1, duplicates: 0 })
      expect(await queue.enqueue([event(12, { messageId: 'm' })])).toEqual({ stored: 0, duplicates: 1, repeated: [0] })

      expect((await queue.stats(now)).totals).toMatchObject({ accepted: 8, duplicates: 4 })
    })

    it('due: per destination, what is claimable now and since when', async () => {
      await queue.enqueue([event(1), event(2, { destination: 'dest-b' })])
      now += 100
      await queue.enqueue([event(3), event(4, { destination: 'dest-c' })])
      await queue.claim(claimArgs(now, { destination: 'dest-c', leaseMs: 50 }))
      const [b] = await queue.claim(claimArgs(now, { destination: 'dest-b' }))
      await queue.settle([{ id: b.id, outcome: 'retry', retryAt: now + 1000, reason: 'HTTP 429' }], now)

      expect(await queue.due(now)).toEqual([{ destination: 'dest-a', due: 2, oldestDueAt: T0 }])
      expect(await queue.due(now + 1000)).toEqual([
        { destination: 'dest-a', due: 2, oldestDueAt: T0 },
        { destination: 'dest-b', due: 1, oldestDueAt: now + 1000 },
        { destination: 'dest-c', due: 1, oldestDueAt: now }
      ])
    })

    it('release: ends one owner’s leases at once', async () => {
      await queue.enqueue([event(1), event(2)])
      await queue.claim(claimArgs(now, { limit: 1, owner: 'leaving' }))
      await queue.claim(claimArgs(now, { limit: 1, owner: 'staying' }))
      expect((await queue.stats(now)).inFlight).toBe(2)
      await queue.release('leaving')
      expect((await queue.stats(now)).inFlight).toBe(1)
      expect((await queue.claim(claimArgs(now, { owner: 'next' }))).map(numberOf)).toEqual([1])
    })

    it('stats: queued, in flight, dead, age of the oldest, totals', async () => {
      expect(await queue.stats(now)).toEqual({
        queued: 0,
        inFlight: 0,
        deadLettered: 0,
        oldestQueuedAgeMs: 0,
        totals: { accepted: 0, duplicates: 0, delivered: 0, deadLettered: 0 }
      })
      await queue.enqueue([event(1), event(2), event(3, { messageId: 'x' }), event(4, { messageId: 'x' })])
      now += 2000
      await queue.enqueue([event(5)])
      const [e1, e2, e3] = await queue.claim(claimArgs(now, { limit: 3, leaseMs: 500 }))
      await queue.settle(
        [
          { id: e1.id, outcome: 'delivered' },
          { id: e2.id, outcome: 'dead', reason: 'HTTP 400' }
        ],
        now
      )
      expect(await queue.stats(now + 10)).toEqual({
        queued: 2,
        inFlight: 1,
        deadLettered: 1,
        oldestQueuedAgeMs: 2010,
        totals: { accepted: 4, duplicates: 1, delivered: 1, deadLettered: 1 }
      })
      // The lease of e3 has run out: still queued, no longer in flight.
      expect(await queue.stats(now + 500)).toMatchObject({ queued: 2, inFlight: 0 })
      await queue.settle([{ id: e3.id, outcome: 'delivered' }], now + 500)
      expect((await queue.stats(now + 500)).oldestQueuedAgeMs).toBe(500)
    })

    it('survives a reopen: events, dead letters, dedup keys and totals', async () => {
      await queue.enqueue([event(1, { messageId: 'a' }), event(2), event(3)])
      const [e1, e2] = await queue.claim(claimArgs(now, { limit: 2 }))
      await queue.settle(
        [
          { id: e1.id, outcome: 'delivered' },
          { id: e2.id, outcome: 'dead', reason: 'HTTP 400' }
        ],
        now
      )
      const before = await queue.stats(now)
      await reopen()

      expect(await queue.stats(now)).toEqual(before)
      expect((await queue.claim(claimArgs(now))).map(numberOf)).toEqual([3])
      expect((await queue.deadLetters({ limit: 10 })).map(numberOf)).toEqual([2])
      expect(await queue.enqueue([event(4, { messageId: 'a' })])).toEqual({ stored: 0, duplicates: 1, repeated: [0] })
      expect((await queue.stats(now)).totals).toEqual({ accepted: 3, duplicates: 1, delivered: 1, deadLettered: 1 })
    })

    it('group commit: many concurrent calls all resolve, each with its own count, all stored', async () => {
      const calls = Array.from({ length: 200 }, (_, i) =>
        queue.enqueue([event(i, { messageId: `m-${i}` }), event(1000 + i, { messageId: 'retried' })])
      )
      const results = await Promise.all(calls)
      // The calls commit in the order they were made: the first one stores the shared messageId.
      expect(results[0]).toEqual({ stored: 2, duplicates: 0 })
      expect(results.slice(1).every((r) => r.stored === 1 && r.duplicates === 1)).toBe(true)

      const claimed = await queue.claim(claimArgs(now, { limit: 1000 }))
      expect(claimed).toHaveLength(201)
      expect((await queue.stats(now)).queued).toBe(201)
    })

    it('an event that cannot be serialized fails its own call only', async () => {
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      const bad = queue.enqueue([{ destination: 'dest-a', subscription: 'sub-1', event: cyclic }])
      const good = queue.enqueue([event(1)])
      await expect(bad).rejects.toThrow(/circular/i)
      expect(await good).toEqual({ stored: 1, duplicates: 0 })
      expect(await queue.enqueue([])).toEqual({ stored: 0, duplicates: 0 })
    })

    it('close waits for the enqueues under way; afterwards every call rejects', async () => {
      const pending = queue.enqueue([event(1)])
      await queue.close()
      expect(await pending).toEqual({ stored: 1, duplicates: 0 })
      await expect(queue.enqueue([event(2)])).rejects.toThrow('closed')
      await expect(queue.stats(now)).rejects.toThrow('closed')
      queue = await store.open(clock)
      expect((await queue.stats(now)).queued).toBe(1)
    })

    it('purges the queued and dead-lettered events a predicate picks, with the counts kept true', async () => {
      await queue.enqueue([1, 2, 3, 4, 5].map((n) => event(n)))
      const [first, second] = await queue.claim(claimArgs(now, { limit: 2 }))
      await queue.settle([{ id: first.id, outcome: 'dead', reason: 'rejected' }], now)
      const picks = (e: Record<string, unknown>) => [1, 3].includes((e.properties as { n: number }).n)
      expect(await queue.purge(picks)).toEqual({ queued: 1, deadLettered: 1 })
      expect(await queue.purge(picks)).toEqual({ queued: 0, deadLettered: 0 })
      expect(await queue.deadLetters({ limit: 10 })).toEqual([])
      const stats = await queue.stats(now)
      expect([stats.queued, stats.deadLettered]).toEqual([3, 0])
      // The leased event is left to its worker, whose settlement still applies.
      await queue.settle([{ id: second.id, outcome: 'delivered' }], now)
      const left = await queue.claim(claimArgs(now + 60_000, { limit: 10 }))
      expect(left.map(numberOf)).toEqual([4, 5])
    })

    it('keeps records by key, written over the version read, each taken once', async () => {
      const { records } = queue
      expect(await records.read('connection')).toBeUndefined()
      expect(await records.write('connection', 'one', 0)).toBe(1)
      expect(await records.write('connection', 'again', 0)).toBeUndefined()
      expect(await records.write('connection', 'two', 1)).toBe(2)
      expect(await records.write('connection', 'stale', 1)).toBeUndefined()
      expect(await records.read('connection')).toEqual({ version: 2, text: 'two' })
      await records.write('deletion:b', 'B', 0)
      await records.write('deletion:a', 'A', 0)
      expect((await records.list('deletion:')).map((r) => [r.key, r.text])).toEqual([
        ['deletion:a', 'A'],
        ['deletion:b', 'B']
      ])
      await reopen()
      expect(await queue.records.remove('deletion:a')).toBe(true)
      expect(await queue.records.remove('deletion:a')).toBe(false)
      expect((await queue.records.list('deletion:')).map((r) => r.key)).toEqual(['deletion:b'])
    })
  })
}
