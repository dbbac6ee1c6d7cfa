/**
 * Connect Pinterest against the embedded sandbox, over HTTP: the flow with its state, the
 * status, the account picked, deliveries with the minted token, refreshes, and tokens that
 * never leave sealed.
 */
import { createSandbox, SANDBOX_AD_ACCOUNTS, SANDBOX_APP_ID } from 'pinterest-conversions-tools'
import { connectAccount, hop, signIn } from './connect-support'
import type { GatewayServer } from './gateway-support'
import { get, orderCompleted, request, sandboxRequests, startGatewayServer, until, WRITE_KEY } from './gateway-support'

const DAY = 24 * 60 * 60 * 1000
const [US, EU] = SANDBOX_AD_ACCOUNTS.map((account) => account.id)
const TOKEN_PATTERN = /pin[acr]_sandbox_/

describe('Connect Pinterest (sandbox)', () => {
  let gw: GatewayServer
  let offset = 0
  const clock = () => Date.now() + offset
  const sandbox = createSandbox({ now: clock })

  beforeAll(async () => {
    gw = await startGatewayServer({ clock, sandbox })
  })
  afterAll(() => gw.close())

  it('starts at the authorize page with the app, the callback, the scopes and a state', async () => {
    const { start } = await signIn(gw.base, { stopBefore: 'callback' })
    expect(start.status).toBe(302)
    const authorize = new URL(start.location)
    expect(authorize.origin + authorize.pathname).toBe(`${gw.base}/oauth/`)
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: SANDBOX_APP_ID,
      response_type: 'code',
      redirect_uri: `${gw.base}/connect/pinterest/callback`,
      scope: 'ads:read,ads:write'
    })
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/)
  })

  it('connects: tokens exchanged, accounts listed, a conversion token minted; the status shows no token', async () => {
    const flow = await signIn(gw.base)
    expect(flow.callback).toEqual({ status: 302, location: '/#connect' })
    const status = (await get(gw.base, '/connect/pinterest/status')).body
    expect(status).toMatchObject({
      connected: true,
      ad_accounts: SANDBOX_AD_ACCOUNTS.map(({ id, name }) => ({ id, name })),
      ad_account_id: null,
      refresh_token_days_left: 59,
      warning: null,
      sending: false,
      oauth: { enabled: true }
    })
    expect(Date.parse(String(status.refresh_token_expires_at))).toBeGreaterThan(clock() + 59 * DAY)
    expect(JSON.stringify(status)).not.toMatch(TOKEN_PATTERN)
  })

  it('takes a state once, and refuses one it never gave', async () => {
    const { authorize } = await signIn(gw.base, { stopBefore: 'callback' })
    const callback = new URL(authorize.location)
    const path = callback.pathname + callback.search
    expect((await hop(gw.base + path)).status).toBe(302)
    const replay = await get(gw.base, path)
    expect(replay.status).toBe(400)
    expect(replay.body).toMatchObject({ field: 'state' })
    callback.searchParams.set('state', 'made-up')
    expect((await get(gw.base, callback.pathname + callback.search)).body).toMatchObject({ field: 'state' })
  })

  it("picks one of the user's accounts only, then delivers with the minted conversion token", async () => {
    const wrong = await request(gw.base, '/connect/pinterest/ad-account', { ad_account_id: '123' })
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({ field: 'ad_account_id' })
    const picked = await request(gw.base, '/connect/pinterest/ad-account', { ad_account_id: EU })
    expect(picked.body).toMatchObject({ ad_account_id: EU, sending: true })

    sandbox.clear()
    const event = orderCompleted({
      context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', traits: { email: 'a@b.co' } }
    })
    expect((await request(gw.base, '/v1/batch', { batch: [event] }, { writeKey: WRITE_KEY })).status).toBe(200)
    const received = await until(
      () => sandboxRequests(gw.base),
      (body) => body.count > 0
    )
    expect(received.requests[0]).toMatchObject({
      ad_account_id: EU,
      token_kind: 'conversion',
      response: { status: 200 }
    })
  })

  it('keeps the tokens sealed in the store, and out of every answer, log line and metric', async () => {
    const stored = await gw.queue.records.read('pinterest:connection')
    expect(stored?.text).toBeDefined()
    expect(stored?.text).not.toMatch(TOKEN_PATTERN)
    expect(JSON.parse(stored?.text ?? '{}').sealed).toMatch(/^v1\./)
    const answers = await Promise.all(
      ['/connect/pinterest/status', '/gateway/config', '/gateway/status', '/metrics'].map((path) => get(gw.base, path))
    )
    for (const answer of answers) expect(answer.text).not.toMatch(TOKEN_PATTERN)
    expect(gw.logs.join('\n')).not.toMatch(TOKEN_PATTERN)
    const metrics = answers[3].text
    expect(metrics).toMatch(/^gateway_pinterest_connected 1$/m)
    expect(metrics).toMatch(/^gateway_pinterest_refresh_token_days_left 59$/m)
  })

  it("answers Pinterest's quality score beside the prediction of what the gateway delivered, and the difference", async () => {
    const missing = await get(gw.base, '/health/pinterest')
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({ field: 'lookback_period' })

    await request(gw.base, '/connect/pinterest/ad-account', { ad_account_id: US })
    const before = sandbox.totals().events
    const withoutEmail = orderCompleted({ properties: { order_id: 'o-x', revenue: 5, currency: 'USD' } })
    const batch = [orderCompleted(), orderCompleted(), withoutEmail]
    expect((await request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY })).status).toBe(200)
    await until(
      () => sandboxRequests(gw.base),
      (body) => body.totals.events === before + 3
    )
    // Another sender (a Tag, another integration) reaches the same account: Pinterest counts it, the gateway cannot.
    const seconds = Math.floor(clock() / 1000)
    const other = { event_name: 'checkout', action_source: 'web', event_time: seconds, event_id: 'other-sender' }
    const user = { client_ip_address: '203.0.113.1', client_user_agent: 'Mozilla/5.0' }
    sandbox.handle({
      method: 'POST',
      url: `/v5/ad_accounts/${US}/events`,
      headers: { authorization: 'Bearer sandbox-conversion-token' },
      body: JSON.stringify({ data: [{ ...other, user_data: user }] })
    })
    expect(sandbox.totals().events).toBe(before + 4)
    const health = await get(gw.base, '/health/pinterest?lookback_period=1d')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ ad_account_id: US, lookback_period: '1d' })
    const [theirs] = health.body.pinterest
    const [ours] = health.body.ours
    expect(theirs.quality_components.hashed_email.checkout.coverage).toBe(50)
    expect(ours).toMatchObject({ source_platform: 'WEB', events: { checkout: 3 } })
    expect(ours.quality_components.hashed_email.checkout).toEqual({ coverage: 66.7, events: 3, present: 2 })
    expect(ours.quality_components.order_id.checkout.coverage).toBe(100)
    const row = (component: string) =>
      health.body.difference.find((d: { component: string }) => d.component === component)
    expect(row('hashed_email')).toEqual({
      source_platform: 'WEB',
      component: 'hashed_email',
      event_type: 'checkout',
      pinterest: 50,
      ours: 66.7,
      difference: -16.7
    })
    expect(row('ip_address')).toMatchObject({ pinterest: 100, ours: 100, difference: 0 })
    expect(health.body.difference).toHaveLength(11)
    expect(health.text).not.toMatch(TOKEN_PATTERN)
  })

  it('refreshes the tokens a day before the access token ends, and again when Pinterest says it ended', async () => {
    const before = (await get(gw.base, '/connect/pinterest/status')).body.refresh_token_expires_at
    offset = 29.5 * DAY
    expect((await get(gw.base, '/health/pinterest?lookback_period=14d')).status).toBe(200)
    const refreshed = (await get(gw.base, '/connect/pinterest/status')).body
    expect(Date.parse(String(refreshed.refresh_token_expires_at)) - Date.parse(String(before))).toBeGreaterThan(
      29 * DAY
    )
    expect(refreshed.refresh_token_days_left).toBe(59)

    // Only Pinterest's clock moves: the access token ends there before the gateway expects it.
    sandbox.advanceClock(31 * 24 * 60 * 60)
    expect((await get(gw.base, '/health/pinterest?lookback_period=1d')).status).toBe(200)
    const again = (await get(gw.base, '/connect/pinterest/status')).body
    expect(Date.parse(String(again.refresh_token_expires_at))).toBeGreaterThan(
      Date.parse(String(refreshed.refresh_token_expires_at))
    )
    expect(gw.logs.filter((line) => line.includes('Pinterest tokens refreshed'))).toHaveLength(2)
  })

  it('warns from 7 days left, in the status and the metric', async () => {
    const { refresh_token_expires_at: expiresAt } = (await get(gw.base, '/connect/pinterest/status')).body
    const saved = offset
    offset = Date.parse(String(expiresAt)) - Date.now() - 6.5 * DAY
    try {
      const status = (await get(gw.base, '/connect/pinterest/status')).body
      expect(status.refresh_token_days_left).toBeLessThanOrEqual(7)
      expect(status.warning).toMatch(/connect Pinterest again/)
      expect((await get(gw.base, '/metrics')).text).toMatch(/^gateway_pinterest_refresh_token_days_left [67]$/m)
    } finally {
      offset = saved
    }
  })

  it('disconnects: destinations send with the base settings again', async () => {
    const status = (await request(gw.base, '/connect/pinterest', undefined, { method: 'DELETE' })).body
    expect(status).toMatchObject({ connected: false, sending: false })
    expect(await gw.queue.records.read('pinterest:connection')).toBeUndefined()
    sandbox.clear()
    await request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })
    const received = await until(
      () => sandboxRequests(gw.base),
      (body) => body.count > 0
    )
    expect(received.requests[0]).toMatchObject({ ad_account_id: US, token_kind: 'sandbox' })
    await connectAccount(gw.base, US)
  })
})

describe('Connect Pinterest with OAuth off (live, no TOKEN_ENCRYPTION_KEY)', () => {
  let gw: GatewayServer
  const env = { PINTEREST_AD_ACCOUNT_ID: '549755885175', PINTEREST_CONVERSION_TOKEN: 'live-token-for-tests' }
  beforeAll(async () => {
    gw = await startGatewayServer({ env, live: { ad_account_id: env.PINTEREST_AD_ACCOUNT_ID, conversion_token: 'x' } })
  })
  afterAll(() => gw.close())

  it('says why in the status, and refuses to start the flow naming the variable', async () => {
    const status = (await get(gw.base, '/connect/pinterest/status')).body
    expect(status).toMatchObject({ connected: false, oauth: { enabled: false } })
    expect(status.oauth.reason).toMatch(/TOKEN_ENCRYPTION_KEY/)
    const start = await get(gw.base, '/connect/pinterest')
    expect(start.status).toBe(409)
    expect(start.body).toMatchObject({ field: 'TOKEN_ENCRYPTION_KEY' })
  })
})
