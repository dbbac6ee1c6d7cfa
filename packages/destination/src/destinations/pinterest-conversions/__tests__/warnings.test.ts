/**
 * A warning names the field left out and why, never the value: the value may be personal, and
 * warnings travel where values must not (outcomes, logs, the gateway's dead letters). Every
 * optional value below is wrong, each holding a marker that must not reach any reason.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import { checkPinterestAfterEach, fakePinterest, recent, SETTINGS } from './__helpers__/pinterest-fake'
import { webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

interface Warning {
  field: string
  reason: string
}

const MARKERS = ['QZXJ', '73519', '864203']

function markedEvent(): SegmentEvent {
  const context = webContext()
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: 'warnings-quote-nothing',
    timestamp: recent(),
    properties: {
      order_id: 'o-1',
      total: 'QZXJ dollars',
      currency: 'QZXJ',
      products: [
        { product_id: 'p-1', name: 'Shirt', price: 9.99, quantity: 73519.5 },
        { product_id: 'p-2', name: `QZXJ ${'x'.repeat(1100)}`, price: 'QZXJ', quantity: -864203 }
      ]
    },
    context: {
      ...context,
      screen: { width: 864203, height: 73519 },
      traits: {
        email: 'QZXJ at example',
        phone: 'QZXJ',
        gender: 'QZXJ',
        birthday: '73519-99-99',
        address: { city: '73519', state: 'QZXJ', postalCode: '  ', country: 'QZXJ' }
      }
    }
  } as SegmentEvent
}

function expectNoMarker(warnings: Warning[] | undefined) {
  // Enough of the values were left out to mean something.
  expect(warnings?.length).toBeGreaterThanOrEqual(10)
  for (const { field, reason } of warnings ?? []) {
    for (const marker of MARKERS) expect(`${field}: ${reason}`).not.toContain(marker)
  }
}

const mapping = { event_name: 'checkout' }

it('on the single path, no reason quotes a value left out', async () => {
  const pinterest = fakePinterest()
  const integration = createTestIntegration(destination)
  await integration.testAction('reportConversionEvent', {
    event: markedEvent(),
    mapping,
    useDefaultMappings: true,
    settings: SETTINGS
  })
  expect(pinterest.bodies[0].data).toHaveLength(1)
  const executed = integration.results.find((r) => r.output === 'Action Executed')?.data as { warnings?: Warning[] }
  expectNoMarker(executed?.warnings)
})

it('on the batch path, no reason quotes a value left out', async () => {
  const pinterest = fakePinterest()
  const integration = createTestIntegration(destination)
  await integration.testBatchAction('reportConversionEvent', {
    events: [markedEvent()],
    mapping,
    useDefaultMappings: true,
    settings: SETTINGS
  })
  expect(pinterest.bodies[0].data).toHaveLength(1)
  const [outcome] = integration.results[0].multistatus as Array<{ status: number; body?: { warnings?: Warning[] } }>
  expect(outcome.status).toBe(200)
  expectNoMarker(outcome.body?.warnings)
})

it.each(['constructor', 'Constructor', '__proto__', 'toString'])(
  'a name every object has (%j) is no gender: left out with its reason',
  async (gender) => {
    const pinterest = fakePinterest()
    const integration = createTestIntegration(destination)
    await integration.testAction('reportConversionEvent', {
      event: { ...markedEvent(), properties: {}, context: { ...webContext(), traits: { gender } } },
      mapping,
      useDefaultMappings: true,
      settings: SETTINGS
    })
    expect(pinterest.bodies[0].data[0].user_data).not.toHaveProperty('ge')
    const executed = integration.results.find((r) => r.output === 'Action Executed')?.data as { warnings?: Warning[] }
    expect(executed?.warnings).toEqual([
      { field: 'user_data.gender', reason: 'is not f, m or n (female, male, non-binary)' }
    ])
  }
)
