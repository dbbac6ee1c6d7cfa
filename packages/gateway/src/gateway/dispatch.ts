/**
 * The queue workers, one per destination: started for every destination of the configuration in
 * force, and for any destination the store still holds due events of (one removed, then the
 * gateway restarted), which its worker then dead-letters; told when events arrive; stopped
 * together, each finishing the deliveries it has in flight.
 */
import type { EventLog, Queue } from '../queue'
import type { CompiledDestination } from './compiled-config'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'
import { QueueWorker } from './queue-worker'
import type { WorkerOptions } from './queue-worker'

/**
 * How often the store is asked for destinations with due events and no worker. Rarely: at a
 * backlog of a million, `due()` scans for a fifth of a second, and what it finds (events of a
 * removed destination) only needs dead-lettering, not speed.
 */
const SWEEP_MS = 60_000

export interface DispatchOptions {
  queue: Queue
  /** A destination as the configuration in force holds it. */
  destination(id: string): CompiledDestination | undefined
  /** Catches up with a configuration saved elsewhere, before events are given up as removed. */
  refresh(): Promise<void>
  /** This process's name on its leases. */
  owner: string
  flushMs: number
  retryBaseMs: number
  leaseMs: number
  concurrency: number
  clock(): number
  random(): number
  metrics: GatewayMetrics
  eventLog: EventLog
  log: GatewayLog
  sent?: WorkerOptions['sent']
  permit?: WorkerOptions['permit']
  /** Awaited before each claim of a destination: ingest, when pressed, goes first; an ad account held off, later. */
  pace?(destination: string): Promise<void>
  runner: WorkerOptions['runner']
}

export class Dispatch {
  private readonly workers = new Map<string, QueueWorker>()
  private sweeper?: NodeJS.Timeout
  private stopping = false

  constructor(private readonly options: DispatchOptions) {}

  /** Starts a worker for each destination that has none yet, and the sweep. */
  start(destinations: Iterable<string>): void {
    if (this.stopping) return
    for (const id of destinations) this.workerOf(id)
    if (!this.sweeper) {
      void this.sweep()
      this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS)
      this.sweeper.unref()
    }
  }

  /** Events just stored for a destination. */
  arrived(destination: string, count: number): void {
    this.workers.get(destination)?.arrivedEvents(count)
  }

  /** Events put back in the queue (a requeue): every worker may have some. */
  requeued(count: number): void {
    for (const worker of this.workers.values()) worker.arrivedEvents(count)
  }

  /** Finishes the deliveries in flight, releases what was claimed and not sent. */
  async stop(): Promise<void> {
    this.stopping = true
    if (this.sweeper) clearInterval(this.sweeper)
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()))
    await this.options.queue.release(this.options.owner)
  }

  private async sweep(): Promise<void> {
    if (this.stopping) return
    try {
      for (const { destination } of await this.options.queue.due(this.options.clock())) {
        if (!this.stopping) this.workerOf(destination)
      }
    } catch (error) {
      this.options.log.error({ err: (error as Error).message }, 'cannot list due events')
    }
  }

  private workerOf(id: string): QueueWorker {
    let worker = this.workers.get(id)
    if (!worker) {
      const { destination, pace, ...shared } = this.options
      worker = new QueueWorker({
        ...shared,
        destinationId: id,
        destination: () => destination(id),
        pace: pace && (() => pace(id))
      })
      this.workers.set(id, worker)
      worker.start()
    }
    return worker
  }
}
