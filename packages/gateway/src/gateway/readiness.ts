/**
 * Whether the gateway can take events now, as `/readyz` tells a load balancer: not while it
 * stops, and not while its store cannot commit a write (a full disk, a read-only or hung
 * database). The probe writes as an enqueue does, so it is asked at most once a second however
 * often `/readyz` is: the route is open to anyone.
 */
import { describeError } from 'pinterest-conversions-tools'
import type { Queue } from '../queue'

/** A store that has not answered by then is not ready, whatever it says later. */
export const PROBE_TIMEOUT_MS = 2_000
const PROBE_EVERY_MS = 1_000

export type Readiness = { ok: true } | { ok: false; error: string }

export class StoreProbe {
  private last?: { at: number; result: Promise<Readiness> }

  constructor(private readonly queue: Queue, private readonly clock: () => number) {}

  check(): Promise<Readiness> {
    const now = this.clock()
    if (this.last && now - this.last.at < PROBE_EVERY_MS) return this.last.result
    const result = withTimeout(this.queue.probeWrite(now)).then(
      (): Readiness => ({ ok: true }),
      (error): Readiness => ({ ok: false, error: `the store cannot write: ${describeError(error).message}` })
    )
    this.last = { at: now, result }
    return result
  }
}

function withTimeout(write: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)
  })
  return Promise.race([write, late]).finally(() => clearTimeout(timer))
}
