/**
 * Delivery of one destination's queue: claim up to 1000 due events, send each subscription's
 * share through the destination's own batch path (performBatch, as Segment's runtime calls
 * it), and record every event's outcome in the store. A claim happens when 1000 events have
 * arrived or `flushMs` has passed, whichever is first: Pinterest counts events reaching it
 * more than an hour late as offline, so a second of batching is worth it, minutes are not.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { MAX_EVENTS_PER_REQUEST } from 'pinterest-conversions'
import { failureBodyOf, describeEntry, describeError, isObject } from 'pinterest-conversions-tools'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import type { ClaimedEvent, EventLog, Queue, Settlement, StoryRecord, StoryWarning } from '../queue'
import { stampWarnings } from './calls'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'
import type { BatchRunner } from './batch-runner'
import type { CompiledDestination, CompiledSubscription } from './compiled-config'

/** Pinterest's window: events older than this are refused, so retrying them is pointless. */
export const PINTEREST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000
/** A claim is one request's worth: what the destination sends in one request to Pinterest. */
export const BATCH_SIZE = MAX_EVENTS_PER_REQUEST
const MAX_BACKOFF_MS = 60 * 60 * 1000

export interface WorkerOptions {
  destinationId: string
  queue: Queue
  /** The destination as the configuration holds it now (it can change while running). */
  destination(): CompiledDestination | undefined
  /** Catches up with a configuration saved elsewhere, before events are given up as removed. */
  refresh(): Promise<void>
  /** This process's name on its leases. */
  owner: string
  flushMs: number
  /** The first retry waits up to this long; each further one doubles it. */
  retryBaseMs: number
  /** A lease outlives the slowest delivery: the destination's timeout times its retries. */
  leaseMs: number
  /** Batches of one destination in flight at once. */
  concurrency: number
  clock(): number
  random(): number
  metrics: GatewayMetrics
  /** Told once per batch what became of each event: plain records, nothing of this worker's state. */
  eventLog: EventLog
  log: GatewayLog
  /** Told of every batch's outcomes, with the settings it was sent with (the quality prediction counts them). */
  sent?(settings: CompiledDestination['settings'], entries: readonly (MultiStatusEntry | undefined)[]): void
  /** Awaited before each claim: ingest, when pressed, goes first; an ad account held off by Pinterest, later. */
  pace?(): Promise<void>
  /** Runs a subscription's batch through the destination: in delivery threads, or on this thread. */
  runner: BatchRunner
  /** Awaited before each subscription's share is sent: the slots of its requests in the ad account's pace. */
  permit?(
    settings: CompiledDestination['settings'],
    mapping: CompiledSubscription['mapping'],
    events: number
  ): Promise<void>
}

/** A settlement, and the record of it for the event's story. */
interface Settled {
  settlement: Settlement
  record: StoryRecord
}

