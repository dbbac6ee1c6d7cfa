import { OFFLINE_AFTER_SECONDS } from 'pinterest-conversions'
import { createHealthTracker, healthReportOf } from '..'
import { EVERY_ID, NOW, event } from './events'

const happenedAgo = (seconds: number) => event('checkout', EVERY_ID, { event_time: NOW - seconds })

describe('offline', () => {
  it("uses Pinterest's one hour", () => {
    expect(OFFLINE_AFTER_SECONDS).toBe(3600)
    expect(healthReportOf([], { nowSeconds: NOW }).criteria.offlineAfterSeconds).toBe(3600)
  })

  it('counts an event sent more than an hour after it happened as received late, and one sent exactly an hour after as on time', () => {
    const report = healthReportOf(
      [happenedAgo(0), happenedAgo(3599), happenedAgo(3600), happenedAgo(3601), happenedAgo(86_400)],
      { nowSeconds: NOW }
    )
    expect(report.offline.receivedLate).toBe(2)
    expect(report.offline.receivedLatePercent).toBe(40)
  })

  it("takes each event's own sending time over the default", () => {
    const tracker = createHealthTracker({ nowSeconds: NOW })
    const late = event('checkout', EVERY_ID, { event_time: NOW })
    tracker.add(late, NOW + 3600)
    tracker.add(late, NOW + 3601)
    tracker.addAll([late, late], NOW + 7200)
    tracker.add(late)
    expect(tracker.report().offline.receivedLate).toBe(3)
  })

  it('defaults the sending time to the clock when none is given', () => {
    const justNow = Math.floor(Date.now() / 1000)
    const report = healthReportOf([
      event('checkout', EVERY_ID, { event_time: justNow - 7200 }),
      event('checkout', EVERY_ID, { event_time: justNow })
    ])
    expect(report.offline.receivedLate).toBe(1)
  })

  it('counts action_source offline as events Pinterest cannot deduplicate, whenever they were sent', () => {
    const report = healthReportOf(
      [
        event('checkout', EVERY_ID, { action_source: 'offline' }),
        event('checkout', EVERY_ID, { action_source: 'offline', event_time: NOW - 7200 }),
        event('checkout', EVERY_ID),
        event('checkout', EVERY_ID, { action_source: 'app_ios' })
      ],
      { nowSeconds: NOW }
    )
    expect(report.offline).toEqual({
      receivedLate: 1,
      receivedLatePercent: 25,
      actionSourceOffline: 2,
      actionSourceOfflinePercent: 50
    })
  })

  it('refuses a sending time that is not a number of seconds', () => {
    expect(() => createHealthTracker({ nowSeconds: Number.NaN })).toThrow(RangeError)
    expect(() => createHealthTracker({ nowSeconds: NOW }).add(happenedAgo(0), Number.POSITIVE_INFINITY)).toThrow(
      RangeError
    )
  })
})
