import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import { NO_ATTRIBUTION } from '../attribution'
import { performers } from '../reportConversionEvent'
import { checkPinterestAfterEach, fakePinterest, SETTINGS } from './__helpers__/pinterest-fake'
import { page, track } from './__helpers__/segment-events'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

const lead = { event_name: 'lead' }

describe('partner attribution', () => {
  it("marks every event of a batch as Segment's own destination does: partner_name and custom_data.np", async () => {
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testBatchAction('reportConversionEvent', {
      events: [track('Order Completed', { total: 10, currency: 'USD' }), page()],
      mapping: lead,
      useDefaultMappings: true,
      settings: SETTINGS
    })
    const sent = pinterest.bodies[0].data
    expect(sent.map((event) => event.partner_name)).toEqual(['ss-segment', 'ss-segment'])
    expect(sent[0].custom_data).toEqual({ value: '10', currency: 'USD', np: 'ss-segment' })
    expect(sent[1].custom_data).toEqual({ np: 'ss-segment' })
  })

  it('sends the Partner Name setting as partner_name instead, and keeps np', async () => {
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event: page(),
      mapping: lead,
      useDefaultMappings: true,
      settings: { ...SETTINGS, partner_name: 'ss-acme' }
    })
    expect(pinterest.bodies[0].data[0]).toMatchObject({ partner_name: 'ss-acme', custom_data: { np: 'ss-segment' } })
  })

  it('sends no partner marker for a runtime that passes no attribution, only the Partner Name setting', async () => {
    const own = {
      ...destination,
      actions: {
        reportConversionEvent: {
          ...destination.actions.reportConversionEvent,
          ...performers({ attribution: NO_ATTRIBUTION })
        }
      }
    }
    const pinterest = fakePinterest(undefined, 2)
    const integration = createTestIntegration(own)
    await integration.testAction('reportConversionEvent', {
      event: page(),
      mapping: lead,
      useDefaultMappings: true,
      settings: SETTINGS
    })
    await integration.testAction('reportConversionEvent', {
      event: page(),
      mapping: lead,
      useDefaultMappings: true,
      settings: { ...SETTINGS, partner_name: 'ss-acme' }
    })
    const [plain, named] = pinterest.bodies.map((body) => body.data[0])
    expect(plain.partner_name).toBeUndefined()
    expect(plain.custom_data).toBeUndefined()
    expect(named.partner_name).toBe('ss-acme')
    expect(named.custom_data).toBeUndefined()
  })
})
