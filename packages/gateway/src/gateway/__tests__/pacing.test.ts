/**
 * The pace's arithmetic, on an injected clock, where minutes pass at once: a 429 halves it (once
 * for requests answered together), never below the floor, and it climbs back linearly; Retry-After
 * holds the account's slots; a subscription with a smaller batch_size takes a slot per request.
 * What the instances see of it (spacing, sharing, /metrics) is tested on processes: __tests__/pacing*.test.ts.
 */
import { PassThrough } from 'stream'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import { Registry } from 'prom-client'
import { MemoryBudget } from '../../queue'
import { createLog } from '../log'
import { Pacing } from '../pacing'

const ACCOUNT = '549755885175'
const settings = { ad_account_id: ACCOUNT, conversion_token: 'token-0123456789' }
const MINUTE = 60_000
const rateLimited = (retryAfterSeconds?: number) =>
  ({
    status: 429,
    errormessage: 'rate limited',
    body: { failure: 'retryable', ...(retryAfterSeconds !== undefined && { retry_after_seconds: retryAfterSeconds }) }
  } as unknown as MultiStatusEntry)

function pacing(perMinute = 600) {
  let now = 1_000_000
  const clock = () => now
  const budget = new MemoryBudget(clock)
  const registry = new Registry()
  const paced = new Pacing({
    budget,
    perMinute,
    claimMarginMs: 1000,
    registry,
    clock,
    log: createLog(new PassThrough(), 'silent')
  })
  const granted = async () =>
    (await registry.getSingleMetric('gateway_pinterest_requests_granted_total')?.get())?.values[0]?.value ?? 0
  return { paced, budget, granted, advance: (ms: number) => (now += ms) }
}

describe('Pacing', () => {
  it('halves the pace on a 429, once for the 429s of requests sent together, and never below 1/64 of the limit', async () => {
    const { paced, advance } = pacing(6400)
    await paced.observe(settings, [rateLimited(), rateLimited()])
    await paced.observe(settings, [rateLimited()])
    expect(paced.paceOf(ACCOUNT)).toBe(3200)
    for (let i = 0; i < 20; i++) {
      advance(1000)
      await paced.observe(settings, [rateLimited()])
    }
    expect(paced.paceOf(ACCOUNT)).toBe(100)
  })

  it('climbs back by the limit every ten minutes: a halving is made up in five', async () => {
    const { paced, advance } = pacing(600)
    await paced.observe(settings, [rateLimited()])
    advance(2.5 * MINUTE)
    expect(paced.paceOf(ACCOUNT)).toBeCloseTo(450)
    advance(2.5 * MINUTE)
    expect(paced.paceOf(ACCOUNT)).toBe(600)
    advance(MINUTE)
    expect(paced.paceOf(ACCOUNT)).toBe(600)
  })

  it("holds the account's slots for Pinterest's Retry-After", async () => {
    const { paced, budget } = pacing()
    await paced.observe(settings, [undefined, rateLimited(30)])
    expect(await budget.waitOf(ACCOUNT)).toBe(30_000)
  })

  it('leaves the pace alone when nothing was answered 429', async () => {
    const { paced, budget } = pacing()
    await paced.observe(settings, [{ status: 200 } as MultiStatusEntry, { status: 503 } as MultiStatusEntry])
    expect(paced.paceOf(ACCOUNT)).toBe(600)
    expect(await budget.waitOf(ACCOUNT)).toBe(0)
  })

  it('takes a slot per request: 1000 events of a batch_size of 250 are four', async () => {
    const { paced, budget, granted } = pacing(600)
    await paced.permit(settings, { batch_size: 250 }, 1000)
    expect(await granted()).toBe(4)
    // Four slots 100 ms apart, all given: the next is 400 ms off.
    expect(await budget.waitOf(ACCOUNT)).toBe(400)
    await paced.permit(settings, {}, 1000)
    expect(await granted()).toBe(5)
  })
})
