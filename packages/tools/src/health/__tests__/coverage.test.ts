import { EVENT_NAMES } from 'pinterest-conversions'
import type { SignalCoverage } from '..'
import { createHealthTracker, fitsSource, healthReportOf, SIGNALS } from '..'
import { formatCount, percentOf } from '../numbers'
import { EVERY_ID, IP_UA, NOW, event, times, without } from './events'

const bySignal = (coverage: readonly SignalCoverage[]) =>
  Object.fromEntries(coverage.map((item) => [item.signal, item]))

describe('coverage', () => {
  it("lists the thirteen signals in Pinterest's order with their priority", () => {
    const report = healthReportOf([event('page_visit', EVERY_ID)], { nowSeconds: NOW })
    expect(report.coverage.map((item) => [item.label, item.priority])).toEqual([
      ['em', 'high'],
      ['hashed_maids', 'high'],
      ['client_ip_address + client_user_agent', 'high'],
      ['external_id', 'medium'],
      ['fn + ln', 'medium'],
      ['click_id', 'low'],
      ['ph', 'low'],
      ['ge', 'low'],
      ['db', 'low'],
      ['ct', 'low'],
      ['st', 'low'],
      ['zp', 'low'],
      ['country', 'low']
    ])
  })

  it('counts present and lacking events with percentages', () => {
    const events = [
      event('page_visit', EVERY_ID),
      event('page_visit', without(EVERY_ID, 'em', 'ph')),
      event('page_visit', without(EVERY_ID, 'client_ip_address')),
      event('page_visit', without(EVERY_ID, 'fn'))
    ]
    const coverage = bySignal(healthReportOf(events, { nowSeconds: NOW }).coverage)
    expect(coverage.em).toMatchObject({ present: 3, lacking: 1, percent: 75 })
    expect(coverage.ph).toMatchObject({ present: 3, lacking: 1, percent: 75 })
    expect(coverage.ip_ua).toMatchObject({
      present: 3,
      lacking: 1,
      percent: 75,
      fields: ['client_ip_address', 'client_user_agent']
    })
    expect(coverage.fn_ln).toMatchObject({ present: 3, lacking: 1, percent: 75, fields: ['fn', 'ln'] })
    expect(coverage.country).toMatchObject({ present: 4, lacking: 0, percent: 100 })
  })
})

describe('coverage by event_name', () => {
  const events = [
    ...times(3, () => event('page_visit', IP_UA)),
    event('checkout', EVERY_ID),
    event('checkout', without(EVERY_ID, 'em', 'st')),
    event('add_to_cart', { ...IP_UA, click_id: 'epik-1' }),
    event('Order Completed', EVERY_ID),
    event('sign_up', IP_UA)
  ]
  const report = healthReportOf(events, { nowSeconds: NOW })

  it("has one entry per name present, in Pinterest's order, undocumented names together last", () => {
    expect(report.byEventName.map((entry) => [entry.event_name, entry.events])).toEqual([
      ['add_to_cart', 1],
      ['checkout', 2],
      ['page_visit', 3],
      ['(other)', 2]
    ])
  })

  it('computes coverage within each name', () => {
    const entry = (name: string) =>
      bySignal(report.byEventName.find((item) => item.event_name === name)?.coverage ?? [])
    expect(entry('checkout').em).toMatchObject({ present: 1, lacking: 1, percent: 50 })
    expect(entry('checkout').st).toMatchObject({ present: 1, lacking: 1, percent: 50 })
    expect(entry('checkout').ip_ua).toMatchObject({ present: 2, percent: 100 })
    expect(entry('page_visit').em).toMatchObject({ present: 0, lacking: 3, percent: 0 })
    expect(entry('add_to_cart').click_id).toMatchObject({ present: 1, percent: 100 })
    expect(entry('(other)').em).toMatchObject({ present: 1, lacking: 1, percent: 50 })
  })

  it('adds up to the overall coverage', () => {
    for (const [index, overall] of report.coverage.entries()) {
      const sum = report.byEventName.reduce((total, entry) => total + entry.coverage[index].present, 0)
      expect(sum).toBe(overall.present)
    }
    expect(report.byEventName.reduce((total, entry) => total + entry.events, 0)).toBe(report.events)
  })

  it('reports which lower-funnel names are in the data', () => {
    expect(report.lowerFunnel).toEqual({
      events: { add_to_cart: 1, checkout: 2, lead: 0, signup: 0 },
      present: ['add_to_cart', 'checkout'],
      absent: ['lead', 'signup'],
      tagEventNames: null,
      missingFromApi: null
    })
  })

  it('knows every documented name', () => {
    const all = healthReportOf(
      EVENT_NAMES.map((name) => event(name, IP_UA)),
      { nowSeconds: NOW }
    )
    expect(all.byEventName.map((entry) => entry.event_name)).toEqual([...EVENT_NAMES])
  })
})

describe('percentOf', () => {
  it.each([
    [0, 0, 0],
    [5, 0, 0],
    [0, 7, 0],
    [7, 7, 100],
    [1, 4, 25],
    [29, 100, 29],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [999, 1000, 99.9],
    [9999, 10000, 99.9],
    [1, 1000, 0.1],
    [1, 100000, 0.1]
  ])('%i of %i is %d%%', (count, total, percent) => {
    expect(percentOf(count, total)).toBe(percent)
  })
})

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect([0, 999, 1000, 1234567].map(formatCount)).toEqual(['0', '999', '1,000', '1,234,567'])
  })
})

it('has a signal table whose ids are unique', () => {
  expect(new Set(SIGNALS.map((signal) => signal.id)).size).toBe(SIGNALS.length)
})

it('keeps counting after a report', () => {
  const tracker = createHealthTracker({ nowSeconds: NOW })
  tracker.add(event('checkout', EVERY_ID))
  expect(tracker.report().events).toBe(1)
  tracker.add(event('checkout', IP_UA))
  expect(tracker.report()).toMatchObject({ events: 2, grade: 'Poor' })
})

describe('which action sources a signal fits', () => {
  const maids = SIGNALS.find((signal) => signal.id === 'hashed_maids')
  const email = SIGNALS.find((signal) => signal.id === 'em')

  it('a mobile advertising ID only fits app events', () => {
    expect(maids && fitsSource(maids, 'app_ios')).toBe(true)
    expect(maids && fitsSource(maids, 'app_android')).toBe(true)
    expect(maids && fitsSource(maids, 'web')).toBe(false)
    expect(maids && fitsSource(maids, 'offline')).toBe(false)
  })

  it('the other signals fit every source', () => {
    expect(email && fitsSource(email, 'web')).toBe(true)
    expect(SIGNALS.filter((signal) => !fitsSource(signal, 'web')).map((signal) => signal.id)).toEqual(['hashed_maids'])
  })
})
