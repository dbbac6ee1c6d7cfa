import type { UserData } from 'pinterest-conversions'
import type { HealthReport } from '..'
import { healthReportOf } from '..'
import { EVERY_ID, IP_UA, NOW, event, times, without } from './events'

const report = (
  events: Parameters<typeof healthReportOf>[0],
  options: Parameters<typeof healthReportOf>[1] = {}
): HealthReport => healthReportOf(events, { nowSeconds: NOW, ...options })

const check = (result: HealthReport, id: string) => result.checks.find((item) => item.id === id)

/** A shop whose every event carries every id: add_to_cart, checkout, lead and signup all present. */
const complete = (userData: UserData = EVERY_ID) =>
  ['page_visit', 'add_to_cart', 'checkout', 'lead', 'signup'].map((name) => event(name, userData))

describe('grade', () => {
  it('is Great when every check passes, with nothing holding it back', () => {
    const result = report(complete())
    expect(result.grade).toBe('Great')
    expect(result.reasons).toEqual([])
    expect(check(result, 'ip_ua_on_every_event')?.status).toBe('pass')
    expect(check(result, 'em_or_maid_on_every_checkout')?.status).toBe('pass')
    expect(check(result, 'medium_and_low_ids_sent')?.status).toBe('pass')
  })

  it('leaves the lower-funnel check unverified without the Tag names, and does not grade down for it', () => {
    const result = report([event('page_visit', EVERY_ID)])
    expect(check(result, 'lower_funnel_tag_events_sent')).toMatchObject({ status: 'unverified' })
    expect(check(result, 'lower_funnel_tag_events_sent')?.summary).toContain(
      'absent: add_to_cart, checkout, lead, signup'
    )
    expect(result.grade).toBe('Great')
  })

  it('is Good/Fair when a low priority id is missing, naming it and how many events lack it', () => {
    const events = [...complete(without(EVERY_ID, 'ge')), event('page_visit', without(EVERY_ID, 'ge'))]
    const result = report(events)
    expect(result.grade).toBe('Good/Fair')
    expect(result.reasons).toEqual([
      expect.objectContaining({
        check: 'medium_and_low_ids_sent',
        blocks: 'Great',
        fields: ['ge'],
        eventsLacking: 6,
        outOf: 6
      })
    ])
    expect(result.reasons[0].message).toMatch(/^ge \(low\) is on 0\.0% of events \(6 of 6 lack it\)/)
  })

  it('is Good/Fair when a medium priority pair is only half there: fn without ln does not count', () => {
    const result = report(complete(without(EVERY_ID, 'ln')))
    expect(result.grade).toBe('Good/Fair')
    expect(result.reasons.map((reason) => reason.fields)).toEqual([['fn', 'ln']])
  })

  it('is Poor when one event lacks the user agent, saying which half of the pair is missing', () => {
    const events = [...complete(), event('page_visit', without(EVERY_ID, 'client_user_agent'))]
    const result = report(events)
    expect(result.grade).toBe('Poor')
    expect(result.reasons[0]).toMatchObject({
      check: 'ip_ua_on_every_event',
      blocks: 'Good/Fair',
      fields: ['client_ip_address', 'client_user_agent'],
      eventsLacking: 1,
      outOf: 6
    })
    expect(result.reasons[0].message).toContain('client_ip_address missing on 0, client_user_agent on 1')
  })

  it('is Poor when a checkout carries neither em nor hashed_maids, and counts only checkouts', () => {
    const noEmail = without(EVERY_ID, 'em', 'hashed_maids')
    const events = [...complete(), event('checkout', noEmail), event('checkout', noEmail), event('page_visit', noEmail)]
    const result = report(events)
    expect(result.grade).toBe('Poor')
    expect(result.reasons).toEqual([
      expect.objectContaining({
        check: 'em_or_maid_on_every_checkout',
        blocks: 'Good/Fair',
        fields: ['em', 'hashed_maids'],
        eventsLacking: 2,
        outOf: 3
      })
    ])
  })

  it('accepts a checkout with a MAID and no email', () => {
    const result = report(complete(without(EVERY_ID, 'em')))
    expect(check(result, 'em_or_maid_on_every_checkout')?.status).toBe('pass')
  })

  it('leaves the checkout check unverified when there are no checkouts', () => {
    const result = report([event('page_visit', EVERY_ID)])
    expect(check(result, 'em_or_maid_on_every_checkout')?.status).toBe('unverified')
  })

  it('is Poor when the Tag fires a lower-funnel event the API data lacks', () => {
    const events = [event('add_to_cart', EVERY_ID), event('checkout', EVERY_ID)]
    const result = report(events, { tagEventNames: ['page_visit', 'add_to_cart', 'checkout', 'lead'] })
    expect(result.grade).toBe('Poor')
    expect(result.lowerFunnel).toMatchObject({
      tagEventNames: ['add_to_cart', 'checkout', 'lead'],
      missingFromApi: ['lead']
    })
    expect(result.reasons).toEqual([
      expect.objectContaining({ check: 'lower_funnel_tag_events_sent', blocks: 'Good/Fair', fields: ['event_name'] })
    ])
    expect(result.reasons[0].message).toBe('the Pinterest Tag fires lead, but no lead event is in this data')
  })

  it('passes the lower-funnel check when the Tag fires nothing the data lacks, or when there is no Tag', () => {
    const events = [event('checkout', EVERY_ID)]
    expect(check(report(events, { tagEventNames: ['checkout'] }), 'lower_funnel_tag_events_sent')?.status).toBe('pass')
    expect(check(report(events, { tagEventNames: [] }), 'lower_funnel_tag_events_sent')?.status).toBe('pass')
  })

  it('lists every reason, Good/Fair blockers before Great ones', () => {
    const sparse: UserData = { ...IP_UA, em: EVERY_ID.em }
    const events = [event('checkout', without(sparse, 'em')), event('page_visit', { em: EVERY_ID.em })]
    const result = report(events)
    expect(result.grade).toBe('Poor')
    expect(result.reasons.map((reason) => [reason.blocks, reason.fields.join('+')])).toEqual([
      ['Good/Fair', 'client_ip_address+client_user_agent'],
      ['Good/Fair', 'em+hashed_maids'],
      ...['external_id', 'fn+ln', 'click_id', 'ph', 'ge', 'db', 'ct', 'st', 'zp', 'country'].map((fields) => [
        'Great',
        fields
      ])
    ])
  })

  it('treats empty strings and empty arrays as absent', () => {
    const empty: UserData = { ...EVERY_ID, client_user_agent: '  ', em: [], hashed_maids: [''] }
    const result = report([event('checkout', empty)])
    expect(result.grade).toBe('Poor')
    expect(result.coverage.find((item) => item.signal === 'em')?.present).toBe(0)
    expect(result.coverage.find((item) => item.signal === 'ip_ua')?.present).toBe(0)
  })
})

