/**
 * Personal data no longer than needed, in `npm start`'s own process: dead letters are deleted on
 * request and once past DEAD_LETTER_RETENTION, and once an event is delivered or purged its raw
 * values are in no file under DATA_DIR after a clean stop.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { baseUrlOf, exitOf, orderCompleted, request, spawnMain, status, until } from './gateway-support'

jest.setTimeout(90_000)

const WRITE_KEY = 'privacy-test-key'

let dataDir: string
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'privacy-'))))
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

async function start(env: NodeJS.ProcessEnv = {}) {
  const child = spawnMain({ DATA_DIR: dataDir, WRITE_KEY, FLUSH_MS: '20', LOG_LEVEL: 'warn', ...env })
  const exited = exitOf(child)
  return { url: await baseUrlOf(child), child, exited }
}

async function stop(gateway: { child: ChildProcessWithoutNullStreams; exited: ReturnType<typeof exitOf> }) {
  gateway.child.kill('SIGTERM')
  expect((await gateway.exited).code).toBe(0)
}

const send = (url: string, batch: unknown[]) => request(url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })

/** Pinterest cannot match it (no email, no IP and user agent): the destination dead-letters it, raw value and all. */
const unmatchable = (marker: string) => ({
  type: 'track',
  anonymousId: `a-${marker}`,
  event: 'Order Completed',
  properties: { order_id: marker, total: 10, currency: 'USD' }
})

/** Every file under DATA_DIR, as bytes read as latin1 so any byte sequence can be searched. */
function everyFile(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name)
    return statSync(file).isDirectory() ? everyFile(file) : [{ file, text: readFileSync(file).toString('latin1') }]
  })
}

it('keeps no raw value of a delivered or purged event in any file under DATA_DIR after a clean stop', async () => {
  const run = Date.now().toString(36)
  const delivered = Array.from({ length: 40 }, (_, i) => `delivered.${run}.${i}@privacy.example`)
  const purged = Array.from({ length: 40 }, (_, i) => `purged-order-${run}-${i}`)
  const gateway = await start()
  try {
    const events = delivered.map((email) => orderCompleted({ context: { traits: { email } } }))
    expect((await send(gateway.url, [...events, ...purged.map(unmatchable)])).status).toBe(200)
    await until(
      () => status(gateway.url),
      (now) => now.delivered === 40 && now.dead_lettered === 40,
      30_000
    )
    const gone = await request(gateway.url, '/gateway/dead-letters', { all: true }, { method: 'DELETE' })
    expect(gone).toMatchObject({ status: 200, body: { purged: 40 } })
    expect((await status(gateway.url)).dead_lettered).toBe(0)
  } finally {
    await stop(gateway)
  }
  const files = everyFile(dataDir)
  // The event log (ids and reasons only) is searched for the raw values like the queue.
  expect(files.map(({ file }) => file.slice(dataDir.length + 1)).sort()).toEqual(['event-log.db', 'queue.db'])
  for (const { file, text } of files) {
    for (const value of [...delivered, ...purged])
      expect([file, value, text.includes(value)]).toEqual([file, value, false])
    expect(statSync(file).mode & 0o777).toBe(0o600)
  }
})

it('deletes dead letters older than DEAD_LETTER_RETENTION, raw events and all', async () => {
  const first = await start()
  try {
    expect((await send(first.url, [unmatchable('expires-1'), unmatchable('expires-2')])).status).toBe(200)
    await until(
      () => status(first.url),
      (now) => now.dead_lettered === 2
    )
  } finally {
    await stop(first)
  }
  // They died a moment ago: a retention of a second lets them go at the next start's sweep.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const second = await start({ DEAD_LETTER_RETENTION: '1s' })
  try {
    await until(
      () => status(second.url),
      (now) => now.dead_lettered === 0
    )
    const listed = await request(second.url, '/gateway/dead-letters')
    expect(listed.body).toEqual({ count: 0, dead_letters: [] })
  } finally {
    await stop(second)
  }
  for (const { text } of everyFile(dataDir)) expect(text).not.toContain('expires-1')
})

it('purges the dead letters it is told to, and refuses a purge that names none', async () => {
  const gateway = await start()
  try {
    expect((await send(gateway.url, ['one', 'two', 'three'].map(unmatchable))).status).toBe(200)
    await until(
      () => status(gateway.url),
      (now) => now.dead_lettered === 3
    )
    const nothing = await request(gateway.url, '/gateway/dead-letters', undefined, { method: 'DELETE' })
    expect([nothing.status, nothing.body.field]).toEqual([400, 'ids'])
    const letters = (await request(gateway.url, '/gateway/dead-letters')).body.dead_letters as Array<{ id: string }>
    const one = await request(gateway.url, '/gateway/dead-letters', { ids: [letters[0].id] }, { method: 'DELETE' })
    expect(one.body).toEqual({ purged: 1 })
    const left = (await request(gateway.url, '/gateway/dead-letters')).body.dead_letters as Array<{ id: string }>
    expect(left.map((l) => l.id)).toEqual(letters.slice(1).map((l) => l.id))
    expect((await status(gateway.url)).dead_lettered).toBe(2)
  } finally {
    await stop(gateway)
  }
})
