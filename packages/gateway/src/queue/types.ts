/**
 * The gateway's durable queue: every event the gateway answered 200 for lives here until it is
 * delivered to Pinterest or dead-lettered with its reason. Two stores keep this one contract:
 * SQLite (embedded, one gateway process) and PostgreSQL (any number of gateway processes).
 * The worker knows nothing of which one it talks to.
 *
 * Times are unix milliseconds, given by the caller (the worker's clock), so tests drive them.
 */
import type { RequestBudget } from './request-budget'

/** One accepted event, routed to one subscription of one destination. */
export interface NewEvent {
  /** The destination (configuration key) the event goes to. */
  destination: string
  /** The subscription (configuration key) that took it: its mapping is looked up at delivery time. */
  subscription: string
  /** Segment's messageId: the client's idempotency key (absent when the event has none). */
  messageId?: string
  /** The Segment event as received (JSON); stored as text, handed back parsed. */
  event: Record<string, unknown>
  /** `event` already serialized, when the caller has it (ingestion serializes each call once). */
  json?: string
  /** Set for a call refused at ingestion: stored straight among the dead letters, with why. */
  refusal?: Refusal
}

/** Why a call was refused at ingestion (kept as a dead letter of INGEST_DESTINATION). */
export interface Refusal {
  reason: string
  status: number
  fields: readonly string[]
}

/**
 * The destination of dead letters refused at ingestion, their subscription being the source's
 * name. Not a destination id a configuration can hold, and never sent again by a requeue: the
 * call itself is wrong, and only its sender can correct it.
 */
export const INGEST_DESTINATION = '(ingest)'

/** One queued event handed to a worker, leased to it until `leaseUntil`. */
export interface ClaimedEvent {
  id: string
  destination: string
  subscription: string
  event: Record<string, unknown>
  /** Deliveries tried so far, this claim not counted. */
  attempts: number
  /** When the gateway accepted it (unix ms): the 7-day window and the queue's age count from it. */
  acceptedAt: number
}

/** What became of one claimed event. */
export type Settlement =
  | { id: string; outcome: 'delivered' }
  /** Back to the queue, due again at `retryAt`; `reason` is kept as the last error. */
  | { id: string; outcome: 'retry'; retryAt: number; reason: string; status?: number }
  /** Final: kept as a dead letter with why, for an operator to read and send again. */
  | { id: string; outcome: 'dead'; reason: string; status?: number; fields?: readonly string[] }

export interface DeadLetter {
  id: string
  destination: string
  subscription: string
  /** Segment's messageId, when the event had one: what to find it by. */
  messageId?: string
  event: Record<string, unknown>
  attempts: number
  acceptedAt: number
  deadAt: number
  reason: string
  status?: number
  fields?: string[]
}

export interface DeadLetterQuery {
  destination?: string
  /** Page size; the newest first. */
  limit: number
  /** Only dead letters older than this id (paging). */
  before?: string
}

/**
 * Which dead letters to send again: these ids, or every one (of a destination, of a reason).
 * `reason` is a dead letter's whole reason, or its kind: the words before its first colon
 * (`rejected` takes `rejected: …`).
 */
export type RequeueSelection = { ids: readonly string[] } | { all: true; destination?: string; reason?: string }

/** Which dead letters to delete: as for a requeue, or (retention) up to `limit` of those dead before `deadBefore`. */
export type PurgeSelection = RequeueSelection | { deadBefore: number; limit: number }

export interface QueueStats {
  /** Events waiting or leased (not delivered, not dead). */
  queued: number
  /** Of those, leased to a worker right now. */
  inFlight: number
  deadLettered: number
  /** Age (ms) of the oldest queued event, by accept time; 0 when none. */
  oldestQueuedAgeMs: number
  /** Totals since the store was created: they survive restarts. */
  totals: { accepted: number; duplicates: number; delivered: number; deadLettered: number }
}

/** An event in the queue, as its story tells it. */
export interface QueuedEvent {
  destination: string
  subscription: string
  attempts: number
  acceptedAt: number
  /** When it is next due (unix ms). */
  availableAt: number
  /** Leased to a worker: being delivered now. */
  leased: boolean
}

/** Per destination: how many events are due now, and since when the oldest of them has been. */
export interface DueSummary {
  destination: string
  due: number
  /** The earliest availability time among the due events (unix ms). */
  oldestDueAt: number
}

/** The configuration as a shared store holds it: every instance on that store routes with it. */
export interface StoredConfig {
  /** Grows by one at every save. */
  version: number
  /** The configuration as JSON text. */
  text: string
  /** What it was last seeded from (a digest of a file, or of the built-in configuration). */
  seed: string
}

