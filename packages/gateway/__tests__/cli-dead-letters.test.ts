/**
 * `dead-letters list|requeue|purge` as an operator runs them: both processes real, `npm start`'s
 * gateway and the command line, talking over 127.0.0.1, the command line with the admin token
 * npm start generated in its DATA_DIR.
 */
import { spawnSync } from 'child_process'
import type { MainProcess } from './gateway-support'
import { startMainProcess, status, until } from './gateway-support'
import type { Run } from './helpers'
import { BIN, runCli as run } from './helpers'

jest.setTimeout(60_000)

const WRITE_KEY = 'cli-test-key'

let gateway: MainProcess
let url: string

beforeAll(async () => {
  gateway = await startMainProcess({ WRITE_KEY, ADMIN_TOKEN: undefined })
  url = gateway.url
})

/** The CLI run where the gateway runs: it finds the admin token in DATA_DIR. */
const runCli = (args: string[]): Promise<Run> => run(args, { env: { DATA_DIR: gateway.dataDir } })

const unmatchable = (messageId: string) => ({
  anonymousId: 'a-1',
  messageId,
  event: 'Order Completed',
  properties: { order_id: 'o-secret-17', total: 10, currency: 'USD' }
})

const track = (body: unknown) =>
  fetch(`${url}/v1/track`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
    },
    body: JSON.stringify(body)
  })

afterAll(() => gateway.stop())

it('lists what the gateway gave up on, with the reason and fields but no personal data, and sends it again', async () => {
  // Pinterest cannot match an event without an identifier: the destination refuses it, naming user_data.
  const answer = await track(unmatchable('unmatchable-1'))
  expect(answer.status).toBe(200)
  await until(
    () => status(url),
    (now) => now.dead_lettered === 1
  )

  const listed = await runCli(['dead-letters', 'list', '--url', url])
  expect(listed.code).toBe(0)
  const line = listed.stdout.trim()
  expect(line).toMatch(/^\S+ {2}pinterest\/checkout {2}unmatchable-1 {2}400 {2}\S+ {2}invalid: /)
  expect(line).toContain('[user_data')
  expect(line).not.toContain('o-secret-17')

  const json = await runCli(['dead-letters', 'list', '--url', url, '--json'])
  const letter = JSON.parse(json.stdout.trim().split('\n')[0]) as { id: string; event?: unknown }
  expect(letter).toMatchObject({
    destination: 'pinterest',
    subscription: 'checkout',
    messageId: 'unmatchable-1',
    status: 400
  })
  expect(letter.event).toBeUndefined()

  const requeued = await runCli(['dead-letters', 'requeue', letter.id, '--url', url])
  expect(requeued).toMatchObject({ code: 0 })
  expect(requeued.stderr).toContain('Requeued 1 event')
  // Sent again, refused again for the same reason: it is back among the dead letters, once.
  await until(
    () => status(url),
    (now) => now.queued === 0
  )
  expect((await status(url)).dead_lettered).toBe(1)
})

it('purges dead letters for good, by id or all of them, and says how many', async () => {
  const before = (await status(url)).dead_lettered
  for (const id of ['unmatchable-2', 'unmatchable-3']) expect((await track(unmatchable(id))).status).toBe(200)
  await until(
    () => status(url),
    (now) => now.dead_lettered === before + 2
  )
  const newest = JSON.parse((await runCli(['dead-letters', 'list', '--url', url, '--json'])).stdout.split('\n')[0])
  const one = await runCli(['dead-letters', 'purge', newest.id, '--url', url])
  expect(one).toMatchObject({ code: 0 })
  expect(one.stderr).toContain('Deleted 1 dead letter,')
  expect((await status(url)).dead_lettered).toBe(before + 1)
  const listed = await runCli(['dead-letters', 'list', '--url', url, '--json'])
  const ids = listed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).id)
  expect(ids).not.toContain(newest.id)

  // Of a reason: its kind, or the whole reason; no other.
  expect((await runCli(['dead-letters', 'purge', '--all', '--reason', 'rejected', '--url', url])).stderr).toContain(
    'Deleted 0 dead letters'
  )
  expect((await runCli(['dead-letters', 'requeue', '--all', '--reason', 'rejected', '--url', url])).stderr).toContain(
    'Requeued 0 events'
  )
  const all = await runCli(['dead-letters', 'purge', '--all', '--reason', 'invalid', '--url', url])
  expect(all.stderr).toContain(`Deleted ${before + 1} dead letters`)
  expect((await status(url)).dead_lettered).toBe(0)
  expect((await runCli(['dead-letters', 'list', '--url', url])).stderr).toContain('No dead letters.')
})

it('refuses a requeue that names nothing, and says when the gateway cannot be reached', async () => {
  const nothing = await runCli(['dead-letters', 'requeue', '--url', url])
  expect(nothing.code).toBe(2)
  expect(nothing.stderr).toContain('give dead-letter ids, or --all')
  expect((await runCli(['dead-letters', 'purge', '--url', url])).code).toBe(2)

  // Elsewhere than the gateway's machine, without ADMIN_TOKEN: the gateway says what it needs.
  const elsewhere = await run(['dead-letters', 'list', '--url', url], { env: { DATA_DIR: '/nonexistent' } })
  expect(elsewhere.code).toBe(1)
  expect(elsewhere.stderr).toContain('The gateway answered 401')
  expect(elsewhere.stderr).toContain('ADMIN_TOKEN')

  const away = await runCli(['dead-letters', 'list', '--url', 'http://127.0.0.1:9'])
  expect(away.code).toBe(1)
  expect(away.stderr).toContain('Cannot reach the gateway at http://127.0.0.1:9')
})

it('ends quietly when the reader of its output goes away (`dead-letters list | head -1`)', async () => {
  // A thousand calls without a user: kept as dead letters at once, more lines than a pipe holds.
  const batch = Array.from({ length: 1000 }, (_, i) => ({
    type: 'track',
    event: 'Order Completed',
    messageId: `nobody-${i}`
  }))
  const answer = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
    },
    body: JSON.stringify({ batch })
  })
  expect(answer.status).toBe(200)
  const run = spawnSync(
    'bash',
    ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" dead-letters list --limit 1000 --url ${url} | head -1`],
    // Where the gateway runs: the command finds the admin token in its DATA_DIR.
    { encoding: 'utf8', env: { ...process.env, DATA_DIR: gateway.dataDir } }
  )
  expect(run.stdout.trim().split('\n')).toHaveLength(1)
  expect(run.stderr).not.toMatch(/EPIPE|Error/)
  expect(run.status).toBe(0)
})
