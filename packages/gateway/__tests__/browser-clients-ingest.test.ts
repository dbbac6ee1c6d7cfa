/**
 * What analytics.js does that server SDKs do not: it posts to the short routes (`/v1/t`,
 * `/v1/p`, `/v1/b`) of its API host from the shop's origin, as `text/plain` (no CORS preflight)
 * with the write key in the body, and reads the answer only if CORS allows it.
 */
import { sandboxRequests, startMainProcess, until } from './gateway-support'

jest.setTimeout(30_000)

let gateway: Awaited<ReturnType<typeof startMainProcess>>
let url: string

beforeAll(async () => {
  gateway = await startMainProcess({})
  url = gateway.url
})

afterAll(() => gateway.stop())

const shop = { origin: 'https://shop.example' }

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify(body)
  })
}

it('takes analytics.js calls on the short routes, write key in a text/plain body, and lets any origin read the answer', async () => {
  const context = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', page: { url: 'https://shop.example/p/1' } }
  const track = await post(
    '/v1/t',
    {
      writeKey: 'sandbox-write-key',
      type: 'track',
      anonymousId: 'a-1',
      messageId: 'ajs-t-1',
      event: 'Product Added',
      properties: { price: 9.99, quantity: 2, currency: 'USD' },
      context
    },
    shop
  )
  expect(track.status).toBe(200)
  expect(track.headers.get('access-control-allow-origin')).toBe('*')
  expect(await track.json()).toEqual({ success: true })

  const batch = await post('/v1/b', {
    writeKey: 'sandbox-write-key',
    batch: [{ type: 'page', anonymousId: 'a-1', messageId: 'ajs-p-1', context }]
  })
  expect(batch.status).toBe(200)

  const { requests } = (await until(
    () => sandboxRequests(url),
    (received) => received.totals.distinct_event_ids === 2
  )) as {
    requests: Array<{
      body: { data: Array<{ event_id: string; event_name: string; custom_data?: { value?: string } }> }
    }>
  }
  const sent = requests.flatMap((request) => request.body.data)
  expect(sent.find((event) => event.event_id === 'ajs-t-1')).toMatchObject({
    event_name: 'add_to_cart',
    custom_data: { value: '19.98' }
  })
  expect(sent.find((event) => event.event_id === 'ajs-p-1')).toMatchObject({ event_name: 'page_visit' })
})

it('answers a CORS preflight, for clients that send the write key as Basic credentials from a page', async () => {
  const answer = await fetch(`${url}/v1/track`, {
    method: 'OPTIONS',
    headers: { ...shop, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' }
  })
  expect(answer.status).toBe(204)
  expect(answer.headers.get('access-control-allow-origin')).toBe('*')
  expect(answer.headers.get('access-control-allow-headers')).toMatch(/Authorization/i)
})

it('refuses a call without a known write key, still readable by the page', async () => {
  const answer = await post('/v1/t', { writeKey: 'not-a-key', type: 'track', anonymousId: 'a', event: 'X' }, shop)
  expect(answer.status).toBe(401)
  expect(answer.headers.get('access-control-allow-origin')).toBe('*')
  expect(await answer.json()).toMatchObject({ ok: false, field: 'writeKey' })
})
