/**
 * The admin boundary of `npm start`'s own process: credentials on every admin route whatever
 * the caller's address, a token of its own when ADMIN_TOKEN is not set, the page's session,
 * and the Host, Origin and Content-Type checks that keep other sites' pages out.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { MainProcess } from './gateway-support'
import { basic, baseUrlOf, exitOf, orderCompleted, request, spawnMain, startMainProcess } from './gateway-support'
import { requestAs } from './helpers'

jest.setTimeout(60_000)

/** Every admin route, with a body it would take. */
const ADMIN_ROUTES: Array<[method: string, path: string, body?: unknown]> = [
  ['GET', '/gateway/config'],
  ['PUT', '/gateway/config', { destinations: [{ id: 'pinterest' }] }],
  ['GET', '/gateway/destinations/pinterest/subscriptions'],
  ['POST', '/gateway/destinations/pinterest/subscriptions', { name: 'x', trigger: 'type = "page"' }],
  ['PUT', '/gateway/destinations/pinterest/subscriptions/checkout', { name: 'x', trigger: 'type = "page"' }],
  ['DELETE', '/gateway/destinations/pinterest/subscriptions/checkout'],
  ['POST', '/gateway/triggers/check', { trigger: 'type = "page"' }],
  ['GET', '/gateway/dead-letters'],
  ['DELETE', '/gateway/dead-letters', { all: true }],
  ['POST', '/gateway/dead-letters/requeue', { all: true }],
  ['GET', '/gateway/delivery'],
  ['GET', '/gateway/delivery/dead-letters'],
  ['GET', '/sandbox/requests'],
  ['DELETE', '/sandbox/requests'],
  ['POST', '/sandbox/faults', { status: 503, count: 1 }],
  ['GET', '/explain'],
  ['POST', '/explain', { payload: orderCompleted(), preset: 'Checkout' }],
  ['POST', '/health', { payload: [orderCompleted()] }],
  ['POST', '/reportConversionEvent', { payload: orderCompleted(), preset: 'Checkout' }],
  ['POST', '/authenticate', {}]
]

const send = (base: string, [method, path, body]: typeof ADMIN_ROUTES[number], headers?: Record<string, string>) =>
  request(base, path, body, { method, headers, adminToken: null })

describe('without ADMIN_TOKEN', () => {
  let gateway: MainProcess
  let token: string
  beforeAll(async () => {
    gateway = await startMainProcess({ ADMIN_TOKEN: undefined })
    token = readFileSync(join(gateway.dataDir, 'admin-token'), 'utf8').trim()
  })
  afterAll(() => gateway.stop())

  it('generates a token, keeps it in DATA_DIR/admin-token (0600, in a 0700 folder) and prints a sign-in link carrying it in the fragment', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(statSync(join(gateway.dataDir, 'admin-token')).mode & 0o777).toBe(0o600)
    expect(statSync(gateway.dataDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(gateway.dataDir, 'queue.db')).mode & 0o777).toBe(0o600)
    expect(gateway.printed()).toContain(`sign in: ${gateway.url}/#admin=${token}`)
    expect(gateway.printed()).not.toMatch(/[?&]admin=/)
  })

  it('asks credentials on every admin route, from loopback too, naming ADMIN_TOKEN; the token lets in', async () => {
    for (const route of ADMIN_ROUTES) {
      const attempts: Array<Record<string, string> | undefined> = [
        undefined,
        { authorization: 'Bearer wrong-token-0123456789' },
        { cookie: 'gateway_admin=1.x' }
      ]
      for (const headers of attempts) {
        const refused = await send(gateway.url, route, headers)
        expect([route[0], route[1], refused.status, refused.body.field]).toEqual([
          route[0],
          route[1],
          401,
          'ADMIN_TOKEN'
        ])
        expect(refused.text).not.toContain(token)
      }
    }
    const right = await request(gateway.url, '/gateway/config', undefined, { adminToken: token })
    expect(right.status).toBe(200)
    expect(right.text).not.toContain(token)
  })

  it('exchanges the token for an HttpOnly, SameSite=Strict session cookie that the admin routes take', async () => {
    const wrong = await request(
      gateway.url,
      '/admin/session',
      { token: 'not-the-token-0123456789' },
      { adminToken: null }
    )
    expect([wrong.status, wrong.body.field]).toEqual([401, 'token'])
    expect(wrong.headers.get('set-cookie')).toBeNull()

    const signIn = await request(gateway.url, '/admin/session', { token }, { adminToken: null })
    expect(signIn.status).toBe(200)
    const cookie = signIn.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^gateway_admin=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/)
    expect(cookie).not.toContain(token)
    const session = { cookie: cookie.split(';')[0] }

    expect(
      (await request(gateway.url, '/admin/session', undefined, { adminToken: null, headers: session })).body
    ).toEqual({
      signed_in: true
    })
    expect(
      (await request(gateway.url, '/gateway/config', undefined, { adminToken: null, headers: session })).status
    ).toBe(200)
    // A cookie this gateway did not sign (the expiry pushed on) lets nobody in.
    const forged = { cookie: session.cookie.replace(/=(\d+)\./, (_, expires) => `=${Number(expires) + 1}.`) }
    expect(
      (await request(gateway.url, '/gateway/config', undefined, { adminToken: null, headers: forged })).status
    ).toBe(401)

    const signOut = await request(gateway.url, '/admin/session', undefined, { method: 'DELETE', adminToken: null })
    expect(signOut.headers.get('set-cookie')).toMatch(/^gateway_admin=; Max-Age=0;/)
  })

  it('refuses a Host it does not serve (DNS rebinding) on every route but the tracking API', async () => {
    const port = new URL(gateway.url).port
    const as = (host: string, path: string) => requestAs(gateway.url, path, { host, authorization: `Bearer ${token}` })
    for (const path of ['/gateway/config', '/gateway/dead-letters', '/gateway/status', '/metrics', '/', '/nowhere']) {
      const misdirected = await as(`rebind.example:${port}`, path)
      expect([path, misdirected.status, misdirected.body?.field]).toEqual([path, 421, 'host'])
      expect(misdirected.body.error).toContain('PUBLIC_URL')
    }
    // A name it serves, on another port, is another server's.
    expect((await as(`localhost:${Number(port) + 1}`, '/gateway/config')).status).toBe(421)
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect([host, (await as(host, '/gateway/config')).status]).toEqual([host, 200])

    const shop = await requestAs(
      gateway.url,
      '/v1/track',
      {
        host: 'collect.shop.example',
        origin: 'https://shop.example',
        'content-type': 'text/plain',
        authorization: basic('sandbox-write-key')
      },
      { method: 'POST', body: JSON.stringify(orderCompleted()) }
    )
    expect(shop).toMatchObject({ status: 200, body: { success: true } })
    expect(shop.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('refuses a change sent as a form or text/plain, or from a page of another origin, even with credentials', async () => {
    const subscription = { name: 'Million', trigger: 'type = "page"', mapping: { event_name: 'checkout' } }
    const path = '/gateway/destinations/pinterest/subscriptions'
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const refused = await request(gateway.url, path, JSON.stringify(subscription), {
        adminToken: token,
        headers: { 'content-type': type }
      })
      expect([type, refused.status, refused.body.field]).toEqual([type, 415, 'content-type'])
    }
    for (const origin of ['https://attacker.example', 'null', `http://rebind.example:${new URL(gateway.url).port}`]) {
      const refused = await request(
        gateway.url,
        '/sandbox/faults',
        { status: 503 },
        { adminToken: token, headers: { origin } }
      )
      expect([origin, refused.status, refused.body.field]).toEqual([origin, 403, 'origin'])
    }
    const listed = await request(gateway.url, path, undefined, { adminToken: token })
    expect(listed.body.subscriptions.map((s: { name: string }) => s.name)).not.toContain('Million')
    // Its own page may.
    const own = await request(
      gateway.url,
      '/sandbox/faults',
      { status: 503, count: 1 },
      { adminToken: token, headers: { origin: gateway.url } }
    )
    expect(own.status).toBe(200)
    await request(gateway.url, '/sandbox/requests', undefined, { method: 'DELETE', adminToken: token })
  })
})

