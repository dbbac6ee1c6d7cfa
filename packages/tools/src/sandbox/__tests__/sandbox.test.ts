import Ajv from 'ajv'
import { createHash } from 'crypto'
import { responseSchema } from 'pinterest-conversions/test-support'
import type { SandboxRequest, SandboxResponse } from '../sandbox'
import { createSandbox, SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN, TEST_MODE_HEADER } from '../sandbox'

const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0)
const NOW = NOW_MS / 1000
const DAY = 24 * 60 * 60
const sha = (text: string) => createHash('sha256').update(text).digest('hex')
const validResponse = new Ajv({ strict: false }).compile(responseSchema)

function event(overrides: Record<string, unknown> = {}) {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: NOW - 60,
    event_id: `order-${Math.random()}`,
    user_data: { em: [sha('jane.doe@example.com')] },
    ...overrides
  }
}

function request(
  body: unknown,
  options: { token?: string; account?: string; query?: string; method?: string } = {}
): SandboxRequest {
  return {
    method: options.method ?? 'POST',
    url: `/v5/ad_accounts/${options.account ?? SANDBOX_AD_ACCOUNT_ID}/events${options.query ?? ''}`,
    headers: {
      authorization: `Bearer ${options.token ?? SANDBOX_CONVERSION_TOKEN}`,
      'content-type': 'application/json'
    },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  }
}

/** A sandbox whose answers are answers: the tests that want a reset connection ask createSandbox themselves. */
function sandbox(options: { keep?: number } = {}) {
  const s = createSandbox({ ...options, now: () => NOW_MS })
  return { ...s, handle: (r: SandboxRequest) => answered(s.handle(r)) }
}

function answered(response: SandboxResponse) {
  if ('reset' in response) throw new Error('the sandbox reset the connection')
  return response
}

describe('sandbox: who is asking', () => {
  it('answers 401 with Pinterest’s body for any other token, and for none', () => {
    const s = sandbox()
    expect(s.handle(request({ data: [event()] }, { token: 'pina_not-the-sandbox-token' }))).toMatchObject({
      status: 401,
      body: { code: 2, message: 'Authentication failed.' }
    })
    const noHeader = { ...request({ data: [event()] }), headers: {} }
    expect(s.handle(noHeader).status).toBe(401)
  })

  it('answers 403 for another ad account and 400 for an ad account that is not digits', () => {
    const s = sandbox()
    expect(s.handle(request({ data: [event()] }, { account: '1234' }))).toMatchObject({
      status: 403,
      body: { code: 29 }
    })
    const notDigits = s.handle(request({ data: [event()] }, { account: 'act_12' }))
    expect(notDigits).toMatchObject({ status: 400, body: { code: 4196 } })
    expect((notDigits.body as { message: string }).message).toContain('ad_account_id')
  })

  it('only takes POST on the events path', () => {
    const s = sandbox()
    expect(s.handle(request({ data: [event()] }, { method: 'GET' })).status).toBe(405)
    expect(s.handle({ ...request({ data: [event()] }), url: '/v5/ad_accounts/1/other' }).status).toBe(404)
  })
})

describe('sandbox: the body against the contract schema', () => {
  it('answers 400 naming an unknown key and where it is', () => {
    const answer = sandbox().handle(request({ data: [event({ custom_data: { currency: 'USD', price: '3.00' } })] }))
    expect(answer.status).toBe(400)
    expect(answer.body).toEqual({
      code: 4196,
      message: "Additional properties are not allowed ('price' was unexpected) in data[0].custom_data."
    })
  })

  it('answers 400 naming a value of the wrong type', () => {
    const answer = sandbox().handle(request({ data: [event({ event_time: '2026-01-15T12:00:00Z' })] }))
    expect(answer.status).toBe(400)
    expect((answer.body as { message: string }).message).toContain('data[0].event_time')
  })

  it('answers 400 for a missing required key, and for a body that is not JSON', () => {
    const { event_id: _dropped, ...withoutId } = event()
    const missing = sandbox().handle(request({ data: [withoutId] }))
    expect(missing.status).toBe(400)
    expect((missing.body as { message: string }).message).toBe("'event_id' is a required property in data[0].")
    expect(sandbox().handle(request('{"data": ['))).toMatchObject({ status: 400, body: { code: 4196 } })
  })

  it('answers 400 for more than 1000 events, and takes exactly 1000', () => {
    const s = sandbox()
    const tooMany = s.handle(request({ data: Array.from({ length: 1001 }, () => event()) }))
    expect(tooMany.status).toBe(400)
    expect((tooMany.body as { message: string }).message).toMatch(/1001.*1000/)
    const full = s.handle(request({ data: Array.from({ length: 1000 }, () => event()) }))
    expect(full.status).toBe(200)
    expect(full.body).toMatchObject({ num_events_received: 1000, num_events_processed: 1000 })
  })
})

