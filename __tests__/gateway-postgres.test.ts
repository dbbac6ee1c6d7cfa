/**
 * Two `npm start` processes on one PostgreSQL queue (DATABASE_URL), as behind a load balancer:
 * both take events, each event is delivered by one of them, and the store outlives both.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import type { PostgresServer } from '../src/queue/__tests__/support/postgres'
import { startPostgres } from '../src/queue/__tests__/support/postgres'
import {
  baseUrlOf,
  exitOf,
  orderCompleted,
  request,
  sandboxRequests,
  startExternalSandbox,
  spawnMain,
  status,
  until
} from './gateway-support'

jest.setTimeout(60_000)

let pg: PostgresServer
let sandbox: Awaited<ReturnType<typeof startExternalSandbox>>
const children: ChildProcessWithoutNullStreams[] = []
beforeAll(async () => {
  pg = await startPostgres()
  sandbox = await startExternalSandbox()
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  await sandbox?.close()
  await pg?.stop()
})

async function start(databaseUrl: string) {
  const child = spawnMain({
    DATABASE_URL: databaseUrl,
    PINTEREST_SANDBOX_URL: sandbox.base,
    FLUSH_MS: '20',
    RETRY_BASE_MS: '10',
    WRITE_KEY: 'pg-write-key'
  })
  children.push(child)
  const exited = exitOf(child)
  return { child, exited, base: await baseUrlOf(child) }
}

it('two instances share one queue: every event accepted by either is delivered once, and the counts are shared', async () => {
  const databaseUrl = await pg.createDatabase()
  const [one, two] = await Promise.all([start(databaseUrl), start(databaseUrl)])
  const ids = new Set<string>()
  for (let i = 0; i < 10; i++) {
    const batch = Array.from({ length: 20 }, () => orderCompleted())
    batch.forEach((event) => ids.add(String(event.messageId)))
    const target = i % 2 === 0 ? one : two
    expect((await request(target.base, '/v1/batch', { batch }, { writeKey: 'pg-write-key' })).status).toBe(200)
  }
  const after = await until(
    () => status(one.base),
    (s) => s.delivered === 200 && s.queued === 0,
    20_000
  )
  expect(after).toMatchObject({ store: 'postgres', accepted: 200, dead_lettered: 0 })
  expect(await status(two.base)).toMatchObject({ accepted: 200, delivered: 200 })
  const totals = (await sandboxRequests(sandbox.base)).totals
  expect(totals.distinct_event_ids).toBe(ids.size)
  // No event went to Pinterest twice: the instances never claimed the same one.
  expect(totals.events).toBe(ids.size)

  // A batch sent again to the other instance is a duplicate there too: the store is shared.
  const again = Array.from({ length: 3 }, () => orderCompleted())
  expect((await request(one.base, '/v1/batch', { batch: again }, { writeKey: 'pg-write-key' })).status).toBe(200)
  expect((await request(two.base, '/v1/batch', { batch: again }, { writeKey: 'pg-write-key' })).status).toBe(200)
  expect(await status(two.base)).toMatchObject({ accepted: 203, duplicates: 3 })

  for (const instance of [one, two]) instance.child.kill('SIGTERM')
  expect((await one.exited).code).toBe(0)
  expect((await two.exited).code).toBe(0)
})