export interface SharedConfigStore {
  read(): Promise<StoredConfig | undefined>
  /**
   * Saves `text` as the next version when the stored one is still `expected` (0: none yet), and
   * answers the new version; answers undefined when another instance saved first.
   */
  write(text: string, seed: string, expected: number): Promise<number | undefined>
  /** The stored version alone (0: none), cheap enough to ask every few seconds. */
  version(): Promise<number>
}

/** One record of a RecordStore: its text, and a version that grows by one at every write. */
export interface StoredRecord {
  version: number
  text: string
}

/**
 * Small records the gateway keeps beside its events, in the same store, so that every instance
 * sharing the store shares them: the Pinterest connection (its tokens sealed), OAuth states,
 * deletion requests, the counts behind the quality prediction. Writes are compare-and-set.
 */
export interface RecordStore {
  read(key: string): Promise<StoredRecord | undefined>
  /** Saves `text` over version `expected` (0: none yet); answers the new version, or undefined when another write came first. */
  write(key: string, text: string, expected: number): Promise<number | undefined>
  /** Deletes the record; answers whether it was there, so that of several takers exactly one wins. */
  remove(key: string): Promise<boolean>
  /** The records whose key starts with `prefix`, by key. */
  list(prefix: string): Promise<Array<StoredRecord & { key: string }>>
}

/** What a purge took out of the store. */
export interface Purged {
  queued: number
  deadLettered: number
}

/** What enqueue did with the events of one call: `repeated` are the indexes of those not stored again. */
export interface EnqueueResult {
  stored: number
  duplicates: number
  repeated?: number[]
}

export interface Queue {
  /**
   * Present when several instances share the store (PostgreSQL): the configuration lives there
   * too, so a save on one instance routes the next event on all of them.
   */
  readonly configStore?: SharedConfigStore
  readonly records: RecordStore
  /**
   * Present when several instances share the store (PostgreSQL): the pace of requests to each
   * ad account is kept there, so that the instances together stay within Pinterest's limit.
   */
  readonly requestBudget?: RequestBudget
  /**
   * Stores events durably: the promise resolves once they are committed (a crash after it
   * loses none of them) and rejects when they could not be (the caller answers 503). Calls
   * arriving while a commit is under way are grouped into the next single transaction.
   *
   * Segment's clients retry whole batches, so an event whose messageId was already stored for
   * the same destination and subscription within the last 24 hours is not stored again (as
   * Segment's own API drops repeats within a day); it counts as a duplicate.
   */
  enqueue(events: readonly NewEvent[]): Promise<EnqueueResult>
  /** Destinations with events due at `now` (available, not leased or lease expired). */
  due(now: number): Promise<DueSummary[]>
  /**
   * Leases up to `limit` due events of one destination, oldest first, to `owner` until
   * `now + leaseMs`. Concurrent claimers (other processes on PostgreSQL) never get the same
   * event while its lease holds; an expired lease makes the event claimable again.
   */
  claim(input: {
    destination: string
    limit: number
    leaseMs: number
    owner: string
    now: number
  }): Promise<ClaimedEvent[]>
  /** Records outcomes of claimed events, all in one transaction. `now` stamps dead letters. */
  settle(settlements: readonly Settlement[], now: number): Promise<void>
  /** Ends `owner`'s leases at once (a graceful shutdown), so another worker need not wait for them to expire. */
  release(owner: string): Promise<void>
  deadLetters(query: DeadLetterQuery): Promise<DeadLetter[]>
  /** Puts dead letters back in the queue, due at `now`, attempts reset; answers how many. */
  requeue(selection: RequeueSelection, now: number): Promise<number>
  /** Deletes dead letters and their raw events; answers how many. */
  purgeDeadLetters(selection: PurgeSelection): Promise<number>
  /**
   * Commits a write nobody reads, as an enqueue would (synced): it fails when events could not
   * be stored now (a full disk, a read-only or unreachable database), for readiness.
   */
  probeWrite(now: number): Promise<void>
  stats(now: number): Promise<QueueStats>
  /**
   * Deletes every queued or dead-lettered event `matches` holds true of (a person's events, for
   * a deletion request), a few hundred at a time. An event leased to a worker meanwhile is
   * deleted too: its settlement then finds nothing to settle.
   */
  purge(matches: (event: Record<string, unknown>) => boolean): Promise<Purged>
  /** Events of one subscription still in the queue (waiting, or leased to a worker). */
  queuedFor(destination: string, subscription: string): Promise<number>
  /**
   * The events of a messageId in the queue now, for its story. Rare (an operator asks), so it
   * reads without an index of its own, in steps that leave the event loop free between them.
   */
  find(messageId: string, now: number): Promise<QueuedEvent[]>
  close(): Promise<void>
}
