import { EVENT_NAMES } from 'pinterest-conversions'
import type { PinterestEvent } from 'pinterest-conversions'
import { createHealthTracker, SIGNALS } from '..'
import { EVERY_ID, IP_UA, NOW, event, sha256, without } from './events'

/** Every leaf of a plain object tree: what the tracker holds, counted without relying on the heap. */
function leafCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1
  return Object.values(value).reduce((sum: number, child) => sum + leafCount(child), 0)
}

/** Events that vary everything that could leak into state: names (many undocumented), ids, digests, times, LDP. */
function* manyEvents(count: number): Generator<PinterestEvent> {
  for (let index = 0; index < count; index++) {
    const name = index % 3 === 0 ? `custom_event_${index}` : EVENT_NAMES[index % EVENT_NAMES.length]
    const userData =
      index % 5 === 0
        ? { ...IP_UA, em: [sha256(`user${index}@example.com`)] }
        : index % 2
        ? EVERY_ID
        : without(EVERY_ID, 'client_user_agent')
    yield event(name, userData, {
      event_id: `evt-${index}`,
      event_time: NOW - (index % 7200),
      action_source: index % 11 === 0 ? 'offline' : 'web',
      custom_data: index % 4 === 0 ? { opt_out_type: 'LDP', order_id: `order-${index}` } : undefined
    })
  }
}

describe('memory', () => {
  it('keeps the same counters after 200,000 events as after 2,000, bounded by the documented names', () => {
    const small = createHealthTracker({ nowSeconds: NOW })
    small.addAll(manyEvents(2_000))
    const large = createHealthTracker({ nowSeconds: NOW })
    large.addAll(manyEvents(200_000))

    expect(large.state.overall.events).toBe(200_000)
    expect(Object.keys(large.state.byEventName).sort()).toEqual(Object.keys(small.state.byEventName).sort())
    expect(leafCount(large.state)).toBe(leafCount(small.state))

    // One counter set per documented name plus the "(other)" bucket (events, and per signal the
    // events carrying it and those that could), and a fixed number of totals.
    const perBucket = 1 + 2 * SIGNALS.length
    const fixed = leafCount(createHealthTracker({ nowSeconds: NOW }).state)
    expect(Object.keys(large.state.byEventName)).toHaveLength(EVENT_NAMES.length + 1)
    expect(leafCount(large.state)).toBe(fixed + (EVENT_NAMES.length + 1) * perBucket)
    expect(
      Object.values(large.state.byEventName).every(
        (bucket) => bucket !== undefined && Object.keys(bucket.signals).length === SIGNALS.length
      )
    ).toBe(true)
  })

  it('holds no event: only numbers in its state', () => {
    const tracker = createHealthTracker({ nowSeconds: NOW })
    tracker.addAll(manyEvents(1_000))
    const leaves: unknown[] = []
    const collect = (value: unknown): void => {
      if (value !== null && typeof value === 'object') Object.values(value).forEach(collect)
      else leaves.push(value)
    }
    collect(tracker.state)
    expect(leaves.every((leaf) => typeof leaf === 'number')).toBe(true)
  })

  it('gives a report whose size does not grow with the number of events', () => {
    const report = (count: number) => {
      const tracker = createHealthTracker({ nowSeconds: NOW })
      tracker.addAll(manyEvents(count))
      return tracker.report()
    }
    const small = report(2_000)
    const large = report(200_000)
    expect(large.byEventName).toHaveLength(small.byEventName.length)
    expect(leafCount(large)).toBe(leafCount(small))
  })
})
