import { spawn } from 'child_process'
import { existsSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { openSqliteQueue, SQLITE_FILE } from '../sqlite'
import { event, queueContract } from './contract'

const folders: string[] = []
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })))

/** A data directory that does not exist yet: the queue creates it. */
function newDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'queue-test-sqlite-'))
  folders.push(folder)
  return join(folder, 'nested', 'data')
}

queueContract('SQLite', async () => {
  const dataDir = newDataDir()
  return { open: (clock) => openSqliteQueue({ dataDir, clock }) }
})

describe('SQLite queue: its data directory', () => {
  it('is created, with the database in it', async () => {
    const dataDir = newDataDir()
    const queue = await openSqliteQueue({ dataDir })
    await queue.enqueue([event(1)])
    await queue.close()
    expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true)
  })

  it('is owned by one queue: a second open fails naming DATA_DIR, and works once the first is closed', async () => {
    const dataDir = newDataDir()
    const first = await openSqliteQueue({ dataDir })
    await expect(openSqliteQueue({ dataDir })).rejects.toThrow(`DATA_DIR ${dataDir} is in use`)
    await first.enqueue([event(1)])
    await first.close()
    const second = await openSqliteQueue({ dataDir })
    expect((await second.stats(Date.now())).queued).toBe(1)
    await second.close()
  })

  it('releases at open the leases a previous process left', async () => {
    const dataDir = newDataDir()
    const first = await openSqliteQueue({ dataDir })
    await first.enqueue([event(1)])
    const now = Date.now()
    await first.claim({ destination: 'dest-a', limit: 10, leaseMs: 3_600_000, owner: 'killed', now })
    await first.close()

    const second = await openSqliteQueue({ dataDir })
    expect((await second.stats(now)).inFlight).toBe(0)
    const again = await second.claim({ destination: 'dest-a', limit: 10, leaseMs: 1000, owner: 'new', now })
    expect(again).toHaveLength(1)
    await second.close()
  })
})

describe('SQLite queue: when it cannot write', () => {
  it('rejects every call of the group that could not be committed, and stores none of it', async () => {
    const dataDir = newDataDir()
    // A disk quota of 1 MB stands for a full disk (root ignores read-only permissions).
    const queue = await openSqliteQueue({ dataDir, maxBytes: 1024 * 1024 })
    const big = (n: number) => ({ ...event(n), event: { n, padding: 'x'.repeat(50_000) } })
    await queue.enqueue([big(0)])

    const calls = Array.from({ length: 10 }, (_, i) => queue.enqueue([big(2 * i + 1), big(2 * i + 2)]))
    const outcomes = await Promise.allSettled(calls)
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('rejected'))
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/full/)

    const stats = await queue.stats(Date.now())
    expect(stats.queued).toBe(1)
    expect(stats.totals.accepted).toBe(1)
    // Smaller writes still fit: the queue keeps working once there is room.
    expect(await queue.enqueue([event(99)])).toEqual({ stored: 1, duplicates: 0 })
    await queue.close()
  })
})

describe('SQLite queue: a process killed mid-stream', () => {
  it('loses none of the events whose enqueue had resolved', async () => {
    const dataDir = newDataDir()
    const script = join(__dirname, 'support', 'enqueue-until-killed.js')
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    const acknowledged: number[] = []
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))

    let buffered = ''
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error(`the child ended before it was killed: ${stderr}`)))
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (buffered + chunk.toString()).split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) if (/^\d+$/.test(line)) acknowledged.push(Number(line))
        if (acknowledged.length >= 2000) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    expect(await exited).toBe('SIGKILL')
    // Lines already in the pipe when the kill landed were acknowledged too.
    for (const line of buffered.split('\n')) if (/^\d+$/.test(line)) acknowledged.push(Number(line))

    const queue = await openSqliteQueue({ dataDir })
    const stored = await queue.claim({ destination: 'd', limit: 1_000_000, leaseMs: 1000, owner: 'o', now: Date.now() })
    const numbers = new Set(stored.map((e) => e.event.n as number))
    expect(acknowledged.filter((n) => !numbers.has(n))).toEqual([])
    expect(numbers.size).toBe(stored.length)
    expect((await queue.stats(Date.now())).queued).toBe(stored.length)
    // Their dedup keys survived too: the client's retry of an answered batch is not stored twice.
    const retried = acknowledged.map((n) => ({
      destination: 'd',
      subscription: 's',
      messageId: `m-${n}`,
      event: { n }
    }))
    expect(await queue.enqueue(retried)).toMatchObject({ stored: 0, duplicates: acknowledged.length })
    await queue.close()
  }, 20_000)
})
