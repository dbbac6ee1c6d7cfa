import { mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN } from 'pinterest-conversions-tools'
import type { GatewayServer } from './gateway-support'
import {
  get,
  metric,
  orderCompleted,
  request,
  sandboxRequests,
  startExternalSandbox,
  startGatewayServer,
  status,
  until,
  WRITE_KEY
} from './gateway-support'

jest.setTimeout(20_000)

const SUBSCRIPTIONS = '/gateway/destinations/shop/subscriptions'
const CHECKOUT = {
  id: 'checkout',
  name: 'Checkout',
  trigger: 'type = "track" and event = "Order Completed"',
  preset: 'Checkout'
}

describe('the configuration over the admin routes', () => {
  let sandbox: Awaited<ReturnType<typeof startExternalSandbox>>
  let gw: GatewayServer
  beforeAll(async () => {
    sandbox = await startExternalSandbox()
    gw = await startGatewayServer({
      sandboxUrl: sandbox.base,
      config: {
        destinations: [
          {
            id: 'shop',
            // Literal, as a file saved from the page holds it.
            settings: { ad_account_id: SANDBOX_AD_ACCOUNT_ID, conversion_token: SANDBOX_CONVERSION_TOKEN },
            subscriptions: [CHECKOUT]
          }
        ]
      }
    })
  })
  afterAll(async () => {
    await gw.close()
    await sandbox.close()
  })

  const ingest = (...batch: Array<Record<string, unknown>>) =>
    request(gw.base, '/v1/batch', { batch }, { writeKey: WRITE_KEY })
  const saved = () => JSON.parse(readFileSync(join(gw.dataDir, 'gateway.json'), 'utf8'))
  const deliveredIds = async () =>
    new Set(
      (await sandboxRequests(sandbox.base)).requests
        .filter((r: any) => r.response.status === 200)
        .flatMap((r: any) => r.body.data.map((d: any) => d.event_id))
    )
  const deliver = async (event: Record<string, unknown>) => {
    expect((await ingest(event)).status).toBe(200)
    await until(deliveredIds, (ids) => ids.has(event.messageId))
  }

  it('shows a literal token redacted; PUT back as shown keeps the secret and deliveries still authenticate', async () => {
    const shown = await get(gw.base, '/gateway/config')
    expect(shown.status).toBe(200)
    expect(shown.body.default).toBe(false)
    expect(shown.body.config.destinations[0].settings.conversion_token).toEqual({ redacted: true })
    expect(shown.text).not.toContain(SANDBOX_CONVERSION_TOKEN)

    const put = await request(gw.base, '/gateway/config', shown.body.config, { method: 'PUT' })
    expect(put.status).toBe(200)
    expect(saved().destinations[0].settings.conversion_token).toBe(SANDBOX_CONVERSION_TOKEN)
    await deliver(orderCompleted())
    expect((await status(gw.base)).dead_lettered).toBe(0)
  })

  it('refuses a configuration naming the bad key, and keeps the one in use', async () => {
    const bad = await request(
      gw.base,
      '/gateway/config',
      { destinations: [{ id: 'shop', subscriptions: [CHECKOUT, { name: 'x', trigger: 'type = ' }] }] },
      { method: 'PUT' }
    )
    expect(bad.status).toBe(400)
    expect(bad.body.field).toBe('destinations[0].subscriptions[1].trigger')
    expect(saved().destinations[0].subscriptions).toHaveLength(1)
  })

  it('creates a subscription (201, 409 again, 400 naming a bad trigger), applied without restart and saved', async () => {
    const signup = { name: 'Sign Up', trigger: 'type = "track" and event = "Signed Up"', preset: 'Sign Up' }
    const event = orderCompleted({ event: 'Signed Up' })
    const before = await status(gw.base)
    expect((await ingest(event)).status).toBe(200)
    expect((await status(gw.base)).unrouted).toBe(before.unrouted + 1)

    const created = await request(gw.base, SUBSCRIPTIONS, signup)
    expect(created.status).toBe(201)
    expect(created.body.subscription).toMatchObject({ id: 'sign-up', enabled: true, trigger: signup.trigger })
    expect((await request(gw.base, SUBSCRIPTIONS, signup)).status).toBe(409)
    const badTrigger = await request(gw.base, SUBSCRIPTIONS, { name: 'Broken', trigger: 'event = = "x"' })
    expect(badTrigger.status).toBe(400)
    expect(badTrigger.body.field).toBe('subscription.trigger')

    // A mapping key the action does not have would be ignored, keeping the preset's value: named instead.
    const typo = await request(gw.base, SUBSCRIPTIONS, { ...signup, name: 'Typo', mapping: { event_nme: 'lead' } })
    expect(typo.status).toBe(400)
    expect(typo.body.field).toBe('subscription.mapping.event_nme')
    // Neither a preset nor an event_name: every event it took would be dead-lettered.
    const nameless = await request(gw.base, SUBSCRIPTIONS, { name: 'Nameless', trigger: signup.trigger })
    expect(nameless.status).toBe(400)
    expect(nameless.body.field).toBe('subscription.mapping.event_name')
    const mappedOnly = { name: 'Lead', trigger: 'event = "Lead Made"', mapping: { event_name: 'lead' } }
    expect((await request(gw.base, SUBSCRIPTIONS, mappedOnly)).status).toBe(201)
    expect((await request(gw.base, `${SUBSCRIPTIONS}/lead`, undefined, { method: 'DELETE' })).status).toBe(200)

    expect(saved().destinations[0].subscriptions.map((s: any) => s.id)).toEqual(['checkout', 'sign-up'])
    const listed = await get(gw.base, SUBSCRIPTIONS)
    expect(listed.body.subscriptions.map((s: any) => s.id)).toEqual(['checkout', 'sign-up'])
    const again = orderCompleted({ event: 'Signed Up' })
    await deliver(again)
    const received = (await sandboxRequests(sandbox.base)).requests.flatMap((r: any) => r.body.data)
    expect(received.find((d: any) => d.event_id === again.messageId).event_name).toBe('signup')
  })

  it('replaces a subscription: its new trigger decides from the next event on', async () => {
    const replaced = await request(
      gw.base,
      `${SUBSCRIPTIONS}/checkout`,
      {
        ...CHECKOUT,
        id: undefined,
        trigger: 'type = "track" and event = "Purchase Done"',
        mapping: { event_name: 'lead' }
      },
      { method: 'PUT' }
    )
    expect(replaced.status).toBe(200)
    expect(replaced.body.subscription).toMatchObject({ id: 'checkout', trigger: expect.stringContaining('Purchase') })
    expect(saved().destinations[0].subscriptions[0].trigger).toContain('Purchase Done')
    const before = await status(gw.base)
    expect((await ingest(orderCompleted())).status).toBe(200)
    expect((await status(gw.base)).unrouted).toBe(before.unrouted + 1)
    const purchase = orderCompleted({ event: 'Purchase Done' })
    await deliver(purchase)
    const received = (await sandboxRequests(sandbox.base)).requests.flatMap((r: any) => r.body.data)
    // The mapping laid over the preset's: its event_name, the preset's other fields.
    expect(received.find((d: any) => d.event_id === purchase.messageId)).toMatchObject({
      event_name: 'lead',
      custom_data: { currency: 'USD' }
    })
    expect((await request(gw.base, `${SUBSCRIPTIONS}/nope`, CHECKOUT, { method: 'PUT' })).status).toBe(404)
  })

  it('deletes a subscription: events queued for it end as dead letters (subscription_removed), never sent', async () => {
    // Pinterest asks for a pause: the event waits in the queue while its subscription goes.
    expect(
      (await request(sandbox.base, '/sandbox/faults', { status: 429, retry_after_seconds: 2, count: 1 })).status
    ).toBe(200)
    const event = orderCompleted({ event: 'Signed Up' })
    expect((await ingest(event)).status).toBe(200)
    await until(
      () => get(gw.base, '/metrics'),
      (m) => metric(m.text, 'gateway_pinterest_status_total', { status: '429' }) === 1
    )
    const deleted = await request(gw.base, `${SUBSCRIPTIONS}/sign-up`, undefined, { method: 'DELETE' })
    // The answer says how many events that is, before they go.
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 'sign-up', queued: 1 } })
    expect(saved().destinations[0].subscriptions.map((s: any) => s.id)).toEqual(['checkout'])

    await until(
      () => status(gw.base),
      (s) => s.queued === 0
    )
    const letters = (await get(gw.base, '/gateway/dead-letters')).body.dead_letters
    const letter = letters.find((d: any) => d.messageId === event.messageId)
    expect(letter).toMatchObject({ subscription: 'sign-up', reason: 'subscription_removed' })
    const tries = (await sandboxRequests(sandbox.base)).requests.filter((r: any) =>
      r.body.data.some((d: any) => d.event_id === event.messageId)
    )
    expect(tries.map((r: any) => r.response.status)).toEqual([429])
  })

  it('checks a trigger as typed: the events it takes, or ok:false naming trigger', async () => {
    const events = [{ type: 'track', event: 'Order Completed' }, { type: 'page' }, { type: 'track', event: 'Other' }]
    const ok = await request(gw.base, '/gateway/triggers/check', {
      trigger: 'type = "track" and event = "Order Completed"',
      events
    })
    expect(ok).toMatchObject({ status: 200, body: { ok: true, matches: [0] } })
    // What Segment's parser refuses, and the typos it forgives into a trigger that takes nothing.
    for (const trigger of ['(', 'type = ', 'event = = "x"', 'type = "track" and']) {
      const bad = await request(gw.base, '/gateway/triggers/check', { trigger, events })
      expect([trigger, bad.status]).toEqual([trigger, 200])
      expect(bad.body).toMatchObject({ ok: false, field: 'trigger' })
      expect(typeof bad.body.error).toBe('string')
    }
  })

  it("takes every preset's own trigger", async () => {
    const manifest = (await get(gw.base, '/manifest')).body
    expect(manifest.presets.length).toBeGreaterThan(10)
    for (const preset of manifest.presets) {
      const checked = await request(gw.base, '/gateway/triggers/check', { trigger: preset.subscribe })
      expect([preset.name, checked.body.ok]).toEqual([preset.name, true])
    }
  })
})

