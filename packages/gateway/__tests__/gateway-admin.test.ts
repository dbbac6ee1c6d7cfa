import type { GatewayServer } from './gateway-support'
import { get, orderCompleted, request, startGatewayServer, WRITE_KEY } from './gateway-support'

jest.setTimeout(20_000)

const ADMIN_ROUTES: Array<[method: string, path: string, body?: unknown]> = [
  ['GET', '/gateway/config'],
  ['PUT', '/gateway/config', { destinations: [{ id: 'pinterest' }] }],
  ['GET', '/gateway/destinations/pinterest/subscriptions'],
  ['POST', '/gateway/destinations/pinterest/subscriptions', { name: 'x', trigger: 'type = "page"' }],
  ['DELETE', '/gateway/destinations/pinterest/subscriptions/checkout'],
  ['POST', '/gateway/triggers/check', { trigger: 'type = "page"' }],
  ['POST', '/gateway/mappings/check', { preset: 'Checkout' }],
  ['GET', '/gateway/recent-calls'],
  ['POST', '/gateway/destinations/pinterest/overlaps', { event: { type: 'page' } }],
  ['GET', '/gateway/dead-letters'],
  ['POST', '/gateway/dead-letters/requeue', { all: true }],
  ['POST', '/sandbox/faults', { status: 503, count: 1 }],
  ['DELETE', '/sandbox/requests']
]

const send = (base: string, [method, path, body]: typeof ADMIN_ROUTES[number], headers?: Record<string, string>) =>
  request(base, path, body, { method, headers })

describe('with ADMIN_TOKEN set', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({ adminToken: 'admin-token-for-tests' })
  })
  afterAll(() => gw.close())

  it('asks the Bearer token on every admin route, naming ADMIN_TOKEN, and lets the right one in', async () => {
    for (const route of ADMIN_ROUTES) {
      for (const headers of [undefined, { authorization: 'Bearer wrong' }, { authorization: 'Basic YWRtaW4=' }]) {
        const refused = await send(gw.base, route, headers)
        expect([route[0], route[1], refused.status]).toEqual([route[0], route[1], 401])
        expect(refused.body.field).toBe('ADMIN_TOKEN')
        expect(refused.body.error).toContain('ADMIN_TOKEN')
      }
    }
    const right = await get(gw.base, '/gateway/config', { authorization: 'Bearer admin-token-for-tests' })
    expect(right.status).toBe(200)
    expect(right.body.config.destinations[0].id).toBe('pinterest')
    expect(right.text).not.toContain('admin-token-for-tests')
  })

  it('keeps the tracking API and the operations routes open', async () => {
    expect((await request(gw.base, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })).status).toBe(
      200
    )
    for (const path of ['/healthz', '/readyz', '/metrics', '/gateway/status'])
      expect([path, (await get(gw.base, path)).status]).toEqual([path, 200])
  })
})

describe('listening beyond loopback', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({ host: '0.0.0.0' })
  })
  afterAll(() => gw.close())

  it('refuses every admin route without the token with 401 naming ADMIN_TOKEN, even from loopback', async () => {
    for (const route of ADMIN_ROUTES) {
      const refused = await request(gw.base, route[1], route[2], { method: route[0], adminToken: null })
      expect([route[0], route[1], refused.status]).toEqual([route[0], route[1], 401])
      expect(refused.body.field).toBe('ADMIN_TOKEN')
    }
  })

  it('still takes events and answers /healthz and /metrics', async () => {
    const accepted = await request(
      gw.base,
      '/v1/track',
      { userId: 'u', event: 'Order Completed' },
      { writeKey: WRITE_KEY }
    )
    expect(accepted).toMatchObject({ status: 200, body: { success: true } })
    expect((await get(gw.base, '/healthz')).status).toBe(200)
    const metrics = await get(gw.base, '/metrics')
    expect(metrics.status).toBe(200)
    expect(metrics.text).toMatch(/gateway_events_accepted_total\{source="default"\} 1/)
  })
})

describe('on loopback', () => {
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer()
  })
  afterAll(() => gw.close())

  it('grants nothing for the address: the admin routes answer the token, and only the token', async () => {
    expect((await request(gw.base, '/gateway/config', undefined, { adminToken: null })).status).toBe(401)
    expect((await get(gw.base, '/gateway/config')).status).toBe(200)
    expect((await request(gw.base, '/sandbox/faults', { status: 503, count: 1 }, { adminToken: null })).status).toBe(
      401
    )
    expect((await request(gw.base, '/sandbox/faults', { status: 503, count: 1 })).status).toBe(200)
  })
})
