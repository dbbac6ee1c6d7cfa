/**
 * `npm start` as a process, where startup and shutdown are the behaviour: a configuration is
 * refused before listening, and SIGTERM leaves the queue for the next start.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import http from 'http'
import type { AddressInfo } from 'net'
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { createSandbox, SANDBOX_AD_ACCOUNT_ID } from 'pinterest-conversions-tools'
import {
  baseUrlOf,
  exitOf,
  get,
  orderCompleted,
  request,
  sandboxRequests,
  startExternalSandbox,
  spawnMain,
  status,
  until
} from './gateway-support'

jest.setTimeout(30_000)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gateway-process-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function configFile(config: unknown): string {
  const path = join(dir, 'gateway-config.json')
  writeFileSync(path, JSON.stringify(config))
  return path
}

describe('a configuration refused at start', () => {
  it('exits 2 naming the key of an invalid trigger', async () => {
    const path = configFile({
      destinations: [
        {
          id: 'pinterest',
          subscriptions: [
            { name: 'Checkout', trigger: 'type = "track" and event = "Order Completed"', preset: 'Checkout' },
            { name: 'Broken', trigger: '(' }
          ]
        }
      ]
    })
    const child = spawnMain({ DATA_DIR: join(dir, 'data') }, ['--config', path])
    const { code, stderr } = await exitOf(child)
    expect(code).toBe(2)
    expect(stderr).toContain('destinations[0].subscriptions[1].trigger')
  })

  it('exits 2 naming the environment variable a token refers to when it is unset', async () => {
    const path = configFile({
      destinations: [
        {
          id: 'shop',
          settings: { ad_account_id: SANDBOX_AD_ACCOUNT_ID, conversion_token: { env: 'SHOP_PINTEREST_TOKEN_UNSET' } }
        }
      ]
    })
    const child = spawnMain({ DATA_DIR: join(dir, 'data'), CONFIG: path })
    const { code, stderr } = await exitOf(child)
    expect(code).toBe(2)
    expect(stderr).toContain('SHOP_PINTEREST_TOKEN_UNSET')
    expect(stderr).toContain('destinations[0].settings.conversion_token')
  })

  it('exits 2 naming a key the file should not have', async () => {
    const path = configFile({ destinations: [{ id: 'pinterest', token: 'x' }] })
    const { code, stderr } = await exitOf(spawnMain({ DATA_DIR: join(dir, 'data') }, ['--config', path]))
    expect(code).toBe(2)
    expect(stderr).toContain('destinations[0].token')
  })
})

describe('SIGTERM', () => {
  let sandbox: Awaited<ReturnType<typeof startExternalSandbox>>
  let child: ChildProcessWithoutNullStreams | undefined
  beforeAll(async () => {
    sandbox = await startExternalSandbox()
  })
  afterAll(() => sandbox.close())
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
  })

  const start = async () => {
    child = spawnMain({
      DATA_DIR: join(dir, 'data'),
      PINTEREST_SANDBOX_URL: sandbox.base,
      FLUSH_MS: '20',
      RETRY_BASE_MS: '10'
    })
    const exited = exitOf(child)
    return { base: await baseUrlOf(child), exited, child }
  }

  it('exits 0 with the queue intact: restarted on the same DATA_DIR, the events are still queued, then delivered', async () => {
    // Pinterest is down for a long while: nothing gets through before the stop.
    await request(sandbox.base, '/sandbox/faults', { status: 503, count: 100_000 })
    const first = await start()
    // In sandbox mode without WRITE_KEY the gateway takes the sandbox's fixed write key.
    const events = Array.from({ length: 5 }, () => orderCompleted())
    const accepted = await request(first.base, '/v1/batch', { batch: events }, { writeKey: 'sandbox-write-key' })
    expect(accepted.status).toBe(200)
    // Deliveries are being tried (and failing) when the signal comes.
    await until(
      () => sandboxRequests(sandbox.base),
      (s) => s.totals.requests >= 2
    )
    expect((await status(first.base)).queued).toBe(5)
    first.child.kill('SIGTERM')
    const stopped = await first.exited
    expect(stopped.code).toBe(0)

    const second = await start()
    const after = await status(second.base)
    expect(after).toMatchObject({ accepted: 5, queued: 5, delivered: 0, dead_lettered: 0 })
    expect((await get(second.base, '/readyz')).status).toBe(200)

    // Pinterest is back: the backlog drains, every event once.
    expect((await request(sandbox.base, '/sandbox/requests', undefined, { method: 'DELETE' })).status).toBe(200)
    await until(
      () => status(second.base),
      (s) => s.delivered === 5 && s.queued === 0,
      15_000
    )
    const totals = (await sandboxRequests(sandbox.base)).totals
    expect(totals.distinct_event_ids).toBe(5)
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
  })
})

describe('kill -9 during delivery', () => {
  it('loses no accepted event: after restart every one is delivered, once each by event ID', async () => {
    const sandbox = await startExternalSandbox()
    const env = {
      DATA_DIR: join(dir, 'data'),
      PINTEREST_SANDBOX_URL: sandbox.base,
      FLUSH_MS: '20',
      RETRY_BASE_MS: '10'
    }
    let child = spawnMain(env)
    try {
      await request(sandbox.base, '/sandbox/faults', { status: 503, count: 100_000 })
      let base = await baseUrlOf(child)
      const ids: string[] = []
      for (let i = 0; i < 4; i++) {
        const batch = Array.from({ length: 25 }, () => orderCompleted())
        ids.push(...batch.map((e) => String(e.messageId)))
        expect((await request(base, '/v1/batch', { batch }, { writeKey: 'sandbox-write-key' })).status).toBe(200)
      }
      await until(
        () => sandboxRequests(sandbox.base),
        (s) => s.totals.requests >= 3
      )
      const killed = exitOf(child)
      child.kill('SIGKILL')
      expect((await killed).code).toBeNull()

      await request(sandbox.base, '/sandbox/requests', undefined, { method: 'DELETE' })
      child = spawnMain(env)
      const exited = exitOf(child)
      base = await baseUrlOf(child)
      const after = await until(
        () => status(base),
        (s) => s.queued === 0,
        15_000
      )
      expect(after).toMatchObject({ accepted: 100, delivered: 100, dead_lettered: 0 })
      expect((await sandboxRequests(sandbox.base)).totals.distinct_event_ids).toBe(ids.length)
      child.kill('SIGTERM')
      expect((await exited).code).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      await sandbox.close()
    }
  })
})

describe('SIGTERM during a delivery', () => {
  it('finishes the Pinterest request in flight before exiting, so its events are delivered, not sent again', async () => {
    // A Pinterest that takes its time: each answer waits until the test lets it go.
    const sandbox = createSandbox()
    const held: Array<() => void> = []
    let requests = 0
    const slow = http.createServer((incoming, outgoing) => {
      let body = ''
      incoming.on('data', (chunk) => (body += chunk))
      incoming.on('end', () => {
        requests++
        held.push(() => {
          const answer = sandbox.handle({
            method: incoming.method ?? 'POST',
            url: incoming.url ?? '/',
            headers: incoming.headers,
            body
          })
          if ('reset' in answer) return outgoing.destroy()
          outgoing.writeHead(answer.status, answer.headers)
          outgoing.end(JSON.stringify(answer.body))
        })
      })
    })
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    const sandboxUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`
    const env = { DATA_DIR: join(dir, 'data'), PINTEREST_SANDBOX_URL: sandboxUrl, FLUSH_MS: '20', RETRY_BASE_MS: '10' }
    let child = spawnMain(env)
    try {
      let exited = exitOf(child)
      let base = await baseUrlOf(child)
      const events = Array.from({ length: 3 }, () => orderCompleted())
      expect((await request(base, '/v1/batch', { batch: events }, { writeKey: 'sandbox-write-key' })).status).toBe(200)
      await until(
        async () => requests,
        (n) => n === 1
      )
      child.kill('SIGTERM')
      // Still running: it waits for Pinterest's answer.
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(child.exitCode).toBeNull()
      for (const release of held.splice(0)) release()
      expect((await exited).code).toBe(0)
      expect(sandbox.totals()).toMatchObject({ requests: 1, distinct_event_ids: 3 })

      child = spawnMain(env)
      exited = exitOf(child)
      base = await baseUrlOf(child)
      expect(await status(base)).toMatchObject({ accepted: 3, delivered: 3, queued: 0, dead_lettered: 0 })
      child.kill('SIGTERM')
      expect((await exited).code).toBe(0)
      expect(requests).toBe(1)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      for (const release of held.splice(0)) release()
      slow.closeAllConnections()
      await new Promise((resolve) => slow.close(resolve))
    }
  })
})
