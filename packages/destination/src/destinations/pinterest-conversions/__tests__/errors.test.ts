/** What perform does with bad input and with every kind of answer from Pinterest. */
import type { SegmentEvent } from '@segment/actions-core'
import {
  createTestIntegration,
  IntegrationError,
  InvalidAuthenticationError,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { FieldValidationError } from '../errors'
import {
  BASE_URL,
  checkPinterestAfterEach,
  EVENTS_PATH,
  fakePinterest,
  recent,
  SETTINGS,
  TOKEN
} from './__helpers__/pinterest-fake'
import { USER_AGENT, webContext } from './__helpers__/segment-events'

checkPinterestAfterEach()
afterEach(() => nock.cleanAll())

function perform(
  event: Partial<SegmentEvent> = {},
  settings: object = {},
  integration = createTestIntegration(destination)
) {
  return integration.testAction('reportConversionEvent', {
    event: { type: 'track', event: 'Order Completed', timestamp: recent(), context: webContext(), ...event },
    mapping: { event_name: 'checkout' },
    useDefaultMappings: true,
    settings: { ...SETTINGS, ...settings }
  })
}

/** The error perform threw, after checking it never carries the token. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e
  )
  if (!error) throw new Error('expected perform to fail')
  expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN)
  return error
}

describe('checks before sending: a PayloadValidationError naming the field, and no request', () => {
  it('rejects an event with no email, no MAID and not both IP and user agent', async () => {
    const pinterest = fakePinterest()
    const error = await failure(
      perform({ userId: 'user-42', context: { ip: '203.0.113.7', traits: { phone: '+14155550100', email: 'n/a' } } })
    )
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.message).toMatch(/user_data\.email.*user_data\.hashed_maids.*client_ip_address.*client_user_agent/)
    expect((error as FieldValidationError).fields).toEqual([
      'user_data.email',
      'user_data.hashed_maids',
      'user_data.client_ip_address',
      'user_data.client_user_agent'
    ])
    expect(pinterest.bodies).toHaveLength(0)
  })

  it('accepts IP and user agent alone as the identifier', async () => {
    const pinterest = fakePinterest()
    await perform({ userId: undefined, context: { ip: '203.0.113.7', userAgent: USER_AGENT } })
    expect(pinterest.bodies[0].data[0].user_data).toEqual({
      client_ip_address: '203.0.113.7',
      client_user_agent: USER_AGENT
    })
  })

  it('rejects an event_time in the future, beyond a minute of clock skew', async () => {
    const pinterest = fakePinterest()
    const error = await failure(perform({ timestamp: new Date(Date.now() + 5 * 60_000).toISOString() }))
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.message).toMatch(/event_time .* is in the future/)
    expect((error as FieldValidationError).fields).toEqual(['event_time'])
    expect(pinterest.bodies).toHaveLength(0)
  })

  // Shrunk counterexample of the property tests: 2^53 read as milliseconds is a date past
  // JavaScript's last one, and writing it in the message threw a RangeError.
  it('rejects an event_time beyond the last date JavaScript can write as in the future, naming event_time', async () => {
    const pinterest = fakePinterest()
    const error = await failure(perform({ timestamp: 9007199254740992 as unknown as string }))
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.message).toBe(
      'event_time 9007199254740 is in the future: Pinterest only takes events that already happened.'
    )
    expect((error as FieldValidationError).fields).toEqual(['event_time'])
    expect(pinterest.bodies).toHaveLength(0)
  })

  it('lets an event_time a few seconds ahead through', async () => {
    const pinterest = fakePinterest()
    await perform({ timestamp: new Date(Date.now() + 20_000).toISOString() })
    expect(pinterest.bodies).toHaveLength(1)
  })

  it('rejects an event_time older than 7 days', async () => {
    const pinterest = fakePinterest()
    const error = await failure(perform({ timestamp: new Date(Date.now() - 8 * 24 * 3600_000).toISOString() }))
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.message).toMatch(/event_time .* more than 7 days ago/)
    expect(pinterest.bodies).toHaveLength(0)
  })

  it.each([
    ['letters', 'act_5497'],
    ['more than 18 digits', '1234567890123456789'],
    ['spaces inside', '5497 5588 5175']
  ])('rejects an ad account ID with %s, saying what one looks like', async (_, adAccountId) => {
    const error = await failure(perform({}, { ad_account_id: adAccountId }))
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error.message).toMatch(
      /Ad Account ID must be the digits of a Pinterest ad account ID .* such as 549755885175/
    )
  })

  it('rejects a default phone country that is not an ISO code', async () => {
    const error = await failure(perform({}, { default_phone_country: 'Narnia' }))
    expect(error.message).toMatch(/Default Phone Country/)
  })

  // Found by the property tests: settings reach the destination as the runtime got them, and
  // a number where text belongs made readSettings throw a TypeError ("….trim is not a
  // function") that deliver.ts then passed off as a settings error.
  it.each([
    ['partner_name', 5, 'Partner Name must be text, such as ss-segment.'],
    ['partner_name', { name: 'ss-segment' }, 'Partner Name must be text, such as ss-segment.'],
    ['default_phone_country', 1, 'Default Phone Country must be a two-letter ISO country code'],
    ['default_phone_country', ['US'], 'Default Phone Country must be a two-letter ISO country code'],
    // An object with a key of its own named toString, as JSON.parse makes it: String() of it throws.
    ['ad_account_id', JSON.parse('{"toString":1}'), 'Ad Account ID must be the digits'],
    ['conversion_token', JSON.parse('{"toString":1}'), 'Conversion Token must be text'],
    // Past 2^53 a number has lost digits: String() of it names another account.
    ['ad_account_id', Number('123456789012345678'), 'Ad Account ID must be the digits']
  ])('rejects a %s of %j as a settings error that says what it must be', async (setting, value, message) => {
    const error = await failure(perform({}, { [setting]: value }))
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error.message).toContain(message)
  })
})

// Shrunk counterexamples of the property tests (__tests__/properties): node-fetch refused the
// Authorization header with a TypeError that quoted the whole token, before perform ever ran.
describe('a conversion token pasted with characters no token has', () => {
  it.each([
    ['a line break', 'pina_AAAAAAAAAA\r\nAAAAAAAAAA'],
    ['an emoji', 'pina_AAAAAAAAAA😀AAAAAAAAAA'],
    ['a NUL character', 'pina_AAAAAAAAAA\u0000AAAAAAAAAA'],
    ['a space inside', 'pina_AAAAAAAAAA AAAAAAAAAA']
  ])('with %s is a settings error that does not quote it, and nothing is sent', async (_, token) => {
    const pinterest = fakePinterest()
    const error = await perform({}, { conversion_token: token }).then(
      () => undefined,
      (e: Error) => e
    )
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error?.message).toMatch(/^Conversion Token has characters a conversion token never has/)
    expect(`${error?.stack} ${JSON.stringify(error)}`).not.toContain('AAAAAAAAAA')
    expect(pinterest.bodies).toHaveLength(0)
  })

  it('fails every event of a batch with that settings error', async () => {
    const integration = createTestIntegration(destination)
    const event = {
      type: 'track',
      event: 'Order Completed',
      timestamp: recent(),
      context: webContext()
    } as SegmentEvent
    await integration.testBatchAction('reportConversionEvent', {
      events: [event, event],
      mapping: { event_name: 'checkout' },
      useDefaultMappings: true,
      settings: { ...SETTINGS, conversion_token: 'pina_AAAAAAAAAA\r\nAAAAAAAAAA' }
    })
    const outcomes = integration.results[0].multistatus as Array<{
      status: number
      errortype: string
      errormessage: string
    }>
    expect(outcomes.map((o) => [o.status, o.errortype])).toEqual([
      [400, 'BAD_REQUEST'],
      [400, 'BAD_REQUEST']
    ])
    expect(outcomes[0].errormessage).toMatch(/^Conversion Token has characters/)
  })
})

describe("Pinterest's answers", () => {
  const answer = (status: number, body: object) => nock(BASE_URL).post(EVENTS_PATH).reply(status, body)

  it('returns the per-event result when Pinterest processed the event', async () => {
    answer(200, {
      num_events_received: 1,
      num_events_processed: 1,
      events: [{ status: 'processed', warning_message: 'language is unknown' }]
    })
    const integration = createTestIntegration(destination)
    await perform({}, {}, integration)
    const executed = integration.results.find((result) => result.output === 'Action Executed')
    expect(executed?.data).toEqual({ status: 'processed', warning_message: 'language is unknown' })
  })

  it('throws with Pinterest’s error_message when a 200 says the event failed', async () => {
    answer(200, {
      num_events_received: 1,
      num_events_processed: 0,
      events: [{ status: 'failed', error_message: 'event_id is too long' }]
    })
    const error = await failure(perform())
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.message).toContain('event_id is too long')
    expect((error as IntegrationError).status).toBe(400)
  })

  it.each([
    [400, { code: 4196, message: "Additional properties are not allowed ('foo' was unexpected)" }],
    [
      422,
      {
        code: 953,
        message: 'Not all events were processed.',
        details: {
          num_events_received: 1,
          num_events_processed: 0,
          events: [{ status: 'failed', error_message: 'Given timestamp is in the past' }]
        }
      }
    ]
  ])('turns a %i into a non-retryable error with Pinterest’s message', async (status: number, body: object) => {
    answer(status, body)
    const error = await failure(perform())
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.message).toContain(status === 400 ? "('foo' was unexpected)" : 'Given timestamp is in the past')
  })

  it('explains a 401 as an invalid conversion token', async () => {
    answer(401, { code: 2, message: 'Authentication failed.' })
    const error = await failure(perform())
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.message).toMatch(/conversion token is not valid/)
  })

  it('explains a 403 as a token without access to the ad account', async () => {
    answer(403, { code: 29, message: 'You are not permitted to access that resource.' })
    const error = await failure(perform())
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.message).toMatch(/no access to ad account 549755885175/)
  })

  it.each([429, 500, 502, 503, 504])('makes a %i retryable with the same status', async (status: number) => {
    answer(status, { code: 8, message: 'try later' })
    const error = await failure(perform())
    expect(error).toBeInstanceOf(RetryableError)
    expect((error as RetryableError).status).toBe(status)
  })
})
