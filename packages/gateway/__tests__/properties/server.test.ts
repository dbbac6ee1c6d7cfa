/**
 * The local server over HTTP (live mode, Pinterest faked by nock) under hostile events, single
 * and batch, with and without presets, and with settings of every shape (tokens above all) given
 * in the request: no answer is a 500 (an untyped error), no answer or request-log line holds
 * a token, every body Pinterest gets keeps the contract, and a batch answers every event.
 * Each run is a real HTTP round trip, so the run count is modest.
 */
import fc from 'fast-check'
import nock from 'nock'
import destination from 'pinterest-conversions'
import type { EventsRequest } from 'pinterest-conversions'
import { resolveMapping } from 'pinterest-conversions-tools'
import type { LocalServer } from '../../src/server'
import { createServer } from '../../src/server'
import { arbitraries, invariants, propertySettings } from 'pinterest-conversions/test-support'

const { hostileEvent, answerCase } = arbitraries
const {
  expectContractAndDigests,
  expectNoContainedDefect,
  expectNoRawHashedValue,
  expectNoToken,
  expectPrototypesIntact,
  hashedSourcePaths,
  propertyPinterest,
  runParameters,
  snapshotPrototypes,
  splitInput,
  timeoutFor
} = invariants
const { AD_ACCOUNT_ID, settings } = propertySettings
type PropertyPinterest = invariants.PropertyPinterest

const LIVE_TOKEN = 'pina_LIVE-token-of-the-server-0123456789abcdef'
const parameters = runParameters(40)

const presetNames = (destination.presets ?? []).map((preset) => preset.name)

/** What a caller posts to /reportConversionEvent: one event or several, a preset or an event name, sometimes its own token. */
const request = fc.record({
  payload: fc.oneof(
    { weight: 1, arbitrary: hostileEvent },
    { weight: 2, arbitrary: fc.array(hostileEvent, { minLength: 1, maxLength: 6 }) }
  ),
  choice: fc.oneof(
    fc.constantFrom(...presetNames).map((preset) => ({ preset })),
    fc.constantFrom('checkout', 'lead', 'page_visit').map((event_name) => ({ mapping: { event_name } }))
  ),
  given: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: settings })
})

let server: LocalServer
let base: string
let pinterest: PropertyPinterest
const requestLog: string[] = []

beforeAll(async () => {
  pinterest = propertyPinterest()
  server = createServer({
    live: { ad_account_id: AD_ACCOUNT_ID, conversion_token: LIVE_TOKEN },
    onAnswer: (req, status, ms) => void requestLog.push(`${req.method} ${req.path} ${status} ${ms}ms`)
  })
  base = await server.listen(0, '127.0.0.1')
})
afterAll(async () => {
  pinterest.stop()
  nock.cleanAll()
  await server.close()
})

it(
  'POST /reportConversionEvent holds the invariants for hostile events, over HTTP',
  async () => {
    const prototypes = snapshotPrototypes()
    await fc.assert(
      fc.asyncProperty(request, answerCase, async ({ payload, choice, given }, answer) => {
        pinterest.reset(answer)
        requestLog.length = 0
        const token = given?.conversion_token
        const body = { payload, ...choice, ...(given !== undefined && { settings: given }) }
        const response = await fetch(`${base}/reportConversionEvent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body)
        })
        const text = await response.text()
        const answerBody = JSON.parse(text) as {
          ok: boolean
          error?: string
          events?: Array<{ index: number; status: number; error?: string }>
        }

        // 1. An untyped error is a 500 "Unexpected ..." answer, or a failure deliver.ts contained.
        expect({ status: response.status, error: answerBody.error }).not.toMatchObject({ status: 500 })
        expectNoContainedDefect(answerBody.error)
        answerBody.events?.forEach((event) => expectNoContainedDefect(event.error))
        // 2 and 3, on what reached Pinterest and on the answer itself.
        const bodies: EventsRequest[] = pinterest.bodies
        expectContractAndDigests(bodies)
        const mapping = resolveMapping({ actionSlug: 'reportConversionEvent', ...choice })
        const events = (Array.isArray(payload) ? payload : [payload]) as object[]
        const inputs = events.map((event) => splitInput(event, hashedSourcePaths(mapping)))
        expectNoRawHashedValue(bodies, inputs, given)
        // 4. Neither the server's token nor one given in the request shows in the answer or the request log.
        for (const secret of [LIVE_TOKEN, token].filter((t): t is string => t !== undefined))
          expectNoToken(secret, [text, ...requestLog])
        // 5. A batch answers every event, at its index.
        if (Array.isArray(payload) && answerBody.events) {
          expect(answerBody.events.map((e) => e.index)).toEqual(payload.map((_, i) => i))
        }
        if (Array.isArray(payload) && !answerBody.events) {
          // Only a failure of the whole request may answer without events: a settings error, say.
          expect(response.status).toBeGreaterThanOrEqual(400)
        }
        // 6.
        expectPrototypesIntact(prototypes)
      }),
      parameters
    )
  },
  timeoutFor(parameters, 300)
)
