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
  it('commits a write, leaving nothing behind', async () => {
    const queue = await openSqliteQueue({ dataDir: newDataDir() })
    await queue.probeWrite(Date.now())
    await queue.probeWrite(Date.now())
    expect((await queue.stats(Date.now())).queued).toBe(0)
    await queue.close()
    await expect(queue.probeWrite(Date.now())).rejects.toThrow('The queue is closed')
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
