import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { Settings } from '../generated-types'
import {
  BASE_URL,
  checkPinterestAfterEach,
  EVENTS_PATH,
  fakePinterest,
  SETTINGS,
  TOKEN
} from './__helpers__/pinterest-fake'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

const testAuthentication = (settings: Settings = SETTINGS) =>
  createTestIntegration(destination).testAuthentication(settings)

/** The message testAuthentication failed with, after checking it never carries the token. */
async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e
  )
  if (!error) throw new Error('expected testAuthentication to fail')
  expect(error.message).not.toContain(TOKEN)
  return error.message
}

describe('testAuthentication', () => {
  it('sends one valid event, in test mode, with the token, and accepts a 200', async () => {
    const pinterest = fakePinterest()
    const before = Math.floor(Date.now() / 1000)
    await expect(testAuthentication()).resolves.toBeUndefined()
    expect(pinterest.queries).toEqual(['test=true'])
    expect(pinterest.headers[0].authorization).toBe(`Bearer ${TOKEN}`)
    expect(pinterest.bodies[0].data).toHaveLength(1)
    expect(pinterest.bodies[0].data[0].event_time).toBeGreaterThanOrEqual(before)
  })

  it('is in test mode even when the test_mode setting is off', async () => {
    const pinterest = fakePinterest()
    await testAuthentication({ ...SETTINGS, test_mode: false })
    expect(pinterest.queries).toEqual(['test=true'])
  })

  it('accepts a 200 whose event failed: the token reached the ad account', async () => {
    fakePinterest(() => [
      200,
      { num_events_received: 1, num_events_processed: 0, events: [{ status: 'failed', error_message: 'x' }] }
    ])
    await expect(testAuthentication()).resolves.toBeUndefined()
  })

  it('tells a 401 by its status code: the conversion token is not valid', async () => {
    nock(BASE_URL)
      .post(EVENTS_PATH)
      .query(true)
      .reply(401, { code: 2, message: 'You are not permitted to access that resource.' })
    expect(await rejection(testAuthentication())).toMatch(/conversion token is not valid/)
  })

  it('tells a 403 by its status code: the token has no access to the ad account', async () => {
    nock(BASE_URL).post(EVENTS_PATH).query(true).reply(403, { code: 29, message: 'Authentication failed.' })
    expect(await rejection(testAuthentication())).toMatch(/token has no access to ad account 549755885175/)
  })

  it('reports a Pinterest outage as such, not as bad credentials', async () => {
    nock(BASE_URL).post(EVENTS_PATH).query(true).reply(503, { code: 4197, message: 'ramped down' })
    expect(await rejection(testAuthentication())).toMatch(/Pinterest is unavailable \(503\)/)
  })

  it('rejects an ad account ID that is not digits before calling Pinterest', async () => {
    const pinterest = fakePinterest()
    expect(await rejection(testAuthentication({ ...SETTINGS, ad_account_id: 'act_123' }))).toMatch(
      /Ad Account ID must be the digits/
    )
    expect(pinterest.bodies).toHaveLength(0)
  })

  // Shrunk counterexample of the property tests: the HTTP client threw a TypeError quoting the token.
  it('rejects a token pasted with a line break before calling Pinterest, without quoting it', async () => {
    const pinterest = fakePinterest()
    const message = await rejection(
      testAuthentication({ ...SETTINGS, conversion_token: 'pina_AAAAAAAAAA\r\nAAAAAAAAAA' })
    )
    expect(message).toMatch(/Conversion Token has characters a conversion token never has/)
    expect(message).not.toContain('AAAAAAAAAA')
    expect(pinterest.bodies).toHaveLength(0)
  })
})