describe('a restart without ADMIN_TOKEN', () => {
  it('keeps the token it generated: the sign-in link still works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'admin-token-'))
    try {
      const links: string[] = []
      for (let start = 0; start < 2; start++) {
        const child = spawnMain({ DATA_DIR: dataDir, ADMIN_TOKEN: undefined })
        const exited = exitOf(child)
        let printed = ''
        child.stdout.on('data', (chunk) => (printed += chunk))
        await baseUrlOf(child)
        links.push(/#admin=(\S+)/.exec(printed)?.[1] ?? '')
        child.kill('SIGTERM')
        expect((await exited).code).toBe(0)
      }
      expect(links[0]).toBe(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim())
      expect(links[1]).toBe(links[0])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('ADMIN_TOKEN and PUBLIC_URL', () => {
  it('takes ADMIN_TOKEN as the token, prints no token, and serves the name PUBLIC_URL gives', async () => {
    const adminToken = 'operator-chosen-admin-token-42'
    const gateway = await startMainProcess({ ADMIN_TOKEN: adminToken, PUBLIC_URL: 'https://gateway.example.com' })
    try {
      expect(gateway.printed()).not.toContain(adminToken)
      expect(gateway.printed()).toMatch(/admin {3}ADMIN_TOKEN: the page asks for it/)
      // Behind a proxy that passes its own Host, serving the page at PUBLIC_URL.
      const proxied = {
        host: 'gateway.example.com',
        origin: 'https://gateway.example.com',
        'content-type': 'application/json'
      }
      const answer = await requestAs(
        gateway.url,
        '/sandbox/faults',
        { ...proxied, authorization: `Bearer ${adminToken}` },
        { method: 'POST', body: JSON.stringify({ status: 503, count: 1 }) }
      )
      expect(answer.status).toBe(200)
      const signIn = await requestAs(gateway.url, '/admin/session', proxied, {
        method: 'POST',
        body: JSON.stringify({ token: adminToken })
      })
      expect(signIn.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Strict$/)
    } finally {
      await gateway.stop()
    }
  })

  it('refuses to start with a short ADMIN_TOKEN or a PUBLIC_URL that is no address, naming the variable', async () => {
    for (const [env, name] of [
      [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
      [{ PUBLIC_URL: 'gateway.example.com/path?x' }, 'PUBLIC_URL'],
      [{ DEAD_LETTER_RETENTION: '7 weeks' }, 'DEAD_LETTER_RETENTION']
    ] as const) {
      const { code, stderr } = await exitOf(spawnMain({ DATA_DIR: join(tmpdir(), 'never-created'), ...env }))
      expect([name, code]).toEqual([name, 2])
      expect(stderr).toContain(name)
      expect(stderr).not.toContain('short')
    }
  })
})
