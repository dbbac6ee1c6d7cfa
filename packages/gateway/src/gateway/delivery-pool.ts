/**
 * Delivery threads (DELIVERY_THREADS, one per core by default): mapping, hashing and sending a
 * 1000-event batch takes a few hundred milliseconds of CPU, which on the main thread would hold
 * up every request arriving meanwhile. Claims, settlement, the event log, metrics and the
 * quality prediction stay on the main thread; a thread only turns a job into outcomes.
 *
 * A thread that ends (a crash, an out-of-memory) is replaced at the next batch, and the batches
 * it held come back as retryable outcomes: their events are sent again after the usual backoff,
 * never lost. Pinterest may have taken some of them already; it keeps one per event_id.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { Worker } from 'worker_threads'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import type { BatchRunner } from './batch-runner'
import { jobOf } from './batch-runner'
import type { CompiledDestination, CompiledSubscription } from './compiled-config'
import type { ThreadJob, ThreadMessage } from './delivery-thread'
import type { GatewayLog } from './log'

export interface DeliveryPoolOptions {
  /** Threads at most: one from the start, each other one when a batch finds the others busy. */
  size: number
  /** The built delivery-thread.js. */
  script: string
  log: GatewayLog
  /**
   * For tests only (TEST_DELIVERY_THREAD_EXIT_ON): the thread sent the first batch holding the
   * event with this messageId is ended while that batch is its, as a crash would end it.
   */
  testExitOn?: string
}

interface Thread {
  worker: Worker
  /** Warmed up: until then a batch waits for it only when no thread is ready. */
  ready: boolean
  /** The batches sent to it and not answered yet, by job id. */
  pending: Map<number, { resolve(entries: MultiStatusEntry[]): void; count: number }>
}

const THREAD_ENDED_MESSAGE = 'The delivery thread sending this batch ended; its events will be sent again.'

/**
 * A batch's garbage is short-lived: a small young generation collects it often and keeps each
 * thread's memory down (measured, draining 22,000 events with two threads: peak RSS 324 MB with
 * 8 MB, 372 MB with 32 MB, the rate within this machine's noise).
 */
const YOUNG_MB = 8

export class DeliveryPool implements BatchRunner {
  private readonly threads = new Set<Thread>()
  private lastId = 0
  private closing = false
  private testExitOn?: string

  constructor(private readonly options: DeliveryPoolOptions) {
    this.testExitOn = options.testExitOn
    // One thread from the start: loading the destination's runtime takes a second or two, which
    // the first batch would otherwise wait for.
    this.start()
  }

  runBatch(
    destination: CompiledDestination,
    subscription: CompiledSubscription,
    events: SegmentEvent[]
  ): Promise<MultiStatusEntry[]> {
    const job = jobOf(destination, subscription, events)
    const thread = this.pick()
    const id = ++this.lastId
    return new Promise((resolve) => {
      thread.pending.set(id, { resolve, count: events.length })
      const message: ThreadJob = { id, job }
      thread.worker.postMessage(message)
      if (this.testExitOn !== undefined && events.some((event) => event.messageId === this.testExitOn)) {
        this.testExitOn = undefined
        void thread.worker.terminate()
      }
    })
  }

  /** Ends the threads; called once no batch is in flight (the queue workers have stopped). */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all([...this.threads].map((thread) => thread.worker.terminate()))
  }

  /**
   * The ready thread with the fewest batches. While every ready thread is busy and there is
   * room, another one starts, but this batch does not wait for it: a new thread takes a second
   * or two to load and warm up, longer than a busy one takes to finish a batch.
   */
  private pick(): Thread {
    const idlest = (threads: Thread[]) =>
      threads.reduce<Thread | undefined>(
        (best, t) => (!best || t.pending.size < best.pending.size ? t : best),
        undefined
      )
    const all = [...this.threads]
    const chosen = idlest(all.filter((t) => t.ready)) ?? idlest(all)
    if (!chosen) return this.start()
    if (chosen.pending.size > 0 && this.threads.size < this.options.size) this.start()
    return chosen
  }

  private start(): Thread {
    // No environment at all: the thread gets the settings it sends with, token included, in each job.
    const worker = new Worker(this.options.script, { env: {}, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } })
    // The pool never keeps a process alive by itself: what waits for a batch (the queue worker) does.
    worker.unref()
    const thread: Thread = { worker, ready: false, pending: new Map() }
    this.threads.add(thread)
    worker.on('message', (message: ThreadMessage) => {
      if ('ready' in message) {
        thread.ready = true
        return
      }
      const job = thread.pending.get(message.id)
      thread.pending.delete(message.id)
      job?.resolve(message.entries)
    })
    worker.on('error', (error) => this.options.log.error({ err: error.message }, 'delivery thread failed'))
    worker.on('exit', (code) => {
      this.threads.delete(thread)
      if (!this.closing) {
        this.options.log.warn(
          { code, batches: thread.pending.size },
          'delivery thread ended; its batches will be retried'
        )
      }
      for (const { resolve, count } of thread.pending.values()) resolve(retryable(count))
      thread.pending.clear()
    })
    return thread
  }
}

/** 503: Pinterest's own word for "not now", retried with backoff like any unavailable answer. */
function retryable(count: number): MultiStatusEntry[] {
  return Array.from({ length: count }, () => ({ status: 503, errormessage: THREAD_ENDED_MESSAGE } as MultiStatusEntry))
}
