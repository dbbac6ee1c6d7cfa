/**
 * The hostile-input corpus of the gateway's HTTP surface (fixtures/hostile-requests.ts): each
 * red-team request against `npm start`'s own process, configured as the red team found it: a
 * destination sending to Pinterest with its own token while the PINTEREST_* variables are unset.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { HOSTILE_SOURCE_KEY, hostileRequests } from './fixtures/hostile-requests'
import type { MainProcess } from './gateway-support'
import { startMainProcess, TEST_ADMIN_TOKEN } from './gateway-support'
import { requestAs } from './helpers'

jest.setTimeout(90_000)

let gateway: MainProcess
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'))
  const config = join(dir, 'gateway.json')
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'web', writeKey: HOSTILE_SOURCE_KEY, destinations: ['pinterest'] }],
      destinations: [
        { id: 'pinterest' },
        // Sends to Pinterest itself, with a token of its own; nothing routes to it here.
        {
          id: 'shop',
          settings: { ad_account_id: '549755885175', conversion_token: 'pina_hostile-test-token-0123456789' },
          subscriptions: []
        }
      ]
    })
  )
  gateway = await startMainProcess({ CONFIG: config })
})
afterAll(async () => {
  await gateway.stop()
  rmSync(dir, { recursive: true, force: true })
})

it('says where events go: the sandbox key is not taken, since a destination sends to Pinterest', () => {
  expect(gateway.printed()).toMatch(
    /mode {4}sandbox for the page and the actions routes; the gateway sends shop to Pinterest/
  )
  expect(gateway.printed()).toMatch(
    /write key none: shop sends to Pinterest, so the public sandbox-write-key is not taken/
  )
  expect(gateway.printed()).not.toContain('nothing leaves this machine')
})

describe('each red-team request gets a typed answer naming what is wrong', () => {
  const port = () => new URL(gateway.url).port
  it.each(hostileRequests('PORT').map((entry) => [entry.name, entry.path]))('%s (%s)', async (name) => {
    const entry = hostileRequests(port()).find((candidate) => candidate.name === name)
    if (!entry) throw new Error(`no entry ${name}`)
    const headers = Object.fromEntries(
      Object.entries({ host: new URL(gateway.url).host, ...entry.headers }).map(([key, value]) => [
        key,
        value.replace('{token}', TEST_ADMIN_TOKEN)
      ])
    )
    const answer = await requestAs(gateway.url, entry.path, headers, { method: entry.method, body: entry.body })
    expect({ status: answer.status, field: answer.body?.field }).toEqual({
      status: entry.expect.status,
      field: entry.expect.field
    })
    if (entry.expect.notInError) expect(answer.body.error).not.toMatch(entry.expect.notInError)
    expect(answer.text).not.toContain(TEST_ADMIN_TOKEN)
    expect(answer.text).not.toContain('pina_hostile-test-token')
  })

  it('still answers its probes, and planted nothing', async () => {
    expect((await requestAs(gateway.url, '/healthz', {})).status).toBe(200)
    const listed = await requestAs(gateway.url, '/gateway/destinations/pinterest/subscriptions', {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`
    })
    const names = (listed.body.subscriptions as Array<{ name: string }>).map((s) => s.name)
    expect(names.filter((n) => /Million|Quoted|Broken|Proto/.test(n))).toEqual([])
  })
})