describe('sandbox: per-event answers', () => {
  it('answers 200 with one processed entry per event, in the shape of Pinterest’s response schema and nothing more', () => {
    const answer = sandbox().handle(request({ data: [event(), event()] }))
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      num_events_received: 2,
      num_events_processed: 2,
      events: [{ status: 'processed' }, { status: 'processed' }]
    })
    expect(validResponse(answer.body)).toBe(true)
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(responseSchema.properties).sort())
  })

  it('fails an event that breaks the identifier rule inside a 200, and processes the others', () => {
    const anonymous = event({ user_data: { external_id: [sha('user-1')], client_ip_address: '203.0.113.9' } })
    const answer = sandbox().handle(
      request({ data: [event(), anonymous, event({ user_data: { hashed_maids: [sha('idfa')] } })] })
    )
    expect(answer.status).toBe(200)
    const body = answer.body as {
      num_events_processed: number
      events: Array<{ status: string; error_message?: string }>
    }
    expect(body.num_events_processed).toBe(2)
    expect(body.events.map((e) => e.status)).toEqual(['processed', 'failed', 'processed'])
    expect(body.events[1].error_message).toMatch(/em.*hashed_maids.*client_ip_address.*client_user_agent/)
    expect(validResponse(body)).toBe(true)
  })

  it('answers 422 with per-event details when an event is older than 7 days', () => {
    const answer = sandbox().handle(
      request({ data: [event({ event_time: NOW - 8 * DAY }), event({ event_time: NOW - 6 * DAY })] })
    )
    expect(answer.status).toBe(422)
    expect(answer.body).toMatchObject({
      code: 953,
      details: {
        num_events_received: 2,
        num_events_processed: 1,
        events: [{ status: 'failed' }, { status: 'processed' }]
      }
    })
    const details = (answer.body as { details: { events: Array<{ error_message?: string }> } }).details
    expect(details.events[0].error_message).toMatch(/in the past/)
    expect(validResponse(details)).toBe(true)
  })
})

describe('sandbox: what it keeps', () => {
  it('accepts ?test=true and reports it in a header and in the stored record', () => {
    const s = sandbox()
    const tested = s.handle(request({ data: [event()] }, { query: '?test=true' }))
    const real = s.handle(request({ data: [event()] }))
    expect(tested.status).toBe(200)
    expect(tested.headers[TEST_MODE_HEADER]).toBe('true')
    expect(real.headers[TEST_MODE_HEADER]).toBeUndefined()
    expect(s.received().map((r) => r.test)).toEqual([true, false])
    expect(s.received()[0].path).toBe(`/v5/ad_accounts/${SANDBOX_AD_ACCOUNT_ID}/events?test=true`)
  })

  it('keeps the last requests only, with their bodies and answers, and never the token', () => {
    const s = sandbox({ keep: 2 })
    for (let i = 0; i < 3; i++) s.handle(request({ data: [event({ event_id: `e-${i}` })] }))
    s.handle(request({ data: [event()] }, { token: 'pina_wrong-token' }))
    const kept = s.received()
    expect(kept.map((r) => r.id)).toEqual([3, 4])
    expect(kept[0].body).toMatchObject({ data: [{ event_id: 'e-2' }] })
    expect(kept[0].response).toMatchObject({ status: 200 })
    expect(kept[1].response).toMatchObject({ status: 401 })
    expect(JSON.stringify(kept)).not.toContain(SANDBOX_CONVERSION_TOKEN)
    expect(JSON.stringify(kept)).not.toContain('pina_wrong-token')
    s.clear()
    expect(s.received()).toEqual([])
  })
})

describe('sandbox: faults and totals', () => {
  it('fails the next requests as asked, in order, then answers again', () => {
    const s = createSandbox({ now: () => NOW_MS })
    s.addFault({ status: 503, count: 2 })
    s.addFault({ status: 429, retry_after_seconds: 3, count: 1 })
    s.addFault({ reset: true, count: 1 })
    const answers = Array.from({ length: 5 }, () => s.handle(request({ data: [event()] })))
    expect(answers.map((a) => ('reset' in a ? 'reset' : a.status))).toEqual([503, 503, 429, 'reset', 200])
    expect(answers[2]).toMatchObject({ headers: { 'retry-after': '3' } })
  })

  it('counts every request, and the processed events and their distinct IDs', () => {
    const s = createSandbox({ now: () => NOW_MS })
    s.addFault({ status: 500, count: 1 })
    s.handle(request({ data: [event({ event_id: 'a' })] }))
    s.handle(request({ data: [event({ event_id: 'a' }), event({ event_id: 'b' })] }))
    s.handle(request({ data: [event({ event_id: 'c', event_time: NOW - 8 * DAY }), event({ event_id: 'b' })] }))
    s.handle(request({ data: [event({ event_id: 'd' })] }, { token: 'pina_wrong-token' }))
    expect(s.totals()).toEqual({ requests: 4, events: 3, distinct_event_ids: 2 })
    s.clear()
    expect(s.totals()).toEqual({ requests: 0, events: 0, distinct_event_ids: 0 })
  })
})
