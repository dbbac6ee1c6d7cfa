/**
 * `GET /gateway/events/:messageId`: an event's story, for each subscription that took the call
 * (or none, when none did), from the event log's records and the queue as it is now. An event in
 * the queue is queued whatever its records say (a dead letter sent again is queued again).
 */
import type { QueuedEvent, StoryRecord, StoryState, StoryWarning } from '../queue'

export interface EventStory {
  messageId: string
  events: SubscriptionStory[]
}

export interface SubscriptionStory {
  /** null for a call no subscription took. */
  destination: string | null
  subscription: string | null
  state: StoryState
  received_at: string
  updated_at: string
  attempts: number
  /** Being delivered right now (queued, leased to a worker). */
  in_flight?: boolean
  /** When a queued event is next tried. */
  next_attempt_at?: string
  warnings: StoryWarning[]
  /** Why it was dead-lettered (or, while queued, why the last attempt failed). */
  refusal: { reason: string; message: string; status?: number; fields?: string[] } | null
  /** Pinterest's answer for the event: its status, and its error and warning messages. */
  pinterest: StoryRecord['pinterest'] | null
  /** Times the same messageId was received again and not stored (Segment's clients retry whole batches). */
  duplicates: number
  history: Array<{ at: string; state: StoryState; attempts: number; status?: number; reason?: string }>
}

export function storyOf(
  messageId: string,
  records: readonly StoryRecord[],
  queued: readonly QueuedEvent[]
): EventStory {
  const groups = new Map<string, { records: StoryRecord[]; queued?: QueuedEvent }>()
  const groupOf = (destination: string, subscription: string) => {
    const key = JSON.stringify([destination, subscription])
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { records: [] }))
    return group
  }
  for (const record of records) groupOf(record.destination, record.subscription).records.push(record)
  for (const event of queued) groupOf(event.destination, event.subscription).queued = event
  return { messageId, events: [...groups.values()].map(({ records, queued }) => subscriptionStory(records, queued)) }
}

function subscriptionStory(records: StoryRecord[], queued: QueuedEvent | undefined): SubscriptionStory {
  const outcomes = records.filter((r) => r.state !== 'duplicate')
  const last = outcomes[outcomes.length - 1]
  const first = records[0] as StoryRecord | undefined
  const destination = queued?.destination ?? first?.destination ?? ''
  const subscription = queued?.subscription ?? first?.subscription ?? ''
  const receivedAt = queued?.acceptedAt ?? last?.receivedAt ?? first?.receivedAt ?? 0
  const updatedAt = Math.max(...records.map((r) => r.at), queued?.acceptedAt ?? 0)
  const state: StoryState = queued ? 'queued' : last?.state ?? 'duplicate'
  return {
    destination: destination === '' ? null : destination,
    subscription: subscription === '' ? null : subscription,
    state,
    received_at: iso(receivedAt),
    updated_at: iso(updatedAt),
    attempts: queued?.attempts ?? last?.attempts ?? 0,
    ...(queued && { in_flight: queued.leased, next_attempt_at: iso(queued.availableAt) }),
    warnings: last?.warnings ?? [],
    refusal: last?.refusal ? { ...last.refusal, ...(last.status !== undefined && { status: last.status }) } : null,
    pinterest: last?.pinterest ?? null,
    duplicates: records.length - outcomes.length,
    history: records.map((r) => ({
      at: iso(r.at),
      state: r.state,
      attempts: r.attempts,
      ...(r.status !== undefined && { status: r.status }),
      ...(r.refusal && { reason: r.refusal.reason })
    }))
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
