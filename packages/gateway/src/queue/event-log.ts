/**
 * The event log: every event's story, by messageId. One row per thing that happened to an event
 * at one subscription (taken and queued, an attempt to be tried again, delivered, dead-lettered,
 * unrouted, received again as a duplicate), kept in the store beside the queue for the
 * retention asked (EVENT_LOG_RETENTION) and at most `maxRows` rows, oldest dropped first.
 *
 * It holds ids, states, times, statuses, field names and reasons: never a value of an event.
 * Rows are only appended (an event's story is its history), so writing one is cheap; an event
 * waiting in the queue has no row yet, and its story reads the queue itself (Queue.find).
 */
import { mkdirSync } from 'fs'

/** `skipped`: a subscription took the call and did not store it, the consent it needs lacking. */
export type StoryState = 'queued' | 'delivered' | 'dead_lettered' | 'unrouted' | 'duplicate' | 'skipped'

/** A value left out of an event or replaced, and why (never the value). */
export interface StoryWarning {
  field: string
  reason: string
}

/** One thing that happened to an event at one subscription. */
export interface StoryRecord {
  messageId: string
  /** Empty for a call no subscription took (unrouted). */
  destination: string
  subscription: string
  state: StoryState
  /** When it happened (unix ms). */
  at: number
  /** When the gateway took the call (unix ms). */
  receivedAt: number
  /** Deliveries tried so far, this one included. */
  attempts: number
  /** The HTTP status of the outcome: Pinterest's, or the one an invalid call would have been answered. */
  status?: number
  warnings?: StoryWarning[]
  /** Why it was dead-lettered or put back: the kind (invalid, rejected, ...), the words, the fields. */
  refusal?: { reason: string; message: string; fields?: string[] }
  /** Pinterest's own answer for the event: the HTTP status, its per-event status and messages. */
  pinterest?: { http_status?: number; status?: string; error_message?: string; warning_message?: string }
}

export interface EventLogTotals {
  /** Calls no subscription took, since the store was created. */
  unrouted: number
  /** Events delivered with at least one value left out. */
  warned: number
  /** Events a subscription took and did not store for lack of the consent it needs. */
  consentSkipped: number
}

/** What happened at one subscription since a time. */
export interface SubscriptionActivity {
  destination: string
  subscription: string
  delivered: number
  /** Of the delivered, those with at least one value left out. */
  warned: number
  deadLettered: number
  /** Attempts that failed and were put back in the queue to be tried again. */
  retried: number
  /** Events not stored for it: they lacked a consent category it needs. */
  consentSkipped: number
}

/** A field left out, or a kind of refusal, and how many times, at one destination. */
export interface Frequency {
  destination: string
  /** The field (`user_data.ph`) or the kind of refusal (`rejected`, `invalid`, ...). */
  name: string
  count: number
}

/** Delivery since a time, read from the records: per subscription, and what went wrong most. */
export interface DeliverySummary {
  subscriptions: SubscriptionActivity[]
  /** Fields most often left out of delivered or dead-lettered events, the most frequent first. */
  leftOut: Frequency[]
  /** The kinds of refusal that dead-lettered events most often, the most frequent first. */
  refusals: Frequency[]
}

export interface EventLog {
  /** Appends records, and counts the unrouted and warned among them, in one transaction. */
  record(records: readonly StoryRecord[]): Promise<void>
  /** Every record of a messageId, oldest first. */
  story(messageId: string): Promise<StoryRecord[]>
  totals(): Promise<EventLogTotals>
  /** Delivery since `since` (unix ms), with at most `top` of the most frequent fields left out and refusals. */
  summary(since: number, top: number): Promise<DeliverySummary>
  /** Deletes what the retention and the row limit no longer keep (run every minute by itself). */
  prune(): Promise<void>
  close(): Promise<void>
}

export interface EventLogOptions {
  databaseUrl?: string
  dataDir?: string
  /** How long a record is kept (ms). */
  retentionMs: number
  /** The most records kept, the oldest dropped first: the log's size is bounded whatever the traffic. */
  maxRows?: number
  clock?: () => number
}

export const DEFAULT_EVENT_LOG_RETENTION_MS = 7 * 24 * 60 * 60 * 1000
/** About 200 bytes a row with its index: some 200 MB at most. */
export const DEFAULT_EVENT_LOG_MAX_ROWS = 1_000_000
/** How often expired records are deleted, and how many per statement (short transactions). */
export const PRUNE_INTERVAL_MS = 60_000
export const PRUNE_BATCH = 5000
/** A record's words are cut here, and its warnings after this many: each row stays small. */
const MAX_TEXT = 300
const MAX_WARNINGS = 20

