/**
 * An event whose required fields and one identifier are valid is always sent, whatever its
 * optional fields hold: values of the wrong shape, unreadable or over a limit are left out with
 * a warning, never the reason the event is refused. The one refusal left is actions-core's own
 * check of a field's type, which runs before the destination (an object where text is typed,
 * for instance): no field type of actions-core takes both.
 */
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import fc from 'fast-check'
import nock from 'nock'
import destination from '../../src/destinations/pinterest-conversions'
import { hostileEvent } from './arbitraries'
import {
  AggregateAjvError,
  asRuntimesHandIt,
  forCase,
  propertyPinterest,
  runParameters,
  timeoutFor
} from './invariants'
import type { PropertyPinterest } from './invariants'
import { MAPPING_CASES } from './mappings'

const parameters = runParameters(12, MAPPING_CASES.length)
const SETTINGS = { ad_account_id: '549755885175', conversion_token: 'pina_delivered-property-token' }

let pinterest: PropertyPinterest
beforeAll(() => (pinterest = propertyPinterest()))
afterAll(() => {
  pinterest.stop()
  nock.cleanAll()
})

/** The event with what Pinterest needs made valid: an ID, a recent time, an IP address and a user agent. */
function withValidCore(event: Record<string, unknown>): Record<string, unknown> {
  const context = typeof event.context === 'object' && event.context !== null ? event.context : {}
  return {
    ...event,
    messageId: 'delivered-property-event',
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    context: { ...context, ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' }
  }
}

describe.each(MAPPING_CASES.map((c, index) => ({ ...c, index })))(
  'with $name',
  ({ mapping: mappingArbitrary, index }) => {
    it(
      'an event with a valid ID, time and identifier is sent, whatever its optional fields hold',
      async () => {
        await fc.assert(
          fc.asyncProperty(hostileEvent, mappingArbitrary, async (input, mapping) => {
            pinterest.reset({ kind: 'processed' })
            const event = asRuntimesHandIt(createTestEvent(withValidCore(input)))
            const integration = createTestIntegration(destination)
            const error = await integration
              .testAction('reportConversionEvent', { event, mapping, settings: SETTINGS })
              .then(
                () => undefined,
                (e: unknown) => e
              )
            if (error instanceof AggregateAjvError) return
            if (error !== undefined) throw error
            expect(pinterest.bodies.map((body) => body.data.length)).toEqual([1])
            // Each value left out is named with a reason in words.
            const executed = integration.results.find((r) => r.output === 'Action Executed')?.data as {
              warnings?: unknown[]
            }
            for (const warning of executed?.warnings ?? []) {
              expect(warning).toEqual({ field: expect.stringMatching(/\S/), reason: expect.stringMatching(/\S/) })
            }
          }),
          forCase(parameters, index)
        )
      },
      timeoutFor(parameters, 60)
    )
  }
)
