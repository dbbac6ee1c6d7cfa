import {
  IntegrationError,
  InvalidAuthenticationError,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import { FieldValidationError, SettingsError } from 'pinterest-conversions'
import { describeEntry, describeError } from '../errors'
import type { MultiStatusEntry } from '../multistatus'
import { resolveMapping } from '../mappings'

const entry = (node: object) => node as MultiStatusEntry

describe('errors as a person needs them', () => {
  it('takes the fields an error names as data, and the parent of several fields of one object', () => {
    const one = new FieldValidationError('event_id is empty: Pinterest needs it on every event.', ['event_id'])
    expect(describeError(one)).toMatchObject({ status: 400, field: 'event_id', code: 'PAYLOAD_VALIDATION_FAILED' })
    const several = new FieldValidationError('no identifier', ['user_data.email', 'user_data.client_ip_address'])
    expect(describeError(several)).toMatchObject({
      field: 'user_data',
      fields: ['user_data.email', 'user_data.client_ip_address']
    })
    expect(
      describeError(new SettingsError('Default Phone Country must be ...', 'default_phone_country'))
    ).toMatchObject({
      status: 400,
      field: 'default_phone_country'
    })
  })

  it('never reads a field out of the words of a message', () => {
    expect(
      describeError(new PayloadValidationError('event_time 2001-01-01 is more than 7 days ago'))
    ).not.toHaveProperty('field')
  })

  it('gives each kind of error the status that fits', () => {
    expect(describeError(new InvalidAuthenticationError('refused'))).toMatchObject({
      status: 401,
      field: 'conversion_token'
    })
    expect(describeError(new IntegrationError('no access', 'FORBIDDEN', 403))).toMatchObject({ status: 403 })
    expect(describeError(new RetryableError('Pinterest is unavailable (503)', 503))).toMatchObject({
      status: 502,
      upstream_status: 503
    })
    expect(describeError(new TypeError('x is undefined'))).toEqual({
      status: 500,
      message: 'Unexpected TypeError: x is undefined'
    })
  })

  it('keeps only the first line of an unexpected error, never a stack', () => {
    const error = new RangeError('bad value\n    at thing (/src/x.ts:10:3)')
    expect(describeError(error)).toEqual({ status: 500, message: 'Unexpected RangeError: bad value' })
  })

  it('reads a failed multistatus entry from the failure its body carries', () => {
    const settings = {
      status: 400,
      errortype: 'BAD_REQUEST',
      errormessage: 'Ad Account ID must be the digits',
      body: { failure: 'settings', fields: ['ad_account_id'] }
    }
    expect(describeEntry(entry(settings))).toMatchObject({ status: 400, field: 'ad_account_id' })
    const limited = {
      status: 429,
      errortype: 'TOO_MANY_REQUESTS',
      errormessage: 'Pinterest rate limit reached (429)',
      body: { failure: 'retryable' }
    }
    expect(describeEntry(entry(limited))).toMatchObject({ status: 502, upstream_status: 429 })
    expect(
      describeEntry(entry({ status: 400, errortype: 'PAYLOAD_VALIDATION_FAILED', errormessage: 'refused' }))
    ).not.toHaveProperty('field')
  })
})

describe('a mapping actions-core would refuse', () => {
  it('is refused before anything runs, naming the key, with the framework’s words and no stack', () => {
    const resolve = (mapping: object) => () =>
      resolveMapping({ actionSlug: 'reportConversionEvent', mapping: mapping as never })
    expect(resolve({ event_id: { '@template': 5 } })).toThrow(
      expect.objectContaining({
        field: 'event_id',
        message:
          'The mapping of event_id is not valid: /event_id/@template should be a string or a mapping directive but it is a number.'
      })
    )
    expect(resolve({ user_data: { email: { '@path': 5 } } })).toThrow(
      expect.objectContaining({ field: 'user_data.email' })
    )
    expect(resolve({ user_data: { email: { '@path': '$.traits.email' } } })).not.toThrow()
  })
})
