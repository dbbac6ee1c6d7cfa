/**
 * The hand-written corpus of bad inputs (__tests__/fixtures/), run through the destination:
 * each entry alone on the single path, with the exact error or the exact output it must give,
 * and each theme as one batch, where every entry gets the same verdict at its own index and
 * the bad ones never hold back the good.
 */
import { createHash } from 'crypto'
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { createTestIntegration, defaultValues, IntegrationError } from '@segment/actions-core'
import nock from 'nock'
import destination from '../src/destinations/pinterest-conversions'
import type { EventsRequest, PinterestEvent } from '../src/destinations/pinterest-conversions/contract'
import { FieldValidationError } from '../src/destinations/pinterest-conversions/errors'
import {
  checkPinterestAfterEach,
  fakePinterest
} from '../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
import { appDevice } from './fixtures/app-device'
import type { CorpusEntry, ErrorClass, Expectation, ExpectedOutput } from './fixtures/corpus'
import { ABSENT, baseEvent, overlay } from './fixtures/corpus'
import { dates } from './fixtures/dates'
import { identifiers } from './fixtures/identifiers'
import { locale } from './fixtures/locale'
import { money } from './fixtures/money'
import { products } from './fixtures/products'
import { AggregateAjvError } from './properties/invariants'

const THEMES: Array<[theme: string, entries: CorpusEntry[]]> = [
  ['identifiers', identifiers],
  ['dates', dates],
  ['money', money],
  ['products', products],
  ['app and device', appDevice],
  ['locale', locale]
]

const AD_ACCOUNT_ID = '549755885175'
const SETTINGS = { ad_account_id: AD_ACCOUNT_ID, conversion_token: 'pina_corpus-conversion-token' }
const DEFAULTS = { ...defaultValues(destination.actions.reportConversionEvent.fields), event_name: 'checkout' }

/** Pinterest answering as it does; every body is held to the contract after each test. */
function pinterest(): EventsRequest[] {
  return fakePinterest().bodies
}

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

interface Prepared {
  event: SegmentEvent
  mapping: JSONObject
  expectation: Expectation
}

function prepare(entry: CorpusEntry, now: number): Prepared {
  const over = typeof entry.event === 'function' ? entry.event(now) : (entry.event as Record<string, unknown>)
  return {
    event: overlay(baseEvent(now), over) as unknown as SegmentEvent,
    mapping: { ...DEFAULTS, ...(entry.mapping as JSONObject | undefined) },
    expectation: typeof entry.expect === 'function' ? entry.expect(now) : entry.expect
  }
}

const CLASSES: Record<ErrorClass, new (...args: never[]) => Error> = {
  FieldValidationError,
  AggregateAjvError,
  IntegrationError
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const HEX64 = /^[0-9a-f]{64}$/

function valueAt(event: PinterestEvent, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node === undefined || node === null ? undefined : (node as Record<string, unknown>)[key]),
      event
    )
}

function expectOutput(sent: PinterestEvent, expected: ExpectedOutput): void {
  for (const [path, value] of Object.entries(expected.event ?? {})) {
    if (value === ABSENT) expect({ [path]: valueAt(sent, path) }).toEqual({ [path]: undefined })
    else expect({ [path]: valueAt(sent, path) }).toEqual({ [path]: value })
  }
  for (const [key, normalized] of Object.entries(expected.hashed ?? {})) {
    const digests = (sent.user_data as Record<string, unknown>)[key]
    if (normalized === ABSENT) expect({ [key]: digests }).toEqual({ [key]: undefined })
    else
      expect({ [key]: digests }).toEqual({
        [key]: normalized.map((value) => (HEX64.test(value) ? value : sha256(value)))
      })
  }
}

describe.each(THEMES)('corpus: %s', (_, entries) => {
  describe('each entry on the single path', () => {
    it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (__, entry) => {
      const { event, mapping, expectation } = prepare(entry, Date.now())
      const bodies = pinterest()
      const integration = createTestIntegration(destination)
      const outcome = await integration
        .testAction('reportConversionEvent', { event, mapping, settings: SETTINGS })
        .then(
          () => undefined,
          (error: Error) => error
        )
      if (expectation.error) {
        const { class: errorClass, message, fields } = expectation.error
        expect(outcome).toBeInstanceOf(CLASSES[errorClass])
        expect(outcome?.message).toContain(message)
        if (fields) expect((outcome as FieldValidationError).fields).toEqual(fields)
        if (errorClass !== 'IntegrationError') expect(bodies).toHaveLength(0)
      } else {
        expect(outcome).toBeUndefined()
        expectOutput(bodies[0].data[0], expectation.sends)
        const result = integration.results.find((r) => r.output === 'Action Executed')?.data as { warnings?: unknown }
        expect(result.warnings).toEqual(expectation.sends.warnings)
      }
    })
  })

  it('the whole theme as one batch: the same verdict for each entry, at its index', async () => {
    const now = Date.now()
    const prepared = entries.filter((entry) => entry.mapping === undefined).map((entry) => prepare(entry, now))
    const bodies = pinterest()
    const integration = createTestIntegration(destination)
    await integration.testBatchAction('reportConversionEvent', {
      events: prepared.map((p) => p.event),
      mapping: DEFAULTS,
      settings: SETTINGS
    })
    const outcomes = integration.results[0].multistatus as Array<{
      status: number
      errortype?: string
      errormessage?: string
      sent?: PinterestEvent
      body?: { warnings?: unknown }
    }>
    expect(outcomes).toHaveLength(prepared.length)
    const sent = bodies.flatMap((body) => body.data)
    prepared.forEach(({ expectation }, i) => {
      const outcome = outcomes[i]
      if (expectation.error) {
        expect({ entry: i, status: outcome.status, type: outcome.errortype }).toEqual({
          entry: i,
          status: 400,
          type: expectation.error.class === 'IntegrationError' ? outcome.errortype : 'PAYLOAD_VALIDATION_FAILED'
        })
        expect(outcome.errormessage).toContain(expectation.error.batchMessage ?? expectation.error.message)
      } else {
        expect({ entry: i, status: outcome.status }).toEqual({ entry: i, status: 200 })
        expect(sent).toContainEqual(outcome.sent)
        expectOutput(outcome.sent!, expectation.sends)
        expect({ entry: i, warnings: outcome.body?.warnings }).toEqual({
          entry: i,
          warnings: expectation.sends.warnings
        })
      }
    })
  })
})