describe('sources in the configuration', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({
      writeKey: null,
      env: { IOS_KEY: 'ios-write-key' },
      config: {
        sources: [
          { name: 'web', writeKey: 'web-write-key', destinations: ['a'] },
          { name: 'ios', writeKey: { env: 'IOS_KEY' }, destinations: ['b'] },
          { name: 'server', writeKey: 'server-write-key' }
        ],
        destinations: [
          { id: 'a', subscriptions: [CHECKOUT] },
          { id: 'b', subscriptions: [CHECKOUT] }
        ]
      }
    })
  })
  afterAll(() => gw.close())

  it("takes each source's write key and routes its events only to its destinations", async () => {
    const stored = async () => {
      const text = (await get(gw.base, '/metrics')).text
      return ['a', 'b'].map((destination) => metric(text, 'gateway_events_stored_total', { destination }))
    }
    const send = (writeKey: string) => request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey })
    expect((await send('web-write-key')).status).toBe(200)
    expect(await stored()).toEqual([1, 0])
    expect((await send('ios-write-key')).status).toBe(200)
    expect(await stored()).toEqual([1, 1])
    expect((await send('server-write-key')).status).toBe(200)
    expect(await stored()).toEqual([2, 2])
    expect((await send(WRITE_KEY)).status).toBe(401)
    expect((await send('sandbox-write-key')).status).toBe(401)

    const text = (await get(gw.base, '/metrics')).text
    expect(metric(text, 'gateway_events_accepted_total', { source: 'web' })).toBe(1)
    expect(metric(text, 'gateway_events_accepted_total', { source: 'ios' })).toBe(1)
    // The write keys are secrets too: shown redacted unless named by variable.
    const config = await get(gw.base, '/gateway/config')
    expect(config.text).not.toContain('web-write-key')
    expect(config.body.config.sources[0].writeKey).toEqual({ redacted: true })
    expect(config.body.config.sources[1].writeKey).toEqual({ env: 'IOS_KEY' })
    // Sent back as shown, the keys stay what they were.
    expect((await request(gw.base, '/gateway/config', config.body.config, { method: 'PUT' })).status).toBe(200)
    expect((await send('web-write-key')).status).toBe(200)
    expect((await send('ios-write-key')).status).toBe(200)
    expect(await stored()).toEqual([3, 3])
    const twice = {
      ...config.body.config,
      sources: [...config.body.config.sources, { name: 'web', writeKey: 'other-web-key' }]
    }
    const refused = await request(gw.base, '/gateway/config', twice, { method: 'PUT' })
    expect(refused.status).toBe(400)
    expect(refused.body.field).toBe('sources[3].name')
    await until(
      () => status(gw.base),
      (s) => s.delivered === 6 && s.queued === 0
    )
  })
})

