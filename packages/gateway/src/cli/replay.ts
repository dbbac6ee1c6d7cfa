/**
 * The replay loop: read events line by line, route each to its targets, send each target's
 * events through the destination's batch path (actions-core's executeBatch) in batches of up
 * to `batchSize`, and count what became of every one. One batch is in flight at a time, so a
 * file of any size is read no faster than it is sent. Each batch's answer also feeds the health
 * report (counters only), with the time the batch went out.
 */
import type { SegmentEvent } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import type { ErrorDescription, LocalDestination, MultiStatus, SentHealth, Target } from 'pinterest-conversions-tools'
import { describeEntry, describeError, parseEventLine, targetsTaking, withTimestamp } from 'pinterest-conversions-tools'
import type { LineSource } from './lines'
import type { OutcomeSink } from './outcomes'
import type { Progress } from './progress'
import { Tally } from './tally'

/** Broken lines are all counted; only the first ones are told one by one. */
const MAX_BROKEN_REPORTED = 20
const PROGRESS_EVERY_LINES = 250

export interface ReplayInput {
  source: LineSource
  targets: Target[]
  settings: Settings
  batchSize: number
  destination: LocalDestination
  progress: Progress
  outcomes: OutcomeSink
  /** Fed with every batch's answer: the events the destination sent, and those it refused. */
  health: SentHealth
  /** The clock, both for stamping events without a timestamp and for the time each batch is sent. */
  now?: () => Date
}

interface Queued {
  line: number
  event: SegmentEvent
}

export async function replay(input: ReplayInput): Promise<Tally> {
  const { source, targets, progress, outcomes } = input
  const now = input.now ?? (() => new Date())
  const tally = new Tally()
  const queues = new Map<Target, Queued[]>(targets.map((t) => [t, []]))

  for await (const text of source.lines) {
    const line = ++tally.lines
    if (line % PROGRESS_EVERY_LINES === 0) progress.update(tally.events, source.bytesRead())
    if (text.trim() === '') continue
    const event = parseEventLine(text)
    if (typeof event === 'string') {
      tally.broken++
      if (tally.broken <= MAX_BROKEN_REPORTED) progress.log(`line ${line}: ${event}; skipped`)
      else if (tally.broken === MAX_BROKEN_REPORTED + 1)
        progress.log('(more lines that are not JSON: only counted from here on)')
      await outcomes.write({ line, outcome: 'not_json', error: event })
      continue
    }
    tally.events++
    const taken = targetsTaking(targets, event)
    if (taken.length === 0) {
      tally.skipped++
      await outcomes.write({ line, outcome: 'skipped', ...eventId(event) })
      continue
    }
    const stamped = withTimestamp(event, now())
    for (const target of taken) {
      const queue = queues.get(target) as Queued[]
      queue.push({ line, event: stamped })
      if (queue.length >= input.batchSize) await send(input, target, queue.splice(0), tally, now)
    }
  }
  for (const [target, queue] of queues) if (queue.length > 0) await send(input, target, queue.splice(0), tally, now)
  progress.update(tally.events, source.bytesRead())
  return tally
}

async function send(input: ReplayInput, target: Target, batch: Queued[], tally: Tally, now: () => Date): Promise<void> {
  // Pinterest counts an event as offline when it arrives more than an hour after its
  // event_time: what matters is when this batch goes out, not when the replay started (a long
  // replay, or a slow stdin, sends its last batches hours later) nor when the event was read.
  const sentAtSeconds = Math.floor(now().getTime() / 1000)
  let nodes: MultiStatus
  try {
    nodes = await input.destination.runBatch(
      batch.map((q) => q.event),
      target.mapping,
      input.settings
    )
  } catch (error) {
    // executeBatch answers per event; a throw means the whole batch could not even be tried.
    const problem = describeError(error)
    nodes = batch.map(() => ({ status: problem.status, errormessage: problem.message } as MultiStatus[number]))
  }
  for (let i = 0; i < batch.length; i++) {
    // An entry without `sent` (refused by our checks, or a batch that could not be tried) counts as not sent.
    input.health.addOutcome(nodes[i], sentAtSeconds)
    const node = nodes[i] as MultiStatus[number] | undefined
    const base = { line: batch[i].line, preset: target.name, ...eventId(batch[i].event) }
    if (node && node.status >= 200 && node.status < 300) {
      tally.recordOutcome(target.name, true)
      await input.outcomes.write({ ...base, outcome: 'processed', status: node.status })
      continue
    }
    const problem: ErrorDescription = node
      ? describeEntry(node)
      : { status: 500, message: 'The runtime answered no outcome for this event.' }
    tally.recordOutcome(target.name, false, problem.message)
    await input.outcomes.write({
      ...base,
      outcome: 'failed',
      status: node?.status ?? problem.status,
      error: problem.message,
      ...(problem.field && { field: problem.field })
    })
  }
}

function eventId(event: SegmentEvent): { event_id?: string } {
  return typeof event.messageId === 'string' ? { event_id: event.messageId } : {}
}
