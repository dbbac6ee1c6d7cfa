/**
 * What the page's editor relies on, against `npm start`'s own process: a subscription whose
 * fixed values its fields refuse is never saved (nor started with), the mapping can be checked
 * before Save, and the recent calls a trigger takes are served newest first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { EVENT_NAMES } from 'pinterest-conversions'
import { baseUrlOf, exitOf, get, orderCompleted, request, spawnMain, startMainProcess } from './gateway-support'

jest.setTimeout(30_000)

const WRITE_KEY = 'editor-test-write-key'
const SUBSCRIPTIONS = '/gateway/destinations/pinterest/subscriptions'
const ORDERS = 'type = "track" and event = "Order Completed"'

let gateway: { url: string; stop(): Promise<void> }
beforeAll(async () => {
  gateway = await startMainProcess({ WRITE_KEY })
})
afterAll(() => gateway?.stop())

describe('a subscription whose fixed values its fields refuse', () => {
  const refusals: Array<[what: string, mapping: Record<string, unknown>, field: string, says: RegExp]> = [
    ['an event name outside Pinterest’s list', { event_name: 'purchase' }, 'event_name', /"purchase".*checkout/],
    ['the same, as a literal', { event_name: { '@literal': 'purchase' } }, 'event_name', /"purchase"/],
    ['a required field left empty', { event_name: '' }, 'event_name', /required/],
    ['text where a number goes', { custom_data: { num_items: 'two' } }, 'custom_data.num_items', /a number/],
    ['a key the object does not have', { user_data: { emial: 'a@b.c' } }, 'user_data.emial', /not a key/],
    ['a choice the field does not offer', { action_source: 'kiosk' }, 'action_source', /web, app_android/],
    [
      'an item key of a list',
      { contents: { '@arrayPath': ['$.properties.products', { sku: 'x' }] } },
      'contents.sku',
      /not a key/
    ]
  ]

  it.each(refusals)('is refused with 400 naming the field: %s', async (_what, mapping, field, says) => {
    const answer = await request(gateway.url, SUBSCRIPTIONS, {
      name: 'Bad',
      trigger: ORDERS,
      preset: 'Checkout',
      mapping
    })
    expect(answer.status).toBe(400)
    expect(answer.body.field).toBe(`subscription.mapping.${field}`)
    expect(answer.body.error).toMatch(says)
    expect(answer.body.error).toContain(`subscription.mapping.${field}`)
  })

  it('offers every one of Pinterest’s event names, and takes fixed values its fields take', async () => {
    const refused = await request(gateway.url, SUBSCRIPTIONS, {
      name: 'Bad',
      trigger: ORDERS,
      mapping: { event_name: 'purchase' }
    })
    for (const name of EVENT_NAMES) expect(refused.body.error).toContain(name)

    const good = {
      name: 'Leads',
      trigger: 'type = "track" and event = "Lead Made"',
      preset: 'Checkout',
      mapping: { event_name: 'lead', action_source: 'web', custom_data: { num_items: '3', currency: 'EUR' } }
    }
    const created = await request(gateway.url, SUBSCRIPTIONS, good)
    expect(created.status).toBe(201)
    // Replacing it with a bad value is refused, and the saved one stays as it was.
    const replaced = await request(
      gateway.url,
      `${SUBSCRIPTIONS}/leads`,
      { ...good, mapping: { event_name: 'purchase' } },
      { method: 'PUT' }
    )
    expect(replaced.status).toBe(400)
    const listed = await get(gateway.url, SUBSCRIPTIONS)
    expect(listed.body.subscriptions.find((s: { id: string }) => s.id === 'leads').mapping.event_name).toBe('lead')
    expect((await request(gateway.url, `${SUBSCRIPTIONS}/leads`, undefined, { method: 'DELETE' })).status).toBe(200)
  })

  it('is checked before saving: POST /gateway/mappings/check answers ok, or the error Save would give', async () => {
    const bad = await request(gateway.url, '/gateway/mappings/check', {
      preset: 'Checkout',
      mapping: { event_name: 'purchase' }
    })
    expect(bad.status).toBe(200)
    expect(bad.body).toMatchObject({ ok: false, field: 'subscription.mapping.event_name' })
    const saved = await request(gateway.url, SUBSCRIPTIONS, {
      name: 'Bad',
      trigger: ORDERS,
      preset: 'Checkout',
      mapping: { event_name: 'purchase' }
    })
    expect(bad.body.error).toBe(saved.body.error)

    const good = await request(gateway.url, '/gateway/mappings/check', { preset: 'Checkout' })
    expect(good).toMatchObject({ status: 200, body: { ok: true } })
    expect((await request(gateway.url, '/gateway/mappings/check', '[]')).status).toBe(400)
  })
})

it('refuses to start on a configuration file with a fixed value its field refuses, naming its key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-editor-'))
  try {
    const path = join(dir, 'gateway.json')
    writeFileSync(
      path,
      JSON.stringify({
        destinations: [
          { id: 'pinterest', subscriptions: [{ name: 'Orders', trigger: ORDERS, mapping: { event_name: 'purchase' } }] }
        ]
      })
    )
    const child = spawnMain({ DATA_DIR: join(dir, 'data') }, ['--config', path])
    const exited = exitOf(child)
    // Were it taken, the process would listen (and never exit): stopped then, to fail below.
    void baseUrlOf(child).then(
      () => child.kill('SIGTERM'),
      () => undefined
    )
    const { code, stderr } = await exited
    expect(code).toBe(2)
    expect(stderr).toContain('destinations[0].subscriptions[0].mapping.event_name')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('GET /gateway/recent-calls', () => {
  const recent = (query: string) => get(gateway.url, `/gateway/recent-calls${query}`)

  it('serves the calls the gateway took, newest first, filtered by a trigger', async () => {
    const first = orderCompleted()
    const page = { type: 'page', name: 'Home', messageId: `page-${Date.now()}`, userId: 'u1' }
    const second = orderCompleted()
    for (const call of [first, page, second])
      expect((await request(gateway.url, `/v1/${call.type}`, call, { writeKey: WRITE_KEY })).status).toBe(200)
    // Refused calls are not kept.
    expect((await request(gateway.url, '/v1/track', orderCompleted(), { writeKey: 'wrong' })).status).toBe(401)

    const orders = await recent(`?trigger=${encodeURIComponent(ORDERS)}`)
    expect(orders.status).toBe(200)
    const ids = orders.body.calls.map((c: { event: { messageId: string } }) => c.event.messageId)
    expect(ids.slice(0, 2)).toEqual([second.messageId, first.messageId])
    expect(ids).not.toContain(page.messageId)
    expect(orders.body.count).toBe(ids.length)
    expect(Date.parse(String(orders.body.calls[0].received_at))).toBeGreaterThan(Date.now() - 60_000)
    // As the gateway stored it: stamped with receivedAt, the same properties.
    expect(orders.body.calls[0].event).toMatchObject({ properties: second.properties, receivedAt: expect.any(String) })

    const all = await recent('?limit=2')
    expect(all.body.calls.map((c: { event: { messageId: string } }) => c.event.messageId)).toEqual([
      second.messageId,
      page.messageId
    ])
  })

  it('keeps at most the last 100 calls', async () => {
    const batch = Array.from({ length: 101 }, () => orderCompleted())
    expect((await request(gateway.url, '/v1/batch', { batch }, { writeKey: WRITE_KEY })).status).toBe(200)
    const kept = await recent('?limit=100')
    const ids = kept.body.calls.map((c: { event: { messageId: string } }) => c.event.messageId)
    expect(ids).toHaveLength(100)
    expect(ids[0]).toBe(batch[100].messageId)
    expect(ids).not.toContain(batch[0].messageId)
  })

  it('keeps no call a subscription did not store for lack of consent', async () => {
    const trigger = 'type = "track" and event = "Consent Checked"'
    const subscription = { id: 'consented', name: 'Consented', trigger, preset: 'Checkout' }
    const consent = { categories: ['Advertising'], when_missing: 'skip' }
    expect((await request(gateway.url, SUBSCRIPTIONS, { ...subscription, consent })).status).toBe(201)
    try {
      const without = orderCompleted({ event: 'Consent Checked' })
      const given = orderCompleted({
        event: 'Consent Checked',
        context: { consent: { categoryPreferences: { Advertising: true } } }
      })
      for (const call of [without, given])
        expect((await request(gateway.url, '/v1/track', call, { writeKey: WRITE_KEY })).status).toBe(200)
      const kept = await recent(`?trigger=${encodeURIComponent(trigger)}`)
      expect(kept.body.calls.map((c: { event: { messageId: string } }) => c.event.messageId)).toEqual([given.messageId])
    } finally {
      await request(gateway.url, `${SUBSCRIPTIONS}/consented`, undefined, { method: 'DELETE' })
    }
  })

  it('names the query parameter it cannot use', async () => {
    const badTrigger = await recent(`?trigger=${encodeURIComponent('event = = "x"')}`)
    expect(badTrigger).toMatchObject({ status: 400, body: { field: 'trigger' } })
    for (const limit of ['0', '101', 'x']) {
      const bad = await recent(`?limit=${limit}`)
      expect([limit, bad.status, bad.body.field]).toEqual([limit, 400, 'limit'])
    }
  })
})

describe('POST /gateway/destinations/:destination/overlaps', () => {
  const overlaps = (body: Record<string, unknown>) =>
    request(gateway.url, '/gateway/destinations/pinterest/overlaps', body)
  const event = () => orderCompleted()

  beforeAll(async () => {
    for (const subscription of [
      { id: 'same', name: 'Same', trigger: ORDERS, preset: 'Checkout' },
      { id: 'as-lead', name: 'As lead', trigger: ORDERS, preset: 'Checkout', mapping: { event_name: 'lead' } },
      { id: 'off', name: 'Off', trigger: ORDERS, preset: 'Checkout', enabled: false }
    ])
      expect((await request(gateway.url, SUBSCRIPTIONS, subscription)).status).toBe(201)
  })
  afterAll(async () => {
    for (const id of ['same', 'as-lead', 'off'])
      await request(gateway.url, `${SUBSCRIPTIONS}/${id}`, undefined, { method: 'DELETE' })
  })

  it('names the other enabled subscriptions that take the event, and whether Pinterest deduplicates them', async () => {
    const sample = event()
    const answer = await overlaps({ event: sample, id: 'same', trigger: ORDERS, preset: 'Checkout' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ event_name: 'checkout', event_id: sample.messageId })
    const listed: Array<{ id: string }> = answer.body.overlaps
    const byId = Object.fromEntries(listed.map((o) => [o.id, o]))
    // The preset's own subscription sends the same name and ID; "As lead" another name; "Off" nothing.
    expect(byId.checkout).toMatchObject({ name: 'Checkout', event_name: 'checkout', deduplicated: true })
    expect(byId['as-lead']).toMatchObject({ event_name: 'lead', deduplicated: false })
    expect(Object.keys(byId).sort()).toEqual(['as-lead', 'checkout'])

    // Another event ID is another conversion to Pinterest.
    const ownId = await overlaps({
      event: sample,
      trigger: ORDERS,
      preset: 'Checkout',
      mapping: { event_id: { '@path': '$.properties.order_id' } }
    })
    expect(ownId.body.overlaps.find((o: { id: string }) => o.id === 'same')).toMatchObject({ deduplicated: false })
  })

  it('finds none when the edited trigger does not take the event, and names a body it cannot use', async () => {
    const none = await overlaps({ event: event(), trigger: 'type = "page"', preset: 'Page View' })
    expect(none.body.overlaps).toEqual([])
    expect((await overlaps({ event: 'x' })).body).toMatchObject({ field: 'event' })
  })
})

it('says once, in its own words, what keeps a trigger from being one', async () => {
  for (const [trigger, says] of [
    ['(', 'a "(" is not closed'],
    [')', 'a ")" closes no "("'],
    ['event = "x', 'a quoted value is not closed'],
    [
      'Order Completed',
      'it does not read as FQL: conditions are a field, an operator and a value (event = "Order Completed"), joined by and / or'
    ]
  ]) {
    const checked = await request(gateway.url, '/gateway/triggers/check', { trigger })
    expect(checked.body).toEqual({ ok: false, error: `Not a valid trigger: ${says}.`, field: 'trigger' })
    const saved = await request(gateway.url, SUBSCRIPTIONS, { name: 'Bad trigger', trigger, preset: 'Checkout' })
    expect(saved.body.error).toBe(`subscription.trigger is not a valid trigger: ${says}.`)
  }
})