describe('the Great bar for medium and low priority ids', () => {
  const withGender = (count: number) =>
    times(10, (index) => event('page_visit', index < count ? EVERY_ID : without(EVERY_ID, 'ge')))

  it('is met at exactly 10% of events by default', () => {
    expect(report(withGender(1)).grade).toBe('Great')
    expect(report(withGender(1)).criteria.greatMinCoveragePercent).toBe(10)
  })

  it('is missed just below it', () => {
    const events = [...withGender(1), event('page_visit', without(EVERY_ID, 'ge'))]
    expect(report(events).grade).toBe('Good/Fair')
  })

  it('follows the configured share', () => {
    expect(report(withGender(4), { greatMinCoveragePercent: 50 }).grade).toBe('Good/Fair')
    expect(report(withGender(5), { greatMinCoveragePercent: 50 }).grade).toBe('Great')
    expect(report(withGender(9), { greatMinCoveragePercent: 100 }).grade).toBe('Good/Fair')
  })

  it('still needs one event carrying the id when the share is 0', () => {
    expect(report(withGender(0), { greatMinCoveragePercent: 0 }).grade).toBe('Good/Fair')
    expect(report(withGender(1), { greatMinCoveragePercent: 0 }).grade).toBe('Great')
  })

  it('does not ask for the high priority ids', () => {
    expect(report(complete(without(EVERY_ID, 'hashed_maids'))).grade).toBe('Great')
  })

  it('refuses a share outside 0–100', () => {
    expect(() => report([], { greatMinCoveragePercent: 101 })).toThrow(RangeError)
    expect(() => report([], { greatMinCoveragePercent: Number.NaN })).toThrow(RangeError)
  })
})

describe('no events', () => {
  it('has no grade, no reasons, and zeros rather than NaN', () => {
    const result = report([])
    expect(result.grade).toBeNull()
    expect(result.reasons).toEqual([])
    expect(result.checks.every((item) => item.status === 'unverified')).toBe(true)
    expect(result.coverage.every((item) => item.percent === 0 && item.present === 0 && item.lacking === 0)).toBe(true)
    expect(result.offline).toEqual({
      receivedLate: 0,
      receivedLatePercent: 0,
      actionSourceOffline: 0,
      actionSourceOfflinePercent: 0
    })
    expect(result.byEventName).toEqual([])
    // JSON.stringify would turn NaN into null silently: look at the numbers themselves.
    const numbers = numbersIn(result)
    expect(numbers.length).toBeGreaterThan(50)
    expect(numbers.filter((value) => !Number.isFinite(value))).toEqual([])
  })
})

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (value === null || typeof value !== 'object') return []
  return Object.values(value).flatMap(numbersIn)
}

describe('the report as JSON', () => {
  it('survives a JSON round trip unchanged', () => {
    const events = [...complete(), event('page_visit', IP_UA, { custom_data: { opt_out_type: 'LDP' } })]
    for (const options of [{}, { tagEventNames: ['lead'] }]) {
      const result = report(events, options)
      expect(JSON.parse(JSON.stringify(result))).toEqual(result)
    }
  })
})
