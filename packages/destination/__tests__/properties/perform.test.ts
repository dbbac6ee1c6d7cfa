/**
 * perform (the single path) under hostile events, with the default mappings and every preset:
 * each run checks the invariants of issue 6 on what was thrown, sent, logged and answered.
 */
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import fc from 'fast-check'
import nock from 'nock'
import destination from '../../src/destinations/pinterest-conversions'
import { hostileEvent, answerCase } from './arbitraries'
import type { PropertyPinterest } from './invariants'
import {
  asRuntimesHandIt,
  capturingLogger,
  expectContractAndDigests,
  expectNoRawHashedValue,
  expectNoToken,
  expectPrototypesIntact,
  expectTypedError,
  forCase,
  hashedSourcePaths,
  propertyPinterest,
  runParameters,
  safeJson,
  snapshotPrototypes,
  splitInput,
  textOfError,
  timeoutFor
} from './invariants'
import { MAPPING_CASES } from './mappings'
import { settings } from './settings'

const parameters = runParameters(12, MAPPING_CASES.length)

let pinterest: PropertyPinterest
beforeAll(() => (pinterest = propertyPinterest()))
afterAll(() => {
  pinterest.stop()
  nock.cleanAll()
})

describe.each(MAPPING_CASES.map((c, index) => ({ ...c, index })))(
  'perform with $name',
  ({ mapping: mappingArbitrary, index }) => {
    it(
      'holds the invariants for hostile events',
      async () => {
        const prototypes = snapshotPrototypes()
        await fc.assert(
          fc.asyncProperty(
            hostileEvent,
            mappingArbitrary,
            answerCase,
            settings,
            async (input, mapping, answer, given) => {
              pinterest.reset(answer)
              const token = given.conversion_token
              // As the runtime hands events to actions-core (see asRuntimesHandIt: a null context is an actions-core TypeError).
              const event = asRuntimesHandIt(createTestEvent(input))
              const logs: string[] = []
              const integration = createTestIntegration(destination)
              let error: unknown
              try {
                await integration.testAction('reportConversionEvent', {
                  event,
                  mapping,
                  settings: given,
                  logger: capturingLogger(logs)
                })
              } catch (e) {
                error = e
              }

              // 1. Only the framework's typed errors, and no defect contained as a failure.
              expectTypedError(error)
              // 2 and 3. Bodies keep the contract; hashed keys hold digests only, and no raw value of a hashed field.
              expect(pinterest.bodies.length).toBeLessThanOrEqual(1)
              expectContractAndDigests(pinterest.bodies)
              expectNoRawHashedValue(pinterest.bodies, [splitInput(event, hashedSourcePaths(mapping))], given)
              // 4. The token is in no error, log line or result.
              expectNoToken(token, [textOfError(error), ...logs, safeJson(integration.results)])
              // 5, for the single path: a success is Pinterest's answer to the one event sent.
              if (error === undefined) expect(pinterest.bodies.map((b) => b.data.length)).toEqual([1])
              // 6. No prototype modified.
              expectPrototypesIntact(prototypes)
            }
          ),
          forCase(parameters, index)
        )
      },
      timeoutFor(parameters, 60)
    )
  }
)