export class QueueWorker {
  private running?: Promise<void>
  private stopping = false
  private arrived = 0
  private wake?: () => void

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.running ??= this.loop()
  }

  /** Told of events just stored: 1000 of them are a batch worth sending now. */
  arrivedEvents(count: number): void {
    this.arrived += count
    if (this.arrived >= BATCH_SIZE) this.wake?.()
  }

  /** Finishes the deliveries in flight and claims nothing more. */
  async stop(): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.running
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.drain()
      } catch (error) {
        // The store failed mid-claim or mid-settle: the leases expire and the events come back.
        this.options.log.error(
          { destination: this.options.destinationId, err: describeError(error).message },
          'delivery stalled'
        )
      }
      if (!this.stopping) await this.nap()
    }
  }

  private nap(): Promise<void> {
    if (this.arrived >= BATCH_SIZE) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.flushMs)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    }).then(() => (this.wake = undefined))
  }

  /** Claims and delivers until fewer than a full batch are due, `concurrency` batches at a time. */
  private async drain(): Promise<void> {
    const inFlight = new Set<Promise<void>>()
    let more = true
    while (more && !this.stopping) {
      await this.options.pace?.()
      if (this.stopping) break
      this.arrived = 0
      const { queue, destinationId, owner, leaseMs, clock } = this.options
      const claimed = await queue.claim({ destination: destinationId, limit: BATCH_SIZE, leaseMs, owner, now: clock() })
      more = claimed.length === BATCH_SIZE
      if (claimed.length === 0) break
      const delivery = this.deliver(claimed).finally(() => inFlight.delete(delivery))
      inFlight.add(delivery)
      if (inFlight.size >= this.options.concurrency) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  }

  private async deliver(claimed: ClaimedEvent[]): Promise<void> {
    const groups = new Map<string, ClaimedEvent[]>()
    for (const event of claimed) {
      const group = groups.get(event.subscription)
      if (group) group.push(event)
      else groups.set(event.subscription, [event])
    }
    // Another instance may have added the subscription a moment ago: catch up before giving up.
    const knowsAll = (d: CompiledDestination | undefined) =>
      d !== undefined && [...groups.keys()].every((id) => d.subscriptions.has(id))
    if (!knowsAll(this.options.destination())) await this.options.refresh()
    const destination = this.options.destination()
    const settled = (
      await Promise.all(
        [...groups].map(([id, events]) => {
          const subscription = destination?.subscriptions.get(id)
          if (!destination) return events.map((event) => this.dead(event, [], 'destination_removed'))
          if (!subscription) return events.map((event) => this.dead(event, [], 'subscription_removed'))
          return this.send(destination, subscription, events)
        })
      )
    ).flat()
    // The story first: should the process die before the settlement, the event is still in the
    // queue, and a story reads the queue before its records.
    await this.options.eventLog.record(settled.map((s) => s.record)).catch((error: Error) => {
      this.options.log.error({ err: error.message, events: settled.length }, 'event log cannot write')
    })
    await this.options.queue.settle(
      settled.map((s) => s.settlement),
      this.options.clock()
    )
  }

  private async send(
    destination: CompiledDestination,
    subscription: CompiledSubscription,
    events: ClaimedEvent[]
  ): Promise<Settled[]> {
    await this.options.permit?.(destination.settings, subscription.mapping, events.length)
    const started = this.options.clock()
    const entries = await this.options.runner.runBatch(
      destination,
      subscription,
      events.map((claimed) => claimed.event as unknown as SegmentEvent)
    )
    this.options.sent?.(destination.settings, entries)
    const settled = events.map((event, i) => this.settlementOf(event, entries[i]))
    this.report(destination.id, subscription.id, settled, this.options.clock() - started)
    return settled
  }

  private settlementOf(event: ClaimedEvent, entry: MultiStatusEntry | undefined): Settled {
    const { metrics, clock } = this.options
    const status = entry?.status ?? 500
    const body = entry && 'body' in entry ? entry.body : undefined
    const warnings = [...stampWarnings(event.event), ...warningsOf(body)]
    metrics.pinterestStatus.inc({ destination: event.destination, status: String(status) })
    if (status >= 200 && status < 300) {
      metrics.delivered.inc({ destination: event.destination })
      metrics.deliveryLatency.observe({ destination: event.destination }, (clock() - event.acceptedAt) / 1000)
      this.countLeftOut(event, warnings)
      const record = this.record(event, 'delivered', warnings, status, { pinterest: pinterestOf(status, body) })
      return { settlement: { id: event.id, outcome: 'delivered' }, record }
    }
    const failure = failureBodyOf(body)
    const problem = entry ? describeEntry(entry) : { message: 'no outcome for the event', status }
    const pinterest = failure?.pinterest === undefined ? undefined : pinterestOf(status, failure.pinterest)
    const retryable = failure ? failure.failure === 'retryable' : status === 408 || status === 429 || status >= 500
    if (!retryable) {
      const kind = failure?.failure ?? 'rejected'
      return this.dead(event, warnings, kind, problem.message, status, failure?.fields, pinterest)
    }
    const retryAt = clock() + this.backoff(event.attempts + 1, failure?.retry_after_seconds)
    if (retryAt > deadlineOf(event)) return this.dead(event, warnings, 'too_old', problem.message, status)
    metrics.retried.inc({ destination: event.destination })
    const record = this.record(event, 'queued', warnings, status, {
      refusal: { reason: 'retryable', message: problem.message },
      pinterest
    })
    return { settlement: { id: event.id, outcome: 'retry', retryAt, reason: problem.message, status }, record }
  }

  /** What became of the event at this attempt, for its story: ids, states, statuses and reasons only. */
  private record(
    event: ClaimedEvent,
    state: StoryRecord['state'],
    warnings: StoryWarning[],
    status: number | undefined,
    extra: Pick<StoryRecord, 'refusal' | 'pinterest'>
  ): StoryRecord {
    return {
      messageId: String(event.event.messageId ?? ''),
      destination: event.destination,
      subscription: event.subscription,
      state,
      at: this.options.clock(),
      receivedAt: event.acceptedAt,
      attempts: event.attempts + 1,
      ...(status !== undefined && { status }),
      ...(warnings.length > 0 && { warnings }),
      ...(extra.refusal && { refusal: extra.refusal }),
      ...(extra.pinterest && { pinterest: extra.pinterest })
    }
  }

  private countLeftOut(event: ClaimedEvent, warnings: readonly StoryWarning[]): void {
    for (const { field } of warnings) {
      this.options.metrics.valuesLeftOut.inc({
        destination: event.destination,
        subscription: event.subscription,
        field: fieldLabel(field)
      })
    }
  }

  /** Full jitter (a random wait up to base × 2^attempt, capped at an hour), never sooner than Pinterest asked. */
  private backoff(attempt: number, retryAfterSeconds?: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.options.retryBaseMs * 2 ** (attempt - 1))
    return Math.max(Math.round(this.options.random() * ceiling), (retryAfterSeconds ?? 0) * 1000)
  }

  private dead(
    event: ClaimedEvent,
    warnings: StoryWarning[],
    kind: string,
    message: string = kind,
    status?: number,
    fields?: readonly string[],
    pinterest?: StoryRecord['pinterest']
  ): Settled {
    const reason = message === kind ? kind : `${kind}: ${message}`
    this.options.metrics.deadLettered.inc({ destination: event.destination, reason: kind })
    this.countLeftOut(event, warnings)
    this.options.log.warn(
      {
        destination: event.destination,
        subscription: event.subscription,
        id: event.id,
        messageId: event.event.messageId,
        reason: kind,
        status,
        fields
      },
      'dead-lettered'
    )
    const settlement: Settlement = {
      id: event.id,
      outcome: 'dead',
      reason,
      ...(status !== undefined && { status }),
      ...(fields && { fields })
    }
    const refusal = { reason: kind, message, ...(fields && { fields: [...fields] }) }
    return { settlement, record: this.record(event, 'dead_lettered', warnings, status, { refusal, pinterest }) }
  }

  /** One line per batch: its outcomes, and how many values were left out, by field. */
  private report(destination: string, subscription: string, settled: Settled[], ms: number): void {
    const count = (outcome: Settlement['outcome']) => settled.filter((s) => s.settlement.outcome === outcome).length
    const leftOut: Record<string, number> = {}
    let warned = 0
    for (const { record } of settled) {
      if (record.state === 'queued' || !record.warnings) continue
      if (record.state === 'delivered') warned++
      for (const { field } of record.warnings) leftOut[fieldLabel(field)] = (leftOut[fieldLabel(field)] ?? 0) + 1
    }
    this.options.log.info(
      {
        destination,
        subscription,
        events: settled.length,
        delivered: count('delivered'),
        retry: count('retry'),
        dead: count('dead'),
        warned,
        left_out: leftOut,
        ms
      },
      'batch sent'
    )
  }
}