describe('a destination removed while events wait for it', () => {
  it('dead-letters them (destination_removed) after a restart, instead of keeping them queued forever', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-removed-'))
    const sandbox = await startExternalSandbox()
    const both = {
      destinations: [
        { id: 'a', subscriptions: [CHECKOUT] },
        { id: 'b', subscriptions: [CHECKOUT] }
      ]
    }
    try {
      // Pinterest is down: the events are still queued when the gateway stops.
      await request(sandbox.base, '/sandbox/faults', { status: 503, count: 100_000 })
      const first = await startGatewayServer({ dataDir, sandboxUrl: sandbox.base, config: both })
      const event = orderCompleted()
      expect((await request(first.base, '/v1/batch', { batch: [event] }, { writeKey: WRITE_KEY })).status).toBe(200)
      await until(
        () => sandboxRequests(sandbox.base),
        (s) => s.totals.requests >= 2
      )
      await first.close()

      await request(sandbox.base, '/sandbox/requests', undefined, { method: 'DELETE' })
      const second = await startGatewayServer({
        dataDir,
        sandboxUrl: sandbox.base,
        config: { destinations: [both.destinations[0]] }
      })
      try {
        const after = await until(
          () => status(second.base),
          (s) => s.queued === 0,
          10_000
        )
        expect(after).toMatchObject({ delivered: 1, dead_lettered: 1 })
        const letters = (await get(second.base, '/gateway/dead-letters')).body.dead_letters
        expect(letters).toHaveLength(1)
        expect(letters[0]).toMatchObject({
          destination: 'b',
          messageId: event.messageId,
          reason: 'destination_removed'
        })
      } finally {
        await second.close()
      }
    } finally {
      await sandbox.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
