import type { SegmentEvent } from '@segment/actions-core'
import { RECENT_CALLS_MAX_AGE_MS, RecentCalls } from '../recent-calls'

const call = (messageId: string): SegmentEvent => ({ type: 'track', event: 'Order Completed', messageId })
const everything = () => true
const ids = (recent: RecentCalls) => recent.newest(everything, 100).map((c) => c.event.messageId)

describe('the recent calls, in memory', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }))
  afterEach(() => jest.useRealTimers())

  it('keeps the newest, at most max, newest first', () => {
    const recent = new RecentCalls({ max: 3 })
    recent.record([call('a'), call('b')], Date.now())
    recent.record([call('c'), call('d')], Date.now())
    expect(ids(recent)).toEqual(['d', 'c', 'b'])
    expect(recent.newest((event) => event.messageId !== 'c', 1).map((c) => c.event.messageId)).toEqual(['d'])
  })

  it('forgets a call once it is an hour old, and holds no timer once none is left', () => {
    const recent = new RecentCalls()
    recent.record([call('old')], Date.now())
    jest.advanceTimersByTime(RECENT_CALLS_MAX_AGE_MS / 2)
    recent.record([call('new')], Date.now())
    jest.advanceTimersByTime(RECENT_CALLS_MAX_AGE_MS / 2)
    expect(ids(recent)).toEqual(['new'])
    jest.advanceTimersByTime(RECENT_CALLS_MAX_AGE_MS / 2)
    expect(jest.getTimerCount()).toBe(0)
    expect(ids(recent)).toEqual([])
  })

  it('forgets everything when cleared', () => {
    const recent = new RecentCalls()
    recent.record([call('a')], Date.now())
    recent.clear()
    expect(jest.getTimerCount()).toBe(0)
    expect(ids(recent)).toEqual([])
  })
})
