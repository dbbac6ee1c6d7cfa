/**
 * The sandbox's account side against Pinterest's own description of it: every answer the
 * contract's OpenAPI extract (pinterest-oauth-eqs.openapi.json, a copy of
 * /shared/contract's) describes is validated against its schema. Deletion requests are not in
 * the extract (5.23): their tests hold the sandbox to the names of pinterest-oauth-eqs.md.
 */
import Ajv from 'ajv'
import { createHash } from 'crypto'
import type { SandboxRequest, SandboxResponse } from '../sandbox'
import { createSandbox, SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN } from '../sandbox'
import { SANDBOX_AD_ACCOUNTS, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../account'
import spec from './pinterest-oauth-eqs.openapi.json'

const START_MS = Date.UTC(2026, 0, 15, 12, 0, 0)
const DAY = 24 * 60 * 60
const REDIRECT = 'http://127.0.0.1:3000/connect/pinterest/callback'
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addSchema(spec, 'pinterest')
const schema = (pointer: string) => ajv.compile({ $ref: `pinterest#${pointer}` })
const contract = {
  token: schema('/components/schemas/OauthAccessTokenResponse'),
  conversionToken: schema('/components/schemas/ConversionAccessTokenResponse'),
  adAccounts: schema('/paths/~1ad_accounts/get/responses/200/content/application~1json/schema'),
  eqs: schema(
    '/paths/~1ad_accounts~1{ad_account_id}~1conversion_eqs/get/responses/200/content/application~1json/schema'
  ),
  error: schema('/components/schemas/Pinterest.Lib.Error')
}

function conforms(validate: ReturnType<typeof schema>, body: unknown): void {
  const valid = validate(body)
  expect(validate.errors ?? []).toEqual([])
  expect(valid).toBe(true)
}

type Answered = Exclude<SandboxResponse, { reset: true }>

function sandbox() {
  const s = createSandbox({ now: () => START_MS })
  const call = (request: Partial<SandboxRequest> & { url: string }): Answered => {
    const response = s.handle({ method: 'GET', headers: {}, body: '', ...request })
    if ('reset' in response) throw new Error('reset')
    return response
  }
  const basic = `Basic ${Buffer.from(`${SANDBOX_APP_ID}:${SANDBOX_APP_SECRET}`).toString('base64')}`
  const token = (form: Record<string, string>, authorization = basic) =>
    call({
      method: 'POST',
      url: '/v5/oauth/token',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString()
    })
  const authorize = (scope = 'ads:read,ads:write', state = 'state-1') => {
    const query = new URLSearchParams({
      client_id: SANDBOX_APP_ID,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope,
      state
    })
    return call({ url: `/oauth/?${query}` })
  }
  const signIn = (scope?: string) => {
    const location = new URL(authorize(scope).headers.location)
    const code = location.searchParams.get('code') ?? ''
    return token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }).body as Record<
      string,
      string & number
    >
  }
  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` })
  const sendEvents = (accessToken: string, data: object[], account = SANDBOX_AD_ACCOUNT_ID, query = '') =>
    call({
      method: 'POST',
      url: `/v5/ad_accounts/${account}/events${query}`,
      headers: { ...bearer(accessToken), 'content-type': 'application/json' },
      body: JSON.stringify({ data })
    })
  return { ...s, call, token, authorize, signIn, bearer, sendEvents }
}

function event(overrides: Record<string, unknown> = {}) {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: START_MS / 1000 - 60,
    event_id: `order-${Math.random()}`,
    event_source_url: 'https://shop.example/checkout',
    user_data: {
      em: [sha('jane.doe@example.com')],
      client_ip_address: '203.0.113.7',
      client_user_agent: 'Mozilla/5.0'
    },
    custom_data: { order_id: 'o-1', value: '30', currency: 'USD', content_ids: ['sku-1'] },
    ...overrides
  }
}

describe('sandbox OAuth: the authorize page and the token endpoint', () => {
  it('grants at once, sending the browser back with a code and the state it was given', () => {
    const s = sandbox()
    const answer = s.authorize('ads:read,ads:write', 'opaque-state')
    expect(answer.status).toBe(302)
    const back = new URL(answer.headers.location)
    expect(back.origin + back.pathname).toBe(REDIRECT)
    expect(back.searchParams.get('state')).toBe('opaque-state')
    expect(back.searchParams.get('code')).toMatch(/^[\w-]{20,}$/)
  })

  it('refuses an unknown app, and a response type other than code', () => {
    const s = sandbox()
    expect(s.call({ url: `/oauth/?client_id=42&redirect_uri=${REDIRECT}&response_type=code` }).status).toBe(400)
    const wrongType = `/oauth/?client_id=${SANDBOX_APP_ID}&redirect_uri=${REDIRECT}&response_type=token`
    expect(s.call({ url: wrongType }).status).toBe(400)
  })

  it('exchanges a code once, with the app’s id and secret, for tokens in the contract’s shape', () => {
    const s = sandbox()
    const code = new URL(s.authorize().headers.location).searchParams.get('code') ?? ''
    const wrongSecret = `Basic ${Buffer.from(`${SANDBOX_APP_ID}:nope`).toString('base64')}`
    const refused = s.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, wrongSecret)
    expect(refused.status).toBe(401)
    conforms(contract.error, refused.body)

    const granted = s.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    expect(granted.status).toBe(200)
    conforms(contract.token, granted.body)
    expect(granted.body).toMatchObject({
      response_type: 'authorization_code',
      token_type: 'bearer',
      expires_in: 30 * DAY,
      refresh_token_expires_in: 60 * DAY,
      refresh_token_expires_at: START_MS / 1000 + 60 * DAY,
      scope: 'ads:read,ads:write'
    })
    const again = s.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    expect(again.status).toBe(400)
    conforms(contract.error, again.body)
  })

  it('refuses a code sent back with another redirect_uri than it was issued for', () => {
    const s = sandbox()
    const code = new URL(s.authorize().headers.location).searchParams.get('code') ?? ''
    expect(s.token({ grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' }).status).toBe(400)
  })

  it('expires access tokens after 30 days and refreshes them with a continuous refresh token, good 60 days from each refresh', () => {
    const s = sandbox()
    const first = s.signIn()
    expect(s.call({ url: '/v5/ad_accounts', headers: s.bearer(first.access_token) }).status).toBe(200)
    s.advanceClock(31 * DAY)
    expect(s.call({ url: '/v5/ad_accounts', headers: s.bearer(first.access_token) }).status).toBe(401)

    const refreshed = s.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(refreshed.status).toBe(200)
    conforms(contract.token, refreshed.body)
    const body = refreshed.body as Record<string, string & number>
    expect(body.response_type).toBe('refresh_token')
    expect(body.refresh_token).not.toBe(first.refresh_token)
    expect(body.refresh_token_expires_at).toBe(START_MS / 1000 + 31 * DAY + 60 * DAY)
    expect(s.call({ url: '/v5/ad_accounts', headers: s.bearer(body.access_token) }).status).toBe(200)
    // The used refresh token is replaced.
    expect(s.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }).status).toBe(400)

    s.advanceClock(61 * DAY)
    expect(s.token({ grant_type: 'refresh_token', refresh_token: body.refresh_token }).status).toBe(400)
  })

  it('only moves its clock forward', () => {
    expect(() => sandbox().advanceClock(-1)).toThrow(RangeError)
  })
})

describe('sandbox: ad accounts and the conversion token', () => {
  it('lists the user’s ad accounts to an ads:read token, in the contract’s shape', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    const listed = s.call({ url: '/v5/ad_accounts', headers: s.bearer(accessToken) })
    expect(listed.status).toBe(200)
    conforms(contract.adAccounts, listed.body)
    expect((listed.body as { items: Array<{ id: string }> }).items.map((a) => a.id)).toEqual(
      SANDBOX_AD_ACCOUNTS.map((a) => a.id)
    )
    const writeOnly = s.signIn('ads:write').access_token
    expect(s.call({ url: '/v5/ad_accounts', headers: s.bearer(writeOnly) }).status).toBe(403)
    expect(s.call({ url: '/v5/ad_accounts', headers: s.bearer(SANDBOX_CONVERSION_TOKEN) }).status).toBe(401)
  })

  it('mints a conversion token from an ads:write token, which the events endpoint takes for the user’s accounts', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    const minted = s.call({ method: 'POST', url: '/v5/oauth/conversion_token', headers: s.bearer(accessToken) })
    expect(minted.status).toBe(200)
    conforms(contract.conversionToken, minted.body)
    const conversionToken = (minted.body as { access_token: string; token_type: string }).access_token
    expect((minted.body as { token_type: string }).token_type).toBe('conversion')

    for (const account of SANDBOX_AD_ACCOUNTS)
      expect(s.sendEvents(conversionToken, [event()], account.id).status).toBe(200)
    expect(s.sendEvents(conversionToken, [event()], '123456').status).toBe(403)
    expect(s.sendEvents(accessToken, [event()]).status).toBe(200)
    expect(s.received().map((r) => r.token_kind)).toEqual(['conversion', 'conversion', null, 'oauth'])
    expect(JSON.stringify(s.received())).not.toContain(conversionToken)
  })

  it('mints nothing for a token without ads:write', () => {
    const s = sandbox()
    const readOnly = s.signIn('ads:read').access_token
    expect(s.call({ method: 'POST', url: '/v5/oauth/conversion_token', headers: s.bearer(readOnly) }).status).toBe(403)
    expect(s.sendEvents(readOnly, [event()]).status).toBe(403)
  })
})

describe('sandbox: the Event Quality Score of what it recorded', () => {
  const eqs = (s: ReturnType<typeof sandbox>, accessToken: string, query: string) =>
    s.call({ url: `/v5/ad_accounts/${SANDBOX_AD_ACCOUNT_ID}/conversion_eqs?${query}`, headers: s.bearer(accessToken) })

  it('answers coverage per component and event type over the window, in the contract’s shape', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    s.sendEvents(SANDBOX_CONVERSION_TOKEN, [
      event(),
      event({ user_data: { em: [sha('a@example.com')] } }),
      event({ event_name: 'page_visit', custom_data: undefined })
    ])
    // Test mode: Pinterest checks and records nothing, so they do not count.
    s.sendEvents(
      SANDBOX_CONVERSION_TOKEN,
      [event({ user_data: { em: [sha('b@example.com')] } })],
      undefined,
      '?test=true'
    )
    const answer = eqs(s, accessToken, 'lookback_period=1d')
    expect(answer.status).toBe(200)
    conforms(contract.eqs, answer.body)
    const [score] = answer.body as Array<{ quality_components: Record<string, Record<string, { coverage: number }>> }>
    expect(score).toMatchObject({ ingestion_source: 'CONVERSIONS_API', source_platform: 'WEB', lookback_period: '1d' })
    const components = score.quality_components
    expect(components.hashed_email.checkout.coverage).toBe(100)
    expect(components.ip_address.checkout.coverage).toBe(50)
    expect(components.order_id.checkout.coverage).toBe(100)
    expect(components.order_id.page_visit.coverage).toBe(0)
    expect(components.external_event_id.checkout).toEqual({ coverage: 100, issues: [], overlap: 0 })
    expect(components.hashed_maid.checkout).toMatchObject({ coverage: 0, issues: [{ id: 'LOW_COVERAGE' }] })
    expect(Object.keys(components)).toEqual([
      'hashed_email',
      'hashed_maid',
      'ip_address',
      'user_agent',
      'advertiser_external_id',
      'click_id_epik',
      'external_event_id',
      'order_id',
      'order_value',
      'product_id',
      'source_url'
    ])
  })

  it('keeps a day’s events in the 14-day window only, once the clock moves on', () => {
    const s = sandbox()
    const { access_token: first } = s.signIn()
    s.sendEvents(SANDBOX_CONVERSION_TOKEN, [event()])
    s.advanceClock(2 * DAY)
    const { access_token: accessToken } = s.signIn()
    expect(first).not.toBe(accessToken)
    expect(eqs(s, accessToken, 'lookback_period=1d').body).toEqual([])
    expect((eqs(s, accessToken, 'lookback_period=14d').body as unknown[]).length).toBe(1)
    s.advanceClock(13 * DAY)
    expect(eqs(s, accessToken, 'lookback_period=14d').body).toEqual([])
  })

  it('answers 400 without a lookback period, 401 to a conversion token and 403 for another account', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    const missing = eqs(s, accessToken, '')
    expect(missing.status).toBe(400)
    conforms(contract.error, missing.body)
    expect(eqs(s, SANDBOX_CONVERSION_TOKEN, 'lookback_period=1d').status).toBe(401)
    const other = s.call({
      url: '/v5/ad_accounts/123/conversion_eqs?lookback_period=1d',
      headers: s.bearer(accessToken)
    })
    expect(other.status).toBe(403)
  })
})

describe('sandbox: conversion deletion requests (names of pinterest-oauth-eqs.md; not in the 5.23 extract)', () => {
  const path = `/v5/ad_accounts/${SANDBOX_AD_ACCOUNT_ID}/conversion_deletion_requests`
  const file = (s: ReturnType<typeof sandbox>, accessToken: string, targets: unknown) =>
    s.call({
      method: 'POST',
      url: path,
      headers: { ...s.bearer(accessToken), 'content-type': 'application/json' },
      body: JSON.stringify({ deletion_targets: targets })
    })

  it('is pending for 72 hours and cancellable until then, then processing, then completed', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    const filed = file(s, accessToken, { user_emails: ['jane.doe@example.com'], epiks: ['dj0yJnU9abc'] })
    expect(filed.status).toBe(200)
    const request = filed.body as { id: string; state: string; process_after_time: number }
    expect(request).toMatchObject({ state: 'PENDING', process_after_time: START_MS / 1000 + 72 * 3600 })
    expect(JSON.stringify(filed.body)).not.toContain('jane')

    const cancelled = s.call({ method: 'DELETE', url: `${path}/${request.id}`, headers: s.bearer(accessToken) })
    expect(cancelled.body).toMatchObject({ id: request.id, state: 'CANCELLED' })

    const second = file(s, accessToken, { user_emails: ['joe@example.com'] }).body as { id: string }
    const show = () => s.call({ url: `${path}/${second.id}`, headers: s.bearer(accessToken) }).body
    expect(show()).toMatchObject({ state: 'PENDING' })
    s.advanceClock(72 * 3600)
    expect(show()).toMatchObject({ state: 'PROCESSING' })
    expect(s.call({ method: 'DELETE', url: `${path}/${second.id}`, headers: s.bearer(accessToken) }).status).toBe(409)
    s.advanceClock(24 * 3600)
    expect(show()).toMatchObject({ state: 'COMPLETED' })
    const listed = s.call({ url: path, headers: s.bearer(accessToken) }).body as { items: Array<{ state: string }> }
    expect(listed.items.map((item) => item.state)).toEqual(['CANCELLED', 'COMPLETED'])
  })

  it('refuses a request without targets, an email that is none, and a token without ads:write', () => {
    const s = sandbox()
    const { access_token: accessToken } = s.signIn()
    expect(file(s, accessToken, {}).status).toBe(400)
    expect(file(s, accessToken, { user_emails: ['not-an-email'] }).status).toBe(400)
    const readOnly = s.signIn('ads:read').access_token
    expect(file(s, readOnly, { user_emails: ['jane@example.com'] }).status).toBe(403)
    expect(s.call({ url: `${path}/999`, headers: s.bearer(accessToken) }).status).toBe(404)
  })
})
