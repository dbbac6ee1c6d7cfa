import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { openSqliteQueue } from '../sqlite'
import { event } from './contract'

const folders: string[] = []
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })))

function newDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'queue-test-retention-'))
  folders.push(folder)
  return folder
}

describe('SQLite queue: the readiness probe', () => {
  it('fails while the database cannot take an event, and passes again once it can', async () => {
    // A disk quota of 1 MB stands for a full disk (root ignores read-only permissions).
    const queue = await openSqliteQueue({ dataDir: newDataDir(), maxBytes: 1024 * 1024 })
    await queue.probeWrite(Date.now())
    // Filled to the last page: large events until one does not fit, then smaller ones.
    let n = 0
    for (const size of [60_000, 8_000, 1_000]) {
      for (;;) {
        const stored = await queue.enqueue([{ ...event(n++), event: { n, padding: 'x'.repeat(size) } }]).then(
          () => true,
          () => false
        )
        if (!stored) break
      }
    }
    await expect(queue.probeWrite(Date.now())).rejects.toThrow(/full/)
    // Deleting dead letters, raw events and all, makes room again.
    const claimed = await queue.claim({
      destination: 'dest-a',
      limit: 1000,
      leaseMs: 60_000,
      owner: 'o',
      now: Date.now()
    })
    await queue.settle(
      claimed.map((c) => ({ id: c.id, outcome: 'dead' as const, reason: 'invalid' })),
      Date.now()
    )
    expect(await queue.purgeDeadLetters({ all: true })).toBe(claimed.length)
    await queue.probeWrite(Date.now())
    expect((await queue.stats(Date.now())).deadLettered).toBe(0)
    await queue.close()
  })
})

describe('SQLite queue: purging dead letters', () => {
  it('deletes by id, by destination, and those dead before a time, a batch at a time', async () => {
    const queue = await openSqliteQueue({ dataDir: newDataDir() })
    await queue.enqueue([1, 2, 3, 4, 5].map((n) => event(n)))
    await queue.enqueue([{ ...event(6), destination: 'dest-b' }])
    const bury = async (destination: string, at: number) => {
      const claimed = await queue.claim({ destination, limit: 10, leaseMs: 60_000, owner: 'o', now: at })
      await queue.settle(
        claimed.map((c) => ({ id: c.id, outcome: 'dead' as const, reason: 'invalid' })),
        at
      )
      return claimed.map((c) => c.id)
    }
    const now = Date.now()
    const a = await bury('dest-a', now + 1_000)
    const b = await bury('dest-b', now + 5_000)
    expect(a).toHaveLength(5)
    expect(await queue.purgeDeadLetters({ ids: [a[0], 'not-an-id', '999999'] })).toBe(1)
    expect(await queue.purgeDeadLetters({ deadBefore: now + 2_000, limit: 2 })).toBe(2)
    expect(await queue.purgeDeadLetters({ all: true, destination: 'dest-b' })).toBe(b.length)
    const left = await queue.deadLetters({ limit: 10 })
    expect(left.map((l) => l.id)).toEqual([a[4], a[3]])
    expect((await queue.stats(Date.now())).deadLettered).toBe(2)
    await queue.close()
  })
})
