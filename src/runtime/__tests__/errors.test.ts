import {
  IntegrationError,
  InvalidAuthenticationError,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import { describeError, describeFailure, fieldFromMessage } from '../errors'
import { LocalDestination } from '../local-destination'

describe('errors as answers', () => {
  it('finds the field a message is about', () => {
    expect(fieldFromMessage("The root value is missing the required field 'event_id'.")).toBe('event_id')
    expect(fieldFromMessage('The value at /custom_data/value must be a number but it was a string.')).toBe(
      'custom_data.value'
    )
    expect(fieldFromMessage('event_time 2001-01-01T00:00:00.000Z is more than 7 days ago')).toBe('event_time')
    expect(fieldFromMessage('it needs user_data.email (em), user_data.hashed_maids, or both')).toBe('user_data')
    expect(fieldFromMessage('Pinterest did not process the event: no reason given')).toBeUndefined()
  })

  it('gives each kind of error the status that fits and the field that caused it', () => {
    expect(
      describeError(new PayloadValidationError('event_id is empty: Pinterest needs it on every event.'))
    ).toMatchObject({ status: 400, field: 'event_id' })
    expect(describeError(new InvalidAuthenticationError('refused'))).toMatchObject({
      status: 401,
      field: 'conversion_token'
    })
    expect(describeError(new IntegrationError('no access', 'FORBIDDEN', 403))).toMatchObject({
      status: 403,
      field: 'ad_account_id'
    })
    expect(
      describeError(new IntegrationError('Default Phone Country must be ...', 'INVALID_SETTINGS', 400))
    ).toMatchObject({ status: 400, field: 'default_phone_country' })
    expect(describeError(new RetryableError('Pinterest is unavailable (503)', 503))).toMatchObject({
      status: 502,
      upstream_status: 503
    })
    expect(describeError(new TypeError('x is undefined'))).toEqual({
      status: 500,
      message: 'Unexpected TypeError: x is undefined'
    })
  })

  it('turns an invalid mapping (actions-core throws an AggregateError) into a 400 naming the field, with no stack', async () => {
    const thrown = await new LocalDestination()
      .runBatch(
        'reportConversionEvent',
        [{ type: 'track', event: 'Order Completed' }],
        { event_id: { '@template': 5 } },
        { ad_account_id: '1', conversion_token: 'token' }
      )
      .then(
        () => undefined,
        (error: unknown) => error
      )
    expect((thrown as Error).name).toBe('AggregateError')
    const problem = describeError(thrown)
    expect(problem).toMatchObject({ status: 400, field: 'event_id', code: 'PAYLOAD_VALIDATION_FAILED' })
    expect(problem.message).toBe(
      'The mapping is not valid: /event_id/@template should be a string or a mapping directive but it is a number.'
    )

    const standard = new AggregateError(
      [new Error('/user_data/email/@path should be a string.\n    at somewhere (file.ts:1:2)')],
      'two errors'
    )
    expect(describeError(standard)).toMatchObject({
      status: 400,
      field: 'user_data.email',
      message: 'The mapping is not valid: /user_data/email/@path should be a string.'
    })
  })

  it('keeps only the first line of an unexpected error, never a stack', () => {
    const error = new RangeError('bad value\n    at thing (/src/x.ts:10:3)')
    expect(describeError(error)).toEqual({ status: 500, message: 'Unexpected RangeError: bad value' })
    const empty = Object.assign(new Error('only a name\n    at x (y.ts:1:1)'), { name: 'AggregateError' })
    expect(describeError(empty)).toEqual({ status: 500, message: 'Unexpected AggregateError: only a name' })
  })

  it('reads a failed multistatus entry the same way', () => {
    expect(describeFailure(400, 'API Base URL is not a URL', 'BAD_REQUEST')).toMatchObject({
      status: 400,
      field: 'api_base_url'
    })
    expect(describeFailure(429, 'Pinterest rate limit reached (429)')).toMatchObject({
      status: 502,
      upstream_status: 429
    })
  })
})
