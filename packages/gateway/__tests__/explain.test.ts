import nock from 'nock'
import { readdirSync } from 'fs'
import { join } from 'path'
import {
  explainEvent,
  resolveMapping,
  withTimestamp,
  SANDBOX_AD_ACCOUNT_ID,
  SANDBOX_CONVERSION_TOKEN
} from 'pinterest-conversions-tools'
import { asPinterest, checkPinterestAfterEach, fakePinterest } from 'pinterest-conversions/test-support'
import { ROOT, call, example, sha256, useLocalServer } from './helpers'

checkPinterestAfterEach()

const IDENTIFIER_FIELDS = [
  'user_data.email',
  'user_data.hashed_maids',
  'user_data.client_ip_address',
  'user_data.client_user_agent'
]

/** An event that reaches Pinterest through the Checkout preset, with the traits given. */
function orderWith(traits: Record<string, unknown>, context: Record<string, unknown> = {}) {
  const event = example('order-completed')
  event.context = { ...event.context, ...context, traits: { ...event.context.traits, ...traits } }
  return event
}

const field = (answer: any, name: string) => answer.fields.find((f: any) => f.field === name)
const key = (answer: any, name: string) => answer.userData.find((k: any) => k.field === name)

describe('POST /explain in sandbox mode', () => {
  const local = useLocalServer()
  const post = local.post

  it('GET /explain tells the settings in use, token redacted, and that runs are sent to the sandbox', async () => {
    const { status, body, text } = await call(local.base, 'GET', '/explain')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      mode: 'sandbox',
      settings: {
        mode: 'sandbox',
        sends: true,
        ad_account_id: SANDBOX_AD_ACCOUNT_ID,
        test_mode: false,
        conversion_token: '[redacted]'
      }
    })
    expect(body.settings.description).toMatch(/nothing leaves this machine/)
    expect(text).not.toContain(SANDBOX_CONVERSION_TOKEN)
  })

  it('explains the Checkout example: fields with their mapping, the trace per user_data key, the body sent to the sandbox and its answer, the health view', async () => {
    const before = (await call(local.base, 'GET', '/sandbox/requests')).body.count
    const { status, body, text } = await post('/explain', { preset: 'Checkout', payload: example('order-completed') })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      ok: true,
      mode: 'sandbox',
      preset: 'Checkout',
      sent: true,
      payloadStage: 'validated',
      errors: []
    })

    expect(field(body, 'event_name')).toMatchObject({ value: 'checkout', mapping: 'checkout', errors: [] })
    expect(field(body, 'event_time')).toMatchObject({ source: '$.timestamp' })
    expect(field(body, 'user_data.email')).toMatchObject({
      value: ['Jane.Doe@Example.com'],
      source: expect.stringContaining('$.context.traits.email')
    })

    const email = key(body, 'email')
    expect(email).toMatchObject({
      pinterestKey: 'em',
      hashed: true,
      output: [sha256('jane.doe@example.com')],
      errors: []
    })
    expect(email.values).toEqual([
      {
        input: 'Jane.Doe@Example.com',
        status: 'hashed',
        normalized: 'jane.doe@example.com',
        digest: sha256('jane.doe@example.com')
      }
    ])
    expect(key(body, 'state').values[0]).toMatchObject({ input: 'California', normalized: 'ca', digest: sha256('ca') })
    expect(key(body, 'phone').values[0]).toMatchObject({ input: '(415) 555-0134', normalized: '14155550134' })
    expect(key(body, 'client_ip_address').values).toEqual([
      { input: '203.0.113.24', status: 'kept', output: '203.0.113.24' }
    ])
    // Every user_data key of the action is listed, with or without a value.
    expect(body.userData.map((k: any) => k.field)).toEqual(
      expect.arrayContaining(['email', 'hashed_maids', 'click_id', 'partner_id'])
    )
    expect(key(body, 'hashed_maids').values).toEqual([])

    expect(body.request.url).toBe(`${local.base}/v5/ad_accounts/${SANDBOX_AD_ACCOUNT_ID}/events`)
    expect(body.request.headers.authorization).toBe('Bearer [redacted]')
    expect(body.request.body.data[0].user_data.em).toEqual([sha256('jane.doe@example.com')])
    expect(body.response).toMatchObject({
      status: 200,
      body: { num_events_received: 1, events: [{ status: 'processed' }] }
    })
    expect((await call(local.base, 'GET', '/sandbox/requests')).body.count).toBe(before + 1)

    expect(body.health.grade).toBe('Good/Fair')
    expect(body.health.carries.map((s: any) => s.signal)).toEqual(
      expect.arrayContaining(['em', 'ip_ua', 'external_id', 'fn_ln', 'ph', 'ge', 'db'])
    )
    expect(body.health.lacks.map((s: any) => s.signal)).toEqual(['click_id'])
    // A web event cannot carry a mobile ad ID: not counted as lacking it.
    expect(body.health.cannotCarry.map((s: any) => s.signal)).toEqual(['hashed_maids'])

    expect(text).not.toContain(SANDBOX_CONVERSION_TOKEN)
  })

  it('shows every dropped value with its reason, in a sentence that names the value', async () => {
    const event = orderWith(
      { gender: ['robot', 'unknown'], phone: 'call me', birthday: 'unknown' },
      { ip: 'not-an-ip' }
    )
    const { status, body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
    expect(key(body, 'gender').values).toEqual([
      {
        input: 'robot',
        status: 'dropped',
        reason: 'is not f, m or n (female, male, non-binary)',
        note: "gender 'robot' is not f, m or n (female, male, non-binary)"
      },
      {
        input: 'unknown',
        status: 'dropped',
        reason: 'is a placeholder, not a value',
        note: "gender 'unknown' is a placeholder, not a value"
      }
    ])
    expect(key(body, 'gender').output).toBeUndefined()
    expect(key(body, 'phone').values).toEqual([
      { input: 'call me', status: 'dropped', reason: 'has no digits', note: "phone 'call me' has no digits" }
    ])
    expect(key(body, 'date_of_birth').values[0]).toMatchObject({
      status: 'dropped',
      note: "date_of_birth 'unknown' is a placeholder, not a value"
    })
    expect(key(body, 'client_ip_address').values).toEqual([
      {
        input: 'not-an-ip',
        status: 'dropped',
        reason: 'is not an IPv4 or IPv6 address',
        note: "client_ip_address 'not-an-ip' is not an IPv4 or IPv6 address"
      }
    ])
    const sent = body.request.body.data[0].user_data
    expect(sent.ge).toBeUndefined()
    expect(sent.ph).toBeUndefined()
    expect(sent.client_ip_address).toBeUndefined()
    // What was left out with a warning (placeholders are not: they stand for no value).
    expect(body.warnings).toEqual([
      { field: 'user_data.phone', reason: 'has no digits' },
      { field: 'user_data.gender', reason: 'is not f, m or n (female, male, non-binary)' },
      { field: 'user_data.client_ip_address', reason: 'is not an IPv4 or IPv6 address' }
    ])
    expect(field(body, 'user_data.phone').warnings).toEqual(['user_data.phone has no digits: left out'])
    // The health view follows what was sent: no IP address, so no IP + user agent pair.
    expect(body.health.lacks.map((s: any) => s.signal)).toEqual(expect.arrayContaining(['ip_ua', 'ph', 'ge', 'db']))
    expect(body.health.goodFairBlockers[0]).toMatch(/client_ip_address/)
  })

  it('passes a value that already is a digest through, lowercased, and says so; a second value with the same digest is sent once', async () => {
    const digest = sha256('jane.doe@example.com')
    const event = orderWith({ email: [' JANE.DOE@example.com ', digest.toUpperCase()] })
    const { body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(key(body, 'email').values).toEqual([
      { input: ' JANE.DOE@example.com ', status: 'hashed', normalized: 'jane.doe@example.com', digest },
      { input: digest.toUpperCase(), status: 'duplicate', digest, note: 'same digest as an earlier email: sent once' }
    ])
    const prehashed = await post('/explain', {
      preset: 'Checkout',
      payload: orderWith({ email: digest.toUpperCase() })
    })
    expect(key(prehashed.body, 'email').values).toEqual([
      { input: digest.toUpperCase(), status: 'prehashed', digest, note: 'already a digest: passed through' }
    ])
    expect(prehashed.body.request.body.data[0].user_data.em).toEqual([digest])
  })

  it('says which runtime sent an event actions-core refused for an optional value alone, and shows the warning on its field', async () => {
    const event = orderWith({})
    event.properties.order_id = { id: 'o-object' }
    const { body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(body.ok).toBe(true)
    expect(body.errors).toEqual([])
    expect(body.rescued).toMatchObject({
      runtime: expect.stringContaining('LocalDestination'),
      fields: ['custom_data.order_id']
    })
    expect(body.rescued.note).toMatch(/Segment's own runtime refuses it/)
    expect(body.warnings).toContainEqual({ field: 'custom_data.order_id', reason: 'is an object where text is typed' })
    expect(field(body, 'custom_data.order_id').warnings).toEqual([
      'custom_data.order_id is an object where text is typed: left out'
    ])
  })

  it('lists every reason an event is refused for, each on its fields: no identifier and 9 days old', async () => {
    const event = example('order-completed')
    delete event.context.ip
    delete event.context.userAgent
    delete event.context.traits.email
    event.timestamp = new Date(Date.now() - 9 * 24 * 60 * 60 * 1000).toISOString()
    const { body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(body.ok).toBe(false)
    expect(body.errors.map((e: any) => e.fields)).toEqual([IDENTIFIER_FIELDS, ['event_time']])
    expect(body.errors[1].message).toMatch(/more than 7 days ago/)
    expect(field(body, 'event_time').errors).toEqual([body.errors[1].message])
    expect(field(body, 'user_data.email').errors).toEqual([body.errors[0].message])
  })

  it('attaches the missing-identifier error to the identifier fields, in the field list and in the trace; no request, no health', async () => {
    const event = example('order-completed')
    delete event.context.ip
    delete event.context.userAgent
    delete event.context.traits.email
    const before = (await call(local.base, 'GET', '/sandbox/requests')).body.count
    const { status, body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: false, sent: false, request: null, response: null, health: null })
    expect(body.errors).toHaveLength(1)
    expect(body.errors[0]).toMatchObject({
      fields: IDENTIFIER_FIELDS,
      source: 'destination',
      status: 400,
      code: 'PAYLOAD_VALIDATION_FAILED'
    })
    expect(body.errors[0].message).toMatch(/cannot match this event to a person/)
    for (const name of IDENTIFIER_FIELDS) expect(field(body, name).errors).toEqual([body.errors[0].message])
    expect(field(body, 'user_data.phone').errors).toEqual([])
    for (const name of ['email', 'hashed_maids', 'client_ip_address', 'client_user_agent'])
      expect(key(body, name).errors).toEqual([body.errors[0].message])
    // The trace is still there: the values that were mapped, and what became of them.
    expect(key(body, 'phone').values[0]).toMatchObject({ status: 'hashed', normalized: '14155550134' })
    expect((await call(local.base, 'GET', '/sandbox/requests')).body.count).toBe(before)
  })

  it('attaches the framework’s validation errors to their fields and shows the payload as mapped', async () => {
    const { status, body } = await post('/explain', {
      preset: 'Checkout',
      mapping: { custom_data: { value: { '@path': '$.properties.order_id' } }, event_time: 'not a time' },
      payload: example('order-completed')
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: false, payloadStage: 'mapped', request: null, userData: [] })
    expect(body.errors.map((e: any) => [e.fields, e.source])).toEqual([[['event_time'], 'mapping']])
    expect(field(body, 'custom_data.value')).toMatchObject({ value: 'ORD-100234', source: '$.properties.order_id' })
    expect(field(body, 'event_time').errors[0]).toMatch(/date-like/)
  })

  it('attaches a missing required field to it (no preset: event_name has no mapping)', async () => {
    const { body } = await post('/explain', { payload: example('order-completed') })
    expect(body.errors).toEqual([expect.objectContaining({ fields: ['event_name'], source: 'mapping' })])
    expect(field(body, 'event_name').errors[0]).toMatch(/event_name/)
  })

  it('puts a value left out of one product on the contents row, and sends the event without it', async () => {
    const event = example('order-completed')
    event.properties.products[1].price = 1e300
    const { body } = await post('/explain', { preset: 'Checkout', payload: event })
    expect(body.ok).toBe(true)
    expect(body.warnings).toEqual([{ field: 'contents[1].item_price', reason: 'is too large to be an amount' }])
    expect(field(body, 'contents').warnings).toEqual(['contents[1].item_price is too large to be an amount: left out'])
    expect(body.request.body.data[0].custom_data.contents[1].item_price).toBeUndefined()
  })

  it('a wrong token: the sandbox’s 401 on conversion_token, and the token in no answer', async () => {
    const token = 'pina_explain-wrong-token-123'
    const { status, body, text } = await post('/explain', {
      preset: 'Checkout',
      settings: { conversion_token: token },
      payload: example('order-completed')
    })
    expect(status).toBe(200)
    expect(body.ok).toBe(false)
    expect(body.errors[0]).toMatchObject({ fields: ['conversion_token'], source: 'pinterest', status: 401 })
    expect(body.response.status).toBe(401)
    expect(body.request.headers.authorization).toBe('Bearer [redacted]')
    expect(body.settings.conversion_token).toBe('[redacted]')
    expect(text).not.toContain(token)
    expect(text).not.toContain(SANDBOX_CONVERSION_TOKEN)
  })

  it('an unusable setting is an error on that setting', async () => {
    const { body } = await post('/explain', {
      preset: 'Checkout',
      settings: { ad_account_id: 'act-1' },
      payload: example('order-completed')
    })
    expect(body.errors).toEqual([expect.objectContaining({ fields: ['ad_account_id'], source: 'settings' })])
  })

  it('test mode is shown and reaches the sandbox', async () => {
    const { body } = await post('/explain', {
      preset: 'Checkout',
      settings: { test_mode: true },
      payload: example('order-completed')
    })
    expect(body.settings.test_mode).toBe(true)
    expect(body.request.url).toMatch(/\?test=true$/)
    expect(body.response.headers['x-sandbox-test-mode']).toBe('true')
  })

  it('?send=false builds the request without sending it, even to the sandbox', async () => {
    const before = (await call(local.base, 'GET', '/sandbox/requests')).body.count
    const { body } = await post('/explain?send=false', { preset: 'Checkout', payload: example('order-completed') })
    expect(body).toMatchObject({ ok: true, sent: false, response: null, settings: { sends: false } })
    expect(body.request.body.data[0].user_data.em).toEqual([sha256('jane.doe@example.com')])
    expect(body.request.headers).toBeUndefined()
    expect(body.health.carries.length).toBeGreaterThan(0)
    expect((await call(local.base, 'GET', '/sandbox/requests')).body.count).toBe(before)
  })

  it('an array is explained event by event, in order', async () => {
    const broken = example('order-completed')
    delete broken.context
    const { status, body } = await post('/explain', {
      preset: 'Checkout',
      payload: [example('order-completed'), broken]
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: false, count: 2 })
    expect(body.events.map((e: any) => [e.index, e.ok])).toEqual([
      [0, true],
      [1, false]
    ])
    const tooMany = await post('/explain', {
      preset: 'Checkout',
      payload: Array.from({ length: 101 }, () => example('order-completed'))
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toMatchObject({ ok: false, field: 'payload' })
  })

  it('refuses a bad body as the action route does, naming the key; and a bad send parameter', async () => {
    expect((await post('/explain', { payload: {}, extra: 1 })).body).toMatchObject({ ok: false, field: 'extra' })
    expect((await post('/explain', { preset: 'Nope', payload: {} })).body).toMatchObject({ ok: false, field: 'preset' })
    expect((await post('/explain', '{not json')).status).toBe(400)
    const send = await post('/explain?send=maybe', { payload: {} })
    expect(send.status).toBe(400)
    expect(send.body).toMatchObject({ ok: false, field: 'send' })
    expect(send.text).not.toMatch(/\n\s+at /)
  })
})

describe('POST /explain in live mode (Pinterest faked by nock)', () => {
  const TOKEN = 'pina_live-token-for-explain-never-shown'
  const ACCOUNT = '123456789012'
  const local = useLocalServer({ live: { ad_account_id: ACCOUNT, conversion_token: TOKEN, test_mode: true } })
  afterEach(() => nock.cleanAll())

  it('builds the request without sending it unless ?send=true', async () => {
    // No interceptor: a request to Pinterest would fail the run (nock refuses the network).
    const info = await call(local.base, 'GET', '/explain')
    expect(info.body.settings).toMatchObject({
      mode: 'live',
      sends: false,
      test_mode: true,
      conversion_token: '[redacted]'
    })
    const { body, text } = await call(local.base, 'POST', '/explain', {
      preset: 'Checkout',
      payload: example('order-completed')
    })
    expect(body).toMatchObject({ ok: true, mode: 'live', sent: false, response: null })
    expect(body.request.url).toBe(`https://api.pinterest.com/v5/ad_accounts/${ACCOUNT}/events?test=true`)
    expect(body.request.body.data[0].user_data.em).toEqual([sha256('jane.doe@example.com')])
    expect(text).not.toContain(TOKEN)
  })

  it('sends with ?send=true, shows the answer, never the token', async () => {
    const pinterest = fakePinterest(asPinterest, 1, { anyAccount: true })
    const { body, text } = await call(local.base, 'POST', '/explain?send=true', {
      preset: 'Checkout',
      payload: example('order-completed')
    })
    expect(pinterest.scope.isDone()).toBe(true)
    expect(pinterest.queries).toEqual(['test=true'])
    expect(pinterest.headers[0].authorization).toBe(`Bearer ${TOKEN}`)
    expect(body).toMatchObject({ ok: true, sent: true, response: { status: 200 }, settings: { sends: true } })
    expect(body.request.headers.authorization).toBe('Bearer [redacted]')
    expect(text).not.toContain(TOKEN)
  })
})

describe('explainEvent itself', () => {
  it('never puts the token in an explanation, even before the server scrubs answers', async () => {
    const token = 'pina_module-level-token-check'
    const explanation = await explainEvent({
      event: withTimestamp(example('order-completed') as any),
      mapping: resolveMapping({ actionSlug: 'reportConversionEvent', preset: 'Checkout' }),
      settings: { ad_account_id: '123456789012', conversion_token: token, test_mode: true },
      send: false
    })
    expect(explanation.ok).toBe(true)
    expect(JSON.stringify(explanation)).not.toContain(token)
  })
})

describe('the playground page and its routes', () => {
  const local = useLocalServer()

  it('GET / serves the page, held to this server by its Content-Security-Policy', async () => {
    const page = await call(local.base, 'GET', '/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'")
    expect(page.text).toContain('<script type="module" src="/playground/main.js">')
    expect((await call(local.base, 'GET', '/playground/playground.css')).status).toBe(200)
  })

  it('serves main.js and every module it imports, which are all the modules in playground/', async () => {
    const served = new Set<string>()
    const pending = ['main.js']
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (served.has(name)) continue
      const script = await call(local.base, 'GET', `/playground/${name}`)
      expect([name, script.status, script.headers.get('content-type')]).toEqual([
        name,
        200,
        'text/javascript; charset=utf-8'
      ])
      expect(script.headers.get('content-security-policy')).toContain("script-src 'self'")
      served.add(name)
      for (const [, imported] of script.text.matchAll(/^import .* from '\.\/([\w-]+\.js)'$/gm)) pending.push(imported)
    }
    const modules = readdirSync(join(ROOT, 'playground')).filter((file) => file.endsWith('.js'))
    expect([...served].sort()).toEqual(modules.sort())
  })

  it('serves only its own files', async () => {
    expect((await call(local.base, 'GET', '/playground/index.ts')).status).toBe(404)
    expect((await call(local.base, 'GET', '/playground/..%2Fpackage.json')).status).toBe(404)
    expect((await call(local.base, 'GET', '/playground/../package.json')).status).toBe(404)
    // Names every object has are not files either.
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect([name, (await call(local.base, 'GET', `/playground/${name}`)).status]).toEqual([name, 404])
    }
  })

  it('GET /examples lists the bundled events with the presets that take them', async () => {
    const { status, body } = await call(local.base, 'GET', '/examples')
    expect(status).toBe(200)
    expect(body.examples).toHaveLength(16)
    expect(body.examples.find((e: any) => e.name === 'order-completed')).toMatchObject({
      title: 'Order Completed',
      type: 'track',
      presets: ['Checkout']
    })
    expect(body.examples.find((e: any) => e.name === 'page')).toMatchObject({ title: 'Page', presets: ['Page View'] })
    for (const example of body.examples) expect(example.presets.length).toBeGreaterThan(0)
  })
})
