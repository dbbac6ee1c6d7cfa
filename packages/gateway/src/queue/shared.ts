import { createHash } from 'crypto'
import type { EnqueueResult, NewEvent, QueuedEvent, Refusal } from './types'

/** Segment drops a repeated messageId within a day; so does the queue. */
export const DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000
/** How often expired dedup keys are deleted, and how many per statement (short transactions). */
export const SEEN_PRUNE_INTERVAL_MS = 60 * 1000
export const SEEN_PRUNE_BATCH = 5000

/** An event ready to be written: serialized and keyed before it joins a group commit. */
export interface PreparedEvent {
  destination: string
  subscription: string
  messageId: string | null
  /** The dedup key (hex), or null when the event has no messageId. */
  key: string | null
  json: string
  refusal?: Refusal
}

export type { EnqueueResult }

/**
 * Serializes at the call, not in the commit: an event JSON.stringify rejects (a cycle, a BigInt)
 * then fails its own call only, instead of the whole group it would have joined.
 */
export function prepareEvents(events: readonly NewEvent[]): PreparedEvent[] {
  return events.map((e) => {
    // An empty messageId is no idempotency key: deduplicating on it would drop every event but the first.
    const messageId = typeof e.messageId === 'string' && e.messageId !== '' ? e.messageId : null
    return {
      destination: e.destination,
      subscription: e.subscription,
      messageId,
      key: messageId === null ? null : seenKey(e.destination, e.subscription, messageId),
      json: e.json ?? JSON.stringify(e.event),
      // Always present (undefined for most): every prepared event has the same shape.
      refusal: e.refusal
    }
  })
}

/**
 * 16 bytes of SHA-256 over the three parts: a fixed-size key keeps the dedup table and its index
 * small whatever the length of the ids, and JSON keeps the parts from running into each other.
 */
export function seenKey(destination: string, subscription: string, messageId: string): string {
  return createHash('sha256')
    .update(JSON.stringify([destination, subscription, messageId]))
    .digest('hex')
    .slice(0, 32)
}

/**
 * Which events of a group are not stored because of an earlier one: `isFresh(key)` says whether
 * the store took the key (new, or last seen more than a day ago); a key repeated within the group
 * counts once.
 */
export function countGroup(
  groups: readonly PreparedEvent[][],
  isFresh: (key: string) => boolean
): { results: EnqueueResult[]; toStore: PreparedEvent[] } {
  const taken = new Set<string>()
  const toStore: PreparedEvent[] = []
  const results = groups.map((events) => {
    const result: EnqueueResult = { stored: 0, duplicates: 0 }
    events.forEach((event, index) => {
      const fresh = event.key === null || (!taken.has(event.key) && isFresh(event.key))
      if (event.key !== null) taken.add(event.key)
      if (fresh) {
        toStore.push(event)
        result.stored++
      } else {
        result.duplicates++
        ;(result.repeated ??= []).push(index)
      }
    })
    return result
  })
  return { results, toStore }
}

/** Of the events to store, how many are refusals (stored as dead letters). */
export function refusedCount(events: readonly PreparedEvent[]): number {
  return events.reduce((n, e) => (e.refusal ? n + 1 : n), 0)
}

export function sum(results: readonly EnqueueResult[]): EnqueueResult {
  return results.reduce((a, r) => ({ stored: a.stored + r.stored, duplicates: a.duplicates + r.duplicates }), {
    stored: 0,
    duplicates: 0
  })
}

/** Ids are decimal strings of positive integers; anything else cannot name a stored event. */
export function isEventId(id: string): boolean {
  return /^[1-9][0-9]{0,17}$/.test(id)
}

/**
 * The dead letters `{all: true, destination?, reason?}` selects, on SQLite (parameters
 * @destination and @reason, from allOf): a reason matches itself, or names the kind before a colon.
 */
export const SQLITE_ALL_OF = `(@destination IS NULL OR destination = @destination)
  AND (@reason IS NULL OR reason = @reason OR substr(reason, 1, length(@reason) + 2) = @reason || ': ')`

/** The same on PostgreSQL, the destination and the reason being the parameters `$d` and `$r`. */
export function postgresAllOf(d: string, r: string): string {
  return `(${d}::text IS NULL OR destination = ${d})
  AND (${r}::text IS NULL OR reason = ${r} OR left(reason, length(${r}) + 2) = ${r} || ': ')`
}

export function allOf(selection: { destination?: string; reason?: string }): {
  destination: string | null
  reason: string | null
} {
  return { destination: selection.destination ?? null, reason: selection.reason ?? null }
}

export function closedError(): Error {
  return new Error('The queue is closed')
}

/** A queued event's row as find() reads it, on either store (PostgreSQL's bigints arrive as text). */
export interface FoundRow {
  destination: string
  subscription: string
  attempts: number
  accepted_at: number | string
  available_at: number | string
  lease_until: number | string | null
}

export function toQueued(row: FoundRow, now: number): QueuedEvent {
  return {
    destination: row.destination,
    subscription: row.subscription,
    attempts: row.attempts,
    acceptedAt: Number(row.accepted_at),
    availableAt: Number(row.available_at),
    leased: row.lease_until !== null && Number(row.lease_until) > now
  }
}
