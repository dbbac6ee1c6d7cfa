import Database from 'better-sqlite3'
import { seenKey } from '../shared'
import { SEEN_SCHEMA, SeenKeys } from '../sqlite-seen'
import { DAY } from './contract'

const T0 = 1_700_000_000_000
const write = <T>(work: () => T): T => work()

function open(): Database.Database {
  const db = new Database(':memory:')
  db.exec(SEEN_SCHEMA)
  return db
}

const count = (db: Database.Database, table: string) =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => seenKey('d', 's', `m-${from + i}`))

describe('SQLite dedup keys (log, merge, prune)', () => {
  it('finds a logged key before and after the merge moves it into the B-tree', async () => {
    const db = open()
    const seen = new SeenKeys(db)
    const batch = keys(12_000)
    seen.log(batch, T0)
    seen.committed(batch, T0)
    expect(seen.seenSince(batch[7], T0 + 1)).toBe(true)

    await seen.merge(write)
    expect(count(db, 'queue_seen_log')).toBe(0)
    expect(count(db, 'queue_seen')).toBe(12_000)
    expect(seen.pending).toBe(0)
    expect(batch.every((key) => seen.seenSince(key, T0 + DAY - 1))).toBe(true)
    expect(seen.seenSince(batch[7], T0 + DAY)).toBe(false)
    expect(seen.seenSince(keys(1, 12_000)[0], T0)).toBe(false)
  })

  it('reads back at open what was logged and not merged (a crash), and a key not committed is not seen', () => {
    const db = open()
    const first = new SeenKeys(db)
    const [logged, rolledBack] = [keys(3), keys(1, 3)]
    first.log(logged, T0)
    first.committed(logged, T0)
    expect(() =>
      db.transaction(() => {
        first.log(rolledBack, T0)
        throw new Error('disk full')
      })()
    ).toThrow('disk full')

    const reopened = new SeenKeys(db)
    expect(reopened.pending).toBe(3)
    expect(logged.every((key) => reopened.seenSince(key, T0 + 10))).toBe(true)
    expect(reopened.seenSince(rolledBack[0], T0 + 10)).toBe(false)
  })

  it('keeps the keys logged while a merge runs for the next merge', async () => {
    const db = open()
    const seen = new SeenKeys(db)
    const [old, during] = [keys(6000), keys(1, 6000)]
    seen.log(old, T0)
    seen.committed(old, T0)
    const merging = seen.merge(write)
    seen.log(during, T0 + 5)
    seen.committed(during, T0 + 5)
    await merging
    expect(seen.pending).toBe(1)
    expect(count(db, 'queue_seen_log')).toBe(1)
    expect(seen.seenSince(during[0], T0 + 6)).toBe(true)
  })

  it('prunes the keys older than a day, a batch at a time', async () => {
    const db = open()
    const seen = new SeenKeys(db)
    const [stale, fresh] = [keys(7000), keys(10, 7000)]
    seen.log(stale, T0)
    seen.committed(stale, T0)
    seen.log(fresh, T0 + DAY)
    seen.committed(fresh, T0 + DAY)
    await seen.merge(write)

    const now = T0 + DAY + 1
    expect(seen.prune(now, write)).toBe(true)
    expect(seen.prune(now, write)).toBe(false)
    expect(count(db, 'queue_seen')).toBe(10)
    expect(fresh.every((key) => seen.seenSince(key, now))).toBe(true)
  })
})