/** The store the queue uses: PostgreSQL when given a URL, else SQLite in `dataDir` (its own file). */
export async function openEventLog(options: EventLogOptions): Promise<EventLog> {
  const settings = {
    retentionMs: options.retentionMs,
    maxRows: options.maxRows ?? DEFAULT_EVENT_LOG_MAX_ROWS,
    clock: options.clock ?? Date.now
  }
  if (options.databaseUrl) {
    const { openPostgresEventLog } = await import('./event-log-postgres')
    return openPostgresEventLog(options.databaseUrl, settings)
  }
  if (!options.dataDir) throw new Error('The event log needs a DATABASE_URL (PostgreSQL) or a DATA_DIR (SQLite)')
  mkdirSync(options.dataDir, { recursive: true })
  const { openSqliteEventLog } = await import('./event-log-sqlite')
  return openSqliteEventLog(options.dataDir, settings)
}

export interface EventLogSettings {
  retentionMs: number
  maxRows: number
  clock: () => number
}

/** What a row holds besides its keys, as JSON: bounded, whatever the answer it came from. */
export function detailsOf(record: StoryRecord): string | null {
  const details: Record<string, unknown> = {}
  if (record.warnings?.length) details.warnings = record.warnings.slice(0, MAX_WARNINGS).map(bounded)
  if (record.refusal) {
    details.refusal = {
      reason: cut(record.refusal.reason),
      message: cut(record.refusal.message),
      ...(record.refusal.fields && { fields: record.refusal.fields.slice(0, MAX_WARNINGS).map(cut) })
    }
  }
  if (record.pinterest) {
    details.pinterest = Object.fromEntries(
      Object.entries(record.pinterest).map(([key, value]) => [key, typeof value === 'string' ? cut(value) : value])
    )
  }
  return Object.keys(details).length > 0 ? JSON.stringify(details) : null
}

/** A stored row back as a record. */
export function recordOf(row: {
  message_id: string
  destination: string
  subscription: string
  state: string
  at: number | string
  received_at: number | string
  attempts: number
  status: number | null
  details: string | null
}): StoryRecord {
  const details = row.details ? (JSON.parse(row.details) as Partial<StoryRecord>) : {}
  return {
    messageId: row.message_id,
    destination: row.destination,
    subscription: row.subscription,
    state: row.state as StoryState,
    at: Number(row.at),
    receivedAt: Number(row.received_at),
    attempts: row.attempts,
    ...(row.status !== null && { status: row.status }),
    ...details
  }
}

/** The unrouted and warned among records: what totals() adds up. */
export function countsOf(records: readonly StoryRecord[]): EventLogTotals {
  let unrouted = 0
  let warned = 0
  let consentSkipped = 0
  for (const r of records) {
    if (r.state === 'unrouted') unrouted++
    else if (r.state === 'delivered' && r.warnings?.length) warned++
    else if (r.state === 'skipped') consentSkipped++
  }
  return { unrouted, warned, consentSkipped }
}

/** Rows of (destination, subscription, state, count, warned) as the summary's subscriptions. */
export function activityOf(
  rows: ReadonlyArray<{
    destination: string
    subscription: string
    state: string
    n: number | string
    warned: number | string
  }>
): SubscriptionActivity[] {
  const activity = new Map<string, SubscriptionActivity>()
  for (const row of rows) {
    const key = JSON.stringify([row.destination, row.subscription])
    let entry = activity.get(key)
    if (!entry) {
      entry = {
        destination: row.destination,
        subscription: row.subscription,
        delivered: 0,
        warned: 0,
        deadLettered: 0,
        retried: 0,
        consentSkipped: 0
      }
      activity.set(key, entry)
    }
    const n = Number(row.n)
    if (row.state === 'delivered') {
      entry.delivered += n
      entry.warned += Number(row.warned)
    } else if (row.state === 'dead_lettered') entry.deadLettered += n
    else if (row.state === 'queued') entry.retried += n
    else if (row.state === 'skipped') entry.consentSkipped += n
  }
  return [...activity.values()]
}

/** States the summary counts: unrouted and duplicate rows belong to no subscription's delivery. */
export const SUMMARY_STATES = "('delivered', 'dead_lettered', 'queued', 'skipped')"

function bounded(warning: StoryWarning): StoryWarning {
  return { field: cut(warning.field), reason: cut(warning.reason) }
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text
}
