/**
 * performBatch (the batch path) under batches of hostile events with clean events among them,
 * with the default mappings and every preset, small batch sizes (several requests per batch)
 * and every kind of answer from Pinterest: each run checks the invariants of issue 6.
 */
import type { JSONObject } from '@segment/actions-core'
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import fc from 'fast-check'
import nock from 'nock'
import destination from '../../src/destinations/pinterest-conversions'
import { cleanEvent, hostileEvent, answerCase } from './arbitraries'
import type { PropertyPinterest } from './invariants'
import {
  asRuntimesHandIt,
  capturingLogger,
  expectContractAndDigests,
  expectNoContainedDefect,
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

const parameters = runParameters(8, MAPPING_CASES.length)

interface Node {
  status: number
  errortype?: string
  errormessage?: string
  sent?: { event_id?: string }
  body?: unknown
}

/** Hostile events with up to two clean ones at random places; the places of the clean ones. */
const batch = fc
  .tuple(
    fc.array(hostileEvent, { minLength: 1, maxLength: 8 }),
    fc.array(fc.tuple(cleanEvent, fc.nat()), { maxLength: 2 })
  )
  .map(([hostile, cleans]) => {
    const events: Array<Record<string, unknown>> = [...hostile]
    for (const [clean, at] of cleans) events.splice(at % (events.length + 1), 0, clean)
    return events
  })

/** Batch sizes of 1 to 3 split a batch into several requests, sent concurrently; undefined keeps the mapping's. */
const batchSize = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })

let pinterest: PropertyPinterest
beforeAll(() => (pinterest = propertyPinterest()))
afterAll(() => {
  pinterest.stop()
  nock.cleanAll()
})

describe.each(MAPPING_CASES.map((c, index) => ({ ...c, index })))(
  'performBatch with $name',
  ({ mapping: mappingArbitrary, index }) => {
    it(
      'holds the invariants for batches of hostile events',
      async () => {
        const prototypes = snapshotPrototypes()
        await fc.assert(
          fc.asyncProperty(
            batch,
            mappingArbitrary,
            batchSize,
            answerCase,
            settings,
            async (inputs, baseMapping, size, answer, given) => {
              pinterest.reset(answer)
              const token = given.conversion_token
              const mapping: JSONObject = size === undefined ? baseMapping : { ...baseMapping, batch_size: size }
              // As the runtime hands events to actions-core (see asRuntimesHandIt: a null context is an actions-core TypeError).
              const events = inputs.map((input) => asRuntimesHandIt(createTestEvent(input)))
              const logs: string[] = []
              const integration = createTestIntegration(destination)
              let error: unknown
              try {
                await integration.testBatchAction('reportConversionEvent', {
                  events,
                  mapping,
                  settings: given,
                  logger: capturingLogger(logs)
                })
              } catch (e) {
                error = e
              }
              const nodes = (integration.results[0]?.multistatus ?? []) as Node[]

              // 1. Only the framework's typed errors, and no defect contained as an event failure.
              expectTypedError(error)
              nodes.forEach((node) => expectNoContainedDefect(node.errormessage))
              // 2 and 3.
              expectContractAndDigests(pinterest.bodies)
              const hashedPaths = hashedSourcePaths(mapping)
              expectNoRawHashedValue(
                pinterest.bodies,
                events.map((event) => splitInput(event, hashedPaths)),
                given
              )
              // 4.
              expectNoToken(token, [textOfError(error), ...logs, safeJson(nodes)])
              // 5. One outcome per event, at its own index; what was sent is what the outcomes say was sent.
              expect(error).toBeUndefined()
              expect(nodes).toHaveLength(events.length)
              nodes.forEach((node, i) => {
                expect(typeof node?.status).toBe('number')
                expect(node.errormessage).not.toBe('MultiStatusResponse is missing a response at the specified index')
                const messageId = events[i].messageId
                if (node.sent && typeof messageId === 'string') expect(node.sent.event_id).toBe(messageId.trim())
              })
              const sentByOutcomes = nodes.filter((node) => node.sent).map((node) => safeJson(node.sent))
              const received = pinterest.bodies.flatMap((body) => body.data).map((event) => safeJson(event))
              expect(sentByOutcomes.sort()).toEqual(received.sort())
              // Clean events next to hostile ones go out, and succeed when Pinterest takes everything.
              if (answer.kind === 'processed' && pinterest.bodies.length > 0) {
                events.forEach((event, i) => {
                  if (typeof event.messageId === 'string' && event.messageId.startsWith('clean-'))
                    expect(nodes[i].status).toBe(200)
                })
              }
              // 6.
              expectPrototypesIntact(prototypes)
            }
          ),
          forCase(parameters, index)
        )
      },
      timeoutFor(parameters, 200)
    )
  }
)
