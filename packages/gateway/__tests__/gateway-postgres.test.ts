/**
 * Two `npm start` processes on one PostgreSQL queue (DATABASE_URL), as behind a load balancer:
 * both take events, each event is delivered by one of them, and the store outlives both.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
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

async function start(databaseUrl: string, env: Record<string, string> = {}) {
  const child = spawnMain({
    DATABASE_URL: databaseUrl,
    PINTEREST_SANDBOX_URL: sandbox.base,
    FLUSH_MS: '20',
    RETRY_BASE_MS: '10',
    WRITE_KEY: 'pg-write-key',
    ...env
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

it('a subscription saved on one instance is used by every instance: routed there within seconds, its events never dead-lettered as unknown', async () => {
  const databaseUrl = await pg.createDatabase()
  // The first holds what it stores (a minute between claims), so the second delivers it.
  const first = await start(databaseUrl, { FLUSH_MS: '60000' })
  const second = await start(databaseUrl)
  const subscription = {
    id: 'big-spenders',
    name: 'Big spenders',
    trigger: 'type = "track" and event = "Big Order"',
    preset: 'Checkout'
  }
  const subscriptions = '/gateway/destinations/pinterest/subscriptions'
  expect((await request(first.base, subscriptions, subscription)).status).toBe(201)

  // Stored by the first, claimed by the second before its next poll: it catches up, then sends.
  const held = orderCompleted({ event: 'Big Order' })
  expect((await request(first.base, '/v1/track', held, { writeKey: 'pg-write-key' })).status).toBe(200)
  const sent = await until(
    () => sandboxRequests(sandbox.base),
    (body: any) => body.requests.some((r: any) => r.body?.data?.some((d: any) => d.event_id === held.messageId)),
    10_000
  )
  expect(sent.requests.length).toBeGreaterThan(0)

  // The second routes with it too, once its poll has seen the save.
  const listed = await until(
    () => request(second.base, subscriptions),
    (reply) => reply.body.subscriptions.some((s: any) => s.id === 'big-spenders'),
    10_000
  )
  expect(listed.status).toBe(200)
  const direct = orderCompleted({ event: 'Big Order' })
  expect((await request(second.base, '/v1/track', direct, { writeKey: 'pg-write-key' })).status).toBe(200)
  const after = await until(
    () => status(second.base),
    (s) => s.delivered === 2,
    10_000
  )
  expect(after).toMatchObject({ accepted: 2, dead_lettered: 0, unrouted: 0 })

  // A third instance started without a file takes the shared configuration, not the presets alone.
  const third = await start(databaseUrl)
  const config = (await request(third.base, '/gateway/config')).body
  expect(config.path).toMatch(/database/)
  expect(config.config.destinations[0].subscriptions.map((s: any) => s.id)).toContain('big-spenders')

  for (const instance of [first, second, third]) instance.child.kill('SIGTERM')
  for (const instance of [first, second, third]) expect((await instance.exited).code).toBe(0)
})

it('a restart keeps what was saved while the file stays the same; a changed file (a deploy) wins', async () => {
  const databaseUrl = await pg.createDatabase()
  const folder = mkdtempSync(join(tmpdir(), 'gateway-shared-'))
  const file = join(folder, 'gateway.json')
  const withSubscriptions = (...ids: string[]) => ({
    destinations: [
      {
        id: 'pinterest',
        subscriptions: ids.map((id) => ({
          id,
          name: id,
          trigger: `type = "track" and event = "${id}"`,
          preset: 'Checkout'
        }))
      }
    ]
  })
  const ids = async (base: string) =>
    (await request(base, '/gateway/destinations/pinterest/subscriptions')).body.subscriptions.map((s: any) => s.id)
  const restart = async (instance: Awaited<ReturnType<typeof start>>) => {
    instance.child.kill('SIGTERM')
    expect((await instance.exited).code).toBe(0)
    return start(databaseUrl, { CONFIG: file })
  }

  writeFileSync(file, JSON.stringify(withSubscriptions('from-file')))
  let instance = await start(databaseUrl, { CONFIG: file })
  const saved = { id: 'from-page', name: 'From the page', trigger: 'type = "track"', preset: 'Checkout' }
  expect((await request(instance.base, '/gateway/destinations/pinterest/subscriptions', saved)).status).toBe(201)

  instance = await restart(instance)
  expect(await ids(instance.base)).toEqual(['from-file', 'from-page'])

  writeFileSync(file, JSON.stringify(withSubscriptions('deployed')))
  instance = await restart(instance)
  expect(await ids(instance.base)).toEqual(['deployed'])

  instance.child.kill('SIGTERM')
  expect((await instance.exited).code).toBe(0)
  rmSync(folder, { recursive: true, force: true })
})

it('routes an event with the configuration in force when it was received: no 200-then-unrouted in the seconds after a save on another instance', async () => {
  const databaseUrl = await pg.createDatabase()
  const [first, second] = await Promise.all([start(databaseUrl), start(databaseUrl)])
  const subscriptions = '/gateway/destinations/pinterest/subscriptions'
  const sent: string[] = []
  for (let i = 0; i < 3; i++) {
    const name = `Window Order ${i}`
    const subscription = { id: `window-${i}`, name, trigger: `event = "${name}"`, preset: 'Checkout' }
    expect((await request(first.base, subscriptions, subscription)).status).toBe(201)
    // At once, on the other instance: well inside its 2-second poll.
    const event = orderCompleted({ event: name })
    sent.push(String(event.messageId))
    expect((await request(second.base, '/v1/track', event, { writeKey: 'pg-write-key' })).status).toBe(200)
  }
  const after = await until(
    () => status(second.base),
    (s) => s.delivered === 3,
    20_000
  )
  expect(after).toMatchObject({ accepted: 3, unrouted: 0, dead_lettered: 0 })
  for (const id of sent) {
    const story = await request(first.base, `/gateway/events/${id}`)
    expect(story.body.events).toEqual([expect.objectContaining({ state: 'delivered', destination: 'pinterest' })])
  }
  for (const instance of [first, second]) instance.child.kill('SIGTERM')
  for (const instance of [first, second]) expect((await instance.exited).code).toBe(0)
})

it('keeps a call no store can hold with its sender: the requests committed with it are stored, the call itself a dead letter', async () => {
  const databaseUrl = await pg.createDatabase()
  const instance = await start(databaseUrl)
  const send = (body: unknown) => request(instance.base, '/v1/batch', body, { writeKey: 'pg-write-key' })
  const innocent = Array.from({ length: 10 }, () => Array.from({ length: 4 }, () => orderCompleted()))
  const replies = await Promise.all([
    ...innocent.map((batch) => send({ batch })),
    send({ batch: [orderCompleted(), { ...orderCompleted(), messageId: 'nul\u0000here' }] }),
    send({ batch: [{ ...orderCompleted(), messageId: 'half \ud83d' }] })
  ])
  expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200))
  const after = await until(
    () => status(instance.base),
    (s) => s.queued === 0 && s.delivered === 41,
    20_000
  )
  expect(after).toMatchObject({ accepted: 43, dead_lettered: 2 })
  instance.child.kill('SIGTERM')
  expect((await instance.exited).code).toBe(0)
})
