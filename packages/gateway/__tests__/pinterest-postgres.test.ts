/**
 * Two `npm start` processes on one PostgreSQL store share the Pinterest connection: signed in
 * and an account picked on one, the other sends for that account with the minted token within
 * seconds, and both show the same status.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { SANDBOX_AD_ACCOUNTS } from 'pinterest-conversions-tools'
import type { PostgresServer } from '../src/queue/__tests__/support/postgres'
import { startPostgres } from '../src/queue/__tests__/support/postgres'
import { connectAccount } from './connect-support'
import {
  baseUrlOf,
  get,
  orderCompleted,
  request,
  sandboxRequests,
  spawnMain,
  startExternalSandbox,
  until
} from './gateway-support'

jest.setTimeout(90_000)

const EU = SANDBOX_AD_ACCOUNTS[1].id
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
    WRITE_KEY: 'pg-write-key'
  })
  children.push(child)
  return baseUrlOf(child)
}

it('shares the connection: picked on one instance, the other sends for that account with the minted token', async () => {
  const databaseUrl = await pg.createDatabase()
  const [one, two] = await Promise.all([start(databaseUrl), start(databaseUrl)])
  await connectAccount(one, EU)
  const status = await until(
    async () => (await get(two, '/connect/pinterest/status')).body,
    (body) => body.ad_account_id === EU
  )
  expect(status).toMatchObject({ connected: true, sending: true })
  const event = orderCompleted()
  expect((await request(two, '/v1/batch', { batch: [event] }, { writeKey: 'pg-write-key' })).status).toBe(200)
  const received = await until(
    () => sandboxRequests(sandbox.base),
    (body) =>
      body.requests.some(
        (r: { body: { data?: Array<{ event_id: string }> } }) => r.body.data?.[0]?.event_id === event.messageId
      )
  )
  const request_ = received.requests.find(
    (r: { body: { data?: Array<{ event_id: string }> } }) => r.body.data?.[0]?.event_id === event.messageId
  )
  expect(request_).toMatchObject({ ad_account_id: EU, token_kind: 'conversion' })
})
