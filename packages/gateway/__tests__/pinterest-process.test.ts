/**
 * Connect Pinterest, its quality score and deletion requests against `npm start`'s own process
 * and its embedded sandbox, with the command line as a second process: sign in, mint, pick an
 * account, deliver with the minted token, Pinterest's grade beside ours, a deletion request
 * filed (the queued events of that email purged), shown, cancelled, another completed, and the
 * tokens refreshed once Pinterest's clock has moved on.
 */
import { SANDBOX_AD_ACCOUNTS } from 'pinterest-conversions-tools'
import { connectAccount } from './connect-support'
import { basic, get, orderCompleted, request, startMainProcess, status, until } from './gateway-support'
import { runCli, TEST_ADMIN_TOKEN } from './helpers'

jest.setTimeout(120_000)

const WRITE_KEY = 'pinterest-process-key'
const EU = SANDBOX_AD_ACCOUNTS[1].id
const DAY_SECONDS = 24 * 60 * 60

let gateway: Awaited<ReturnType<typeof startMainProcess>>
let url: string

beforeAll(async () => {
  // Retries a minute apart: an event Pinterest fails stays queued through the test.
  gateway = await startMainProcess({ WRITE_KEY, RETRY_BASE_MS: '60000' })
  url = gateway.url
})
afterAll(() => gateway.stop())

const send = (events: object[]) =>
  request(url, '/v1/batch', { batch: events }, { headers: { authorization: basic(WRITE_KEY) } })
/** The command line with the admin token an operator exports. */
const cli = (args: string[]) => runCli(args, { env: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } })
const sandboxRequests = async () => (await get(url, '/sandbox/requests')).body

it('connects, picks an account and delivers with the minted conversion token', async () => {
  const status = await connectAccount(url, EU)
  expect(status).toMatchObject({ connected: true, ad_account_id: EU, sending: true, refresh_token_days_left: 59 })
  await request(url, '/sandbox/requests', undefined, { method: 'DELETE' })
  expect((await send([orderCompleted(), orderCompleted()])).status).toBe(200)
  const received = await until(sandboxRequests, (body) => body.totals.events === 2)
  expect(received.requests[0]).toMatchObject({ ad_account_id: EU, token_kind: 'conversion', response: { status: 200 } })
  expect(JSON.stringify(await get(url, '/connect/pinterest/status'))).not.toMatch(/pin[acr]_sandbox_/)
})

it("prints Pinterest's grade beside the gateway's prediction (the health command)", async () => {
  const run = await cli(['health', '--url', url, '--lookback', '1d'])
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`ad account ${EU}, last 1 day`)
  expect(run.stdout).toMatch(/WEB: Pinterest's overall status (GOOD|FAIR|NEEDS_IMPROVEMENT)/)
  expect(run.stdout).toMatch(/WEB\s+checkout\s+hashed_email\s+100\.0%\s+100\.0%\s+0\.0/)
  const json = await cli(['health', '--url', url, '--json'])
  const answers = json.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  expect(answers.map((a: { lookback_period: string }) => a.lookback_period)).toEqual(['1d', '14d'])
  expect(answers[0].ours[0].events).toEqual({ checkout: 2 })
})

it('files a deletion request that purges the queued events of that email, shows it, and cancels it', async () => {
  // Pinterest fails every request for a while: the events wait in the queue for their retry.
  await request(url, '/sandbox/faults', { status: 503, count: 1000 })
  const before = (await status(url)).queued
  await send([
    orderCompleted({ properties: { email: 'Gone.Person@Example.com', order_id: 'o-gone', total: 5, currency: 'USD' } }),
    orderCompleted({ properties: { email: 'stays@example.com', order_id: 'o-stays', total: 5, currency: 'USD' } })
  ])
  await until(
    () => status(url),
    (now) => now.queued === before + 2
  )
  const filed = await cli(['deletions', 'file', '--url', url, '--email', 'gone.person@example.com'])
  expect(filed.code).toBe(0)
  expect(filed.stdout).toMatch(
    /^\d+ {2}PENDING {2}ad account \d+ {2}1 email\(s\), 0 EPIK\(s\) {2}purged here: 1 queued, 0 dead-lettered/
  )
  expect(filed.stdout).not.toMatch(/gone/i)
  expect((await status(url)).queued).toBe(before + 1)
  const id = filed.stdout.split(' ')[0]

  expect((await cli(['deletions', 'show', id, '--url', url])).stdout).toContain(`${id}  PENDING`)
  expect((await cli(['deletions', 'cancel', id, '--url', url])).stdout).toContain(`${id}  CANCELLED`)
  await request(url, '/sandbox/requests', undefined, { method: 'DELETE' })
})

it('follows another request to its end once Pinterest has processed it', async () => {
  const filed = await request(url, '/gateway/deletions', { emails: ['stays@example.com'] })
  expect(filed.body).toMatchObject({ state: 'PENDING', purged: { queued: 1 } })
  await request(url, '/sandbox/clock', { advance_seconds: 4 * DAY_SECONDS })
  expect((await get(url, `/gateway/deletions/${filed.body.id}`)).body).toMatchObject({ state: 'COMPLETED' })
  const listed = await cli(['deletions', 'list', '--url', url])
  expect(
    listed.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('  ')[1])
  ).toEqual(['COMPLETED', 'CANCELLED'])
})

it('refreshes the tokens when Pinterest says the access token ended', async () => {
  const before = (await get(url, '/connect/pinterest/status')).body.refresh_token_expires_at
  await request(url, '/sandbox/clock', { advance_seconds: 30 * DAY_SECONDS })
  expect((await get(url, '/health/pinterest?lookback_period=14d')).status).toBe(200)
  const after = (await get(url, '/connect/pinterest/status')).body.refresh_token_expires_at
  expect(Date.parse(String(after)) - Date.parse(String(before))).toBeGreaterThan(30 * DAY_SECONDS * 1000)
})