/** Past Pinterest's window an event is refused, so its retries end there: from its own time, or from when it was accepted. */
function deadlineOf(event: ClaimedEvent): number {
  const time = Date.parse(String(event.event.timestamp ?? ''))
  return (Number.isNaN(time) ? event.acceptedAt : time) + PINTEREST_WINDOW_MS
}

/** A field as metrics and log lines name it: list positions dropped, so their number stays bounded. */
function fieldLabel(field: string): string {
  return field.replace(/\[\d+\]/g, '[]')
}

/** The values left out, as the destination (and the runtime's rescue) listed them in the entry's body. */
function warningsOf(body: unknown): StoryWarning[] {
  const list = isObject(body) && Array.isArray(body.warnings) ? body.warnings : []
  return list.flatMap((w) =>
    isObject(w) && typeof w.field === 'string' && typeof w.reason === 'string'
      ? [{ field: w.field, reason: w.reason }]
      : []
  )
}

/** Pinterest's answer for the event: its per-event result, or its message for a request it refused whole. */
function pinterestOf(httpStatus: number, answer: unknown): StoryRecord['pinterest'] {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
  if (!isObject(answer)) return { http_status: httpStatus, ...(text(answer) && { error_message: text(answer) }) }
  const status = text(answer.status)
  const error = text(answer.error_message) ?? text(answer.message)
  const warning = text(answer.warning_message)
  return {
    http_status: httpStatus,
    ...(status && { status }),
    ...(error && { error_message: error }),
    ...(warning && { warning_message: warning })
  }
}
