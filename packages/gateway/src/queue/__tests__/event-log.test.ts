/**
 * The event log on both stores: records kept in order by messageId, the unrouted and warned
 * counted as they are recorded and kept across a reopen, and nothing kept past the retention or
 * the row limit.
 */
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { EventLog, EventLogOptions, StoryRecord } from '../event-log'
import { openEventLog } from '../event-log'
import type { PostgresServer } from './support/postgres'
import { startPostgres } from './support/postgres'

const DAY = 24 * 60 * 60 * 1000
const T0 = 1_700_000_000_000

let pg: PostgresServer
beforeAll(async () => {
  pg = await startPostgres()
}, 30_000)
afterAll(() => pg?.stop())

const record = (messageId: string, at: number, extra: Partial<StoryRecord> = {}): StoryRecord => ({
  messageId,
  destination: 'pinterest',
  subscription: 'checkout',
  state: 'delivered',
  at,
  receivedAt: at,
  attempts: 1,
  ...extra
})

describe.each([
  ['SQLite', async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'event-log-test-')) })],
  ['PostgreSQL', async () => ({ databaseUrl: await pg.createDatabase() })]
])('the event log on %s', (_, store) => {
  let where: Pick<EventLogOptions, 'dataDir' | 'databaseUrl'>
  let now: number
  let log: EventLog
  const open = (maxRows?: number) => openEventLog({ ...where, retentionMs: 7 * DAY, maxRows, clock: () => now })

  beforeEach(async () => {
    where = await store()
    now = T0
  })
  afterEach(async () => {
    await log.close()
    if (where.dataDir) rmSync(where.dataDir, { recursive: true, force: true })
  })

  it('answers the records of a messageId in order, and counts the unrouted, warned and skipped across a reopen', async () => {
    log = await open()
    const warnings = [{ field: 'custom_data.currency', reason: 'is not an ISO 4217 currency code such as USD' }]
    await log.record([
      record('m-1', T0, {
        state: 'queued',
        status: 503,
        refusal: { reason: 'retryable', message: 'Pinterest is unavailable' }
      }),
      record('other', T0, { destination: '', subscription: '', state: 'unrouted', attempts: 0 }),
      record('no-consent', T0, { state: 'skipped', attempts: 0, refusal: { reason: 'consent', message: 'lacks it' } })
    ])
    await log.record([
      record('m-1', T0 + 5, { attempts: 2, status: 200, warnings, pinterest: { status: 'processed' } })
    ])
    expect((await log.story('m-1')).map((r) => [r.state, r.attempts, r.status])).toEqual([
      ['queued', 1, 503],
      ['delivered', 2, 200]
    ])
    expect((await log.story('m-1'))[1]).toMatchObject({ warnings, pinterest: { status: 'processed' } })
    await log.close()
    log = await open()
    expect(await log.totals()).toEqual({ unrouted: 1, warned: 1, consentSkipped: 1 })
    expect(await log.story('nobody')).toEqual([])
  })

  it('keeps nothing past the retention, nor more rows than its limit, the oldest going first', async () => {
    log = await open(5)
    await log.record(Array.from({ length: 4 }, (_, i) => record(`old-${i}`, T0 + i)))
    now = T0 + 8 * DAY
    await log.record(Array.from({ length: 7 }, (_, i) => record(`new-${i}`, now + i)))
    await log.prune()
    for (let i = 0; i < 4; i++) expect(await log.story(`old-${i}`)).toEqual([])
    const kept = await Promise.all(Array.from({ length: 7 }, async (_, i) => (await log.story(`new-${i}`)).length))
    expect(kept).toEqual([0, 0, 1, 1, 1, 1, 1])
  })

  it('sums delivery since a time per subscription, and the fields left out and refusals most frequent first', async () => {
    log = await open()
    const currency = { field: 'custom_data.currency', reason: 'is not an ISO 4217 currency code' }
    const phone = { field: 'user_data.ph', reason: 'is not a phone number' }
    const refused = (reason: string) => ({ reason, message: `${reason}: why` })
    await log.record([
      // Before the window: counted by no summary since T0.
      record('old', T0 - 1, { state: 'dead_lettered', refusal: refused('invalid') }),
      record('a', T0, { warnings: [currency, phone] }),
      record('b', T0 + 1, { warnings: [currency] }),
      record('c', T0 + 2),
      record('d', T0 + 3, { state: 'queued', status: 503, refusal: { reason: 'retryable', message: 'HTTP 503' } }),
      record('d', T0 + 4, { state: 'dead_lettered', warnings: [phone], refusal: refused('rejected') }),
      record('e', T0 + 5, { subscription: 'search', state: 'dead_lettered', refusal: refused('rejected') }),
      record('f', T0 + 6, { subscription: 'search', state: 'dead_lettered', refusal: refused('invalid') }),
      record('g', T0 + 7, { destination: '', subscription: '', state: 'unrouted', attempts: 0 }),
      record('h', T0 + 8, { state: 'duplicate' }),
      // Not stored for lack of consent: counted for its subscription, and among no refusals.
      record('i', T0 + 9, {
        subscription: 'search',
        state: 'skipped',
        attempts: 0,
        refusal: { reason: 'consent', message: 'consent: lacks Advertising' }
      })
    ])
    const summary = await log.summary(T0, 10)
    const bySubscription = Object.fromEntries(
      summary.subscriptions.map((s) => [`${s.destination}/${s.subscription}`, s])
    )
    expect(bySubscription).toEqual({
      'pinterest/checkout': {
        destination: 'pinterest',
        subscription: 'checkout',
        delivered: 3,
        warned: 2,
        deadLettered: 1,
        retried: 1,
        consentSkipped: 0
      },
      'pinterest/search': {
        destination: 'pinterest',
        subscription: 'search',
        delivered: 0,
        warned: 0,
        deadLettered: 2,
        retried: 0,
        consentSkipped: 1
      }
    })
    expect(summary.leftOut).toEqual([
      { destination: 'pinterest', name: 'custom_data.currency', count: 2 },
      { destination: 'pinterest', name: 'user_data.ph', count: 2 }
    ])
    expect(summary.refusals).toEqual([
      { destination: 'pinterest', name: 'rejected', count: 2 },
      { destination: 'pinterest', name: 'invalid', count: 1 }
    ])
    expect((await log.summary(T0, 1)).refusals).toHaveLength(1)
    expect(await log.summary(T0 + 100, 10)).toEqual({ subscriptions: [], leftOut: [], refusals: [] })
  })
})
