import type { PinterestEvent } from 'pinterest-conversions'
import type { EqsCounts } from '../eqs'
import { addToEqsCounts, eqsDifference, eqsPrediction, mergeEqsCounts } from '../eqs'

const DIGEST = 'a'.repeat(64)

function event(overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: 1_700_000_000,
    event_id: 'e-1',
    user_data: { em: [DIGEST], client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' },
    custom_data: { order_id: 'o-1', value: '30', contents: [{ id: 'sku-1' }] },
    ...overrides
  }
}

describe("the prediction of Pinterest's Event Quality Score", () => {
  it("reads each of Pinterest's components from the events sent, per platform and event type", () => {
    const counts: EqsCounts = {}
    addToEqsCounts(counts, event())
    addToEqsCounts(counts, event({ user_data: { hashed_maids: [DIGEST] }, custom_data: undefined }))
    addToEqsCounts(counts, event({ action_source: 'app_ios', event_source_url: 'https://shop.example/' }))
    const [web, ios] = eqsPrediction(counts, '1d')
    expect(web).toMatchObject({ source_platform: 'WEB', lookback_period: '1d', events: { checkout: 2 } })
    const coverage = (component: keyof typeof web.quality_components) =>
      web.quality_components[component].checkout.coverage
    expect([coverage('hashed_email'), coverage('hashed_maid'), coverage('ip_address')]).toEqual([50, 50, 50])
    expect([coverage('external_event_id'), coverage('order_id'), coverage('product_id')]).toEqual([100, 50, 50])
    expect(coverage('source_url')).toBe(0)
    expect(ios.source_platform).toBe('MOBILE_IOS')
    expect(ios.quality_components.source_url.checkout).toEqual({ coverage: 100, events: 1, present: 1 })
  })

  it('adds counts kept apart (hours, instances) to the same totals', () => {
    const one: EqsCounts = {}
    const other: EqsCounts = {}
    addToEqsCounts(one, event())
    addToEqsCounts(other, event({ user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'x' } }))
    const merged = mergeEqsCounts(JSON.parse(JSON.stringify(one)) as EqsCounts, other)
    expect(merged.WEB.checkout).toEqual({
      events: 2,
      present: {
        hashed_email: 1,
        ip_address: 2,
        user_agent: 2,
        external_event_id: 2,
        order_id: 2,
        order_value: 2,
        product_id: 2
      }
    })
  })

  it("gives Pinterest's coverage minus ours for every component either side knows, reading Pinterest's answer defensively", () => {
    const counts: EqsCounts = {}
    addToEqsCounts(counts, event())
    const pinterest = [
      {
        source_platform: 'WEB',
        quality_components: { hashed_email: { checkout: { coverage: 80, issues: [] }, lead: { coverage: 10 } } }
      },
      'not a score'
    ]
    const difference = eqsDifference(pinterest, eqsPrediction(counts, '14d'))
    const row = (component: string, type = 'checkout') =>
      difference.find((d) => d.component === component && d.event_type === type)
    expect(row('hashed_email')).toEqual({
      source_platform: 'WEB',
      component: 'hashed_email',
      event_type: 'checkout',
      pinterest: 80,
      ours: 100,
      difference: -20
    })
    expect(row('hashed_email', 'lead')).toMatchObject({ pinterest: 10, ours: null, difference: null })
    expect(row('order_id')).toMatchObject({ pinterest: null, ours: 100, difference: null })
    expect(eqsDifference(undefined, [])).toEqual([])
  })
})
