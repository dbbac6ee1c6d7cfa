/**
 * Who runs a subscription's batch through the destination (mapping, hashing, the request to
 * Pinterest): the queue worker hands it the batch and gets one outcome per event back. In the
 * main thread (DELIVERY_THREADS=0) or in delivery threads (delivery-pool.ts), the same sender
 * runs it: the batch travels as a job of plain data, so a thread rebuilds what the main thread
 * would have used.
 */
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import { describeError, LocalDestination, toSandbox } from 'pinterest-conversions-tools'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import type { CompiledDestination, CompiledSubscription } from './compiled-config'

export interface BatchRunner {
  /** One outcome per event, in order: a batch that failed whole (settings refused, a defect) has the same one for each. */
  runBatch(
    destination: CompiledDestination,
    subscription: CompiledSubscription,
    events: SegmentEvent[]
  ): Promise<MultiStatusEntry[]>
  /** Called once nothing is in flight any more. */
  close(): Promise<void>
}

/**
 * A batch as plain data, taken from the configuration in force when it is sent: a thread needs
 * no copy of the configuration, so it always sends with the current one. The settings hold the
 * conversion token: a job crosses to a thread by postMessage only.
 */
export interface BatchJob {
  /** The sandbox the requests go to instead of Pinterest; Pinterest when absent. */
  sandboxUrl?: string
  settings: Settings
  mapping: JSONObject
  events: SegmentEvent[]
}

export function jobOf(
  destination: CompiledDestination,
  subscription: CompiledSubscription,
  events: SegmentEvent[]
): BatchJob {
  const sandboxUrl = destination.sandboxUrl?.()
  return {
    ...(sandboxUrl !== undefined && { sandboxUrl }),
    settings: destination.settings,
    mapping: subscription.mapping,
    events
  }
}

/** The outcomes of a batch that failed before any event had its own: the same one for each event. */
export function failedWhole(error: unknown, count: number): MultiStatusEntry[] {
  const problem = describeError(error)
  const entry = { status: problem.upstream_status ?? problem.status, errormessage: problem.message }
  return Array.from({ length: count }, () => ({ ...entry } as MultiStatusEntry))
}

/** Runs jobs through the destination's runtime, one per place requests go, built once. */
export class BatchSender {
  private readonly runtimes = new Map<string, LocalDestination>()

  async run(job: BatchJob): Promise<MultiStatusEntry[]> {
    try {
      return await this.runtimeFor(job.sandboxUrl).runBatch(job.events, job.mapping, job.settings)
    } catch (error) {
      return failedWhole(error, job.events.length)
    }
  }

  private runtimeFor(sandboxUrl: string | undefined): LocalDestination {
    const key = sandboxUrl ?? ''
    let runtime = this.runtimes.get(key)
    if (!runtime) {
      runtime = new LocalDestination({ transport: sandboxUrl === undefined ? undefined : toSandbox(sandboxUrl) })
      this.runtimes.set(key, runtime)
    }
    return runtime
  }
}

/** DELIVERY_THREADS=0: batches run on the main thread, between the requests it takes. */
export class InlineRunner implements BatchRunner {
  private readonly sender = new BatchSender()

  runBatch(destination: CompiledDestination, subscription: CompiledSubscription, events: SegmentEvent[]) {
    return this.sender.run(jobOf(destination, subscription, events))
  }

  async close(): Promise<void> {
    // Nothing of its own to stop: its batches ran on the caller's thread.
  }
}
