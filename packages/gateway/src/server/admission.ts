/**
 * Backpressure for the tracking API. Past what the gateway can take, requests would queue in
 * the process (waiting for the event loop, for the store's commit) and every answer would come
 * later, without bound. Instead a request that arrives while too many are being taken is
 * answered 503 with Retry-After at once, before its body is read: Segment's SDKs send it again
 * later, and the requests let in are answered within a bounded time.
 *
 * Two counts, so that slow clients cannot shut the door on everyone: requests whose body is
 * still arriving (bounded because each holds up to a body's worth of memory), and requests being
 * taken (parsed, routed, committed), the ones that wait on the gateway itself. The oldest of
 * those tells a stuck store from a busy one: past MAX_WAIT_MS nothing more is let in until it
 * moves, so a hung database costs the clients a prompt 503, not a hang.
 */

export interface AdmissionLimits {
  /** Requests whose body is being read: each can hold up to 500 KB. */
  reading: number
  /** Requests being taken at once: about how many the gateway finishes in a second. */
  taking: number
  /** The longest a request may have been taken for before new ones are turned away. */
  maxWaitMs: number
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { reading: 128, taking: 32, maxWaitMs: 1000 }

/** How long delivery holds back after ingest turned a request away. */
const YIELD_MS = 1000

/** Seconds a refused client should wait: long enough for the backlog in the process to clear. */
export const RETRY_AFTER_SECONDS = 2

/** One admitted request, told where it is. */
export interface Ticket {
  /** The body is read: the request now waits on the gateway. */
  read(): void
  /** The request is answered. */
  answered(): void
}

export class Admission {
  private reading = 0
  /** When each request being taken was read, in that order (a Map keeps it): the first is the oldest. */
  private readonly taking = new Map<number, number>()
  private nextId = 0
  private lastRefusal = -Infinity

  constructor(
    private readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
    private readonly clock: () => number = Date.now
  ) {}

  /** A ticket for a request arriving now, or undefined when it must be turned away. */
  enter(): Ticket | undefined {
    const now = this.clock()
    if (this.reading >= this.limits.reading || this.overloaded(now)) {
      this.lastRefusal = now
      return undefined
    }
    this.reading++
    const id = this.nextId++
    let state: 'reading' | 'taking' | 'done' = 'reading'
    return {
      read: () => {
        if (state !== 'reading') return
        state = 'taking'
        this.reading--
        this.taking.set(id, this.clock())
      },
      answered: () => {
        if (state === 'reading') this.reading--
        if (state === 'taking') this.taking.delete(id)
        state = 'done'
      }
    }
  }

  /**
   * What delivery awaits before each batch it claims: mapping a batch holds the event loop, so
   * while requests are being turned away it takes one batch a second at most, and ingest the
   * rest. Delivery never stops: a backlog still drains, at that pace, under a flood.
   */
  readonly pace = async (): Promise<void> => {
    if (this.clock() - this.lastRefusal < YIELD_MS) await new Promise((resolve) => setTimeout(resolve, YIELD_MS))
  }

  /** Requests admitted and not answered yet. */
  get inProgress(): number {
    return this.reading + this.taking.size
  }

  private overloaded(now: number): boolean {
    if (this.taking.size >= this.limits.taking) return true
    const oldest = this.taking.values().next()
    return !oldest.done && now - oldest.value > this.limits.maxWaitMs
  }
}
