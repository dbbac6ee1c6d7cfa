/**
 * What the page's delivery view shows: per subscription of each destination, the events
 * delivered, warned, dead-lettered and retried over the last hour and day (from the event log)
 * and queued now (from the queue); the fields most often left out and the refusals most frequent.
 *
 * The day's records are read once for every page polling it: an answer is reused for a few
 * seconds, and callers arriving while it is computed wait for that one.
 */
import type { DeliverySummary, EventLog, Frequency, Queue, SubscriptionActivity } from '../queue'
import type { Configuration } from './configuration'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS
/** How long one answer serves every page polling: they poll every few seconds. */
export const DELIVERY_REUSE_MS = 2000
/** Fields left out and refusals listed, per window. */
const TOP = 10

export interface WindowCounts {
  delivered: number
  warned: number
  dead_lettered: number
  retried: number
  consent_skipped: number
}

export interface SubscriptionDelivery {
  destination: string
  subscription: string
  /** null for a subscription the configuration no longer has (its records remain). */
  name: string | null
  enabled: boolean
  /** In the queue now: waiting, or being delivered. */
  queued: number
  last_hour: WindowCounts
  last_day: WindowCounts
}

export interface Delivery {
  at: string
  subscriptions: SubscriptionDelivery[]
  left_out: { last_hour: Frequency[]; last_day: Frequency[] }
  refusals: { last_hour: Frequency[]; last_day: Frequency[] }
}

export class DeliveryView {
  private answer?: { at: number; delivery: Promise<Delivery> }

  constructor(
    private readonly options: {
      queue: Queue
      eventLog: EventLog
      configuration: Configuration
      clock: () => number
    }
  ) {}

  delivery(): Promise<Delivery> {
    const now = this.options.clock()
    if (!this.answer || now - this.answer.at >= DELIVERY_REUSE_MS) {
      const delivery = this.compute(now)
      this.answer = { at: now, delivery }
      // A failed read is not kept: the next poll asks the store again.
      delivery.catch(() => {
        if (this.answer?.delivery === delivery) this.answer = undefined
      })
    }
    return this.answer.delivery
  }

  private async compute(now: number): Promise<Delivery> {
    const { eventLog, queue } = this.options
    const [hour, day] = await Promise.all([eventLog.summary(now - HOUR_MS, TOP), eventLog.summary(now - DAY_MS, TOP)])
    const rows = this.subscriptionsOf(hour, day)
    const queued = await Promise.all(rows.map((row) => queue.queuedFor(row.destination, row.subscription)))
    return {
      at: new Date(now).toISOString(),
      subscriptions: rows.map((row, i) => ({
        ...row,
        queued: queued[i],
        last_hour: countsOf(hour, row),
        last_day: countsOf(day, row)
      })),
      left_out: { last_hour: hour.leftOut, last_day: day.leftOut },
      refusals: { last_hour: hour.refusals, last_day: day.refusals }
    }
  }

  /** The configured subscriptions in their order, then those the log still names and the configuration no longer has. */
  private subscriptionsOf(
    ...summaries: DeliverySummary[]
  ): Array<Pick<SubscriptionDelivery, 'destination' | 'subscription' | 'name' | 'enabled'>> {
    const { configuration } = this.options
    const rows = [...configuration.compiled.destinations.keys()].flatMap((destination) =>
      configuration.subscriptions(destination).map((s) => ({
        destination,
        subscription: s.id,
        name: s.name as string | null,
        enabled: s.enabled !== false
      }))
    )
    const known = new Set(rows.map((row) => JSON.stringify([row.destination, row.subscription])))
    for (const { destination, subscription } of summaries.flatMap((s) => s.subscriptions)) {
      const key = JSON.stringify([destination, subscription])
      if (known.has(key)) continue
      known.add(key)
      rows.push({ destination, subscription, name: null, enabled: false })
    }
    return rows
  }
}

function countsOf(summary: DeliverySummary, row: { destination: string; subscription: string }): WindowCounts {
  const found: SubscriptionActivity | undefined = summary.subscriptions.find(
    (s) => s.destination === row.destination && s.subscription === row.subscription
  )
  return {
    delivered: found?.delivered ?? 0,
    warned: found?.warned ?? 0,
    dead_lettered: found?.deadLettered ?? 0,
    retried: found?.retried ?? 0,
    consent_skipped: found?.consentSkipped ?? 0
  }
}
