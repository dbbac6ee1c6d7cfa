/**
 * A delivery thread (delivery-pool.ts starts it): runs the batches it is sent through the
 * destination's runtime and answers each with its outcomes. It holds no configuration and no
 * queue: every job carries what it needs, and every outcome goes back to the main thread, which
 * settles it.
 */
import { readlinkSync } from 'fs'
import { setPriority } from 'os'
import { parentPort } from 'worker_threads'
import type { SegmentEvent } from '@segment/actions-core'
import { ACTION_SLUG } from 'pinterest-conversions'
import { capture, LocalDestination, resolveMapping, SANDBOX_SETTINGS } from 'pinterest-conversions-tools'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import type { BatchJob } from './batch-runner'
import { BatchSender } from './batch-runner'

/** A job as the pool posts it. */
export interface ThreadJob {
  id: number
  job: BatchJob
}

/** Warmed up (see warmUp), once; then the answer to each job: one outcome per event, in order. */
export type ThreadMessage = { ready: true } | { id: number; entries: MultiStatusEntry[] }

/** Linux's nice value for delivery threads: below the main thread's 0, above nothing else. */
const DELIVERY_NICE = 10

const port = parentPort
if (port) {
  yieldToIngest()
  const sender = new BatchSender()
  const ready = warmUp().then(() => port.postMessage({ ready: true } as ThreadMessage))
  port.on('message', ({ id, job }: ThreadJob) => {
    void ready
      .then(() => sender.run(job))
      .then((entries) => {
        const answer: ThreadMessage = { id, entries }
        port.postMessage(answer)
      })
  })
}

/**
 * A few made-up events mapped and captured (nothing leaves the thread), once at the start.
 * Measured: a new thread's first batch of 1000 took 2 s cold, and 0.3 s after a warm-up of 10
 * events, which pays the runtime's one-time costs (its schemas compiled) on a small batch.
 */
async function warmUp(): Promise<void> {
  const runtime = new LocalDestination({ transport: capture() })
  const mapping = resolveMapping({ actionSlug: ACTION_SLUG, preset: 'Checkout' })
  await runtime.runBatch(warmUpEvents(), mapping, SANDBOX_SETTINGS).catch(() => undefined)
}

function warmUpEvents(): SegmentEvent[] {
  return Array.from({ length: 10 }, (_, i) => ({
    type: 'track',
    event: 'Order Completed',
    userId: `warm-up-${i}`,
    messageId: `warm-up-${i}`,
    timestamp: new Date().toISOString(),
    context: { ip: '203.0.113.1', userAgent: 'Mozilla/5.0', traits: { email: `warm-up-${i}@example.com` } },
    properties: {
      order_id: `warm-up-${i}`,
      revenue: 10,
      currency: 'USD',
      products: [{ product_id: 'warm-up', price: 10, quantity: 1 }]
    }
  }))
}

/**
 * Ingest first: on a machine short of cores, a call waiting for its 200 matters more than a batch
 * that is durably queued already, so the thread asks the scheduler to run it after the main
 * thread (Linux applies a nice value to the one thread whose id it is given). Elsewhere, or when
 * refused, it keeps the process's priority.
 */
function yieldToIngest(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(threadId)) setPriority(threadId, DELIVERY_NICE)
  } catch {
    // Not Linux, or not allowed: the same priority as the main thread.
  }
}
