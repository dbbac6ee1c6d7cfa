import { existsSync, mkdtempSync, rmSync } from 'fs'
import { createServer } from 'net'
import type { AddressInfo } from 'net'
import { tmpdir } from 'os'
import { join } from 'path'
import { openQueue } from '..'
import { SQLITE_FILE } from '../sqlite'

describe('openQueue', () => {
  let folder: string
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'queue-test-index-'))))
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('opens SQLite in dataDir when there is no database URL (an empty one counts as none)', async () => {
    const queue = await openQueue({ dataDir: folder, databaseUrl: '' })
    expect(await queue.enqueue([{ destination: 'd', subscription: 's', event: { n: 1 } }])).toEqual({
      stored: 1,
      duplicates: 0
    })
    await queue.close()
    expect(existsSync(join(folder, SQLITE_FILE))).toBe(true)
  })

  it('opens PostgreSQL when given a database URL, even with a dataDir', async () => {
    // A port nothing listens on: the PostgreSQL store's connection error shows which store was chosen.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise((resolve) => probe.close(resolve))
    await expect(
      openQueue({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/queue`, dataDir: folder })
    ).rejects.toThrow(/ECONNREFUSED/)
    expect(existsSync(join(folder, SQLITE_FILE))).toBe(false)
  })

  it('says what it needs when given neither', async () => {
    await expect(openQueue({})).rejects.toThrow('The queue needs a DATABASE_URL (PostgreSQL) or a DATA_DIR (SQLite)')
  })
})
