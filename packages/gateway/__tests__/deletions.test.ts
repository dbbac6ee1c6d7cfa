/**
 * Deletion requests over HTTP against the sandbox: filed with Pinterest in plain text, kept here
 * as digests, followed until done, cancelled within the 72 hours, and the same people's events
 * still queued or dead-lettered here purged.
 */
import { createSandbox, SANDBOX_AD_ACCOUNT_ID } from 'pinterest-conversions-tools'
import { connectAccount } from './connect-support'
import type { GatewayServer } from './gateway-support'
import { get, request, sandboxRequests, startGatewayServer, status } from './gateway-support'

const HOUR = 60 * 60
const EPIK = 'dj0yJnU9SandboxEpik'

function held(destination: string, email: string, extra: Record<string, unknown> = {}) {
  return {
    destination,
    subscription: 'checkout',
    event: { type: 'track', event: 'Order Completed', userId: 'u', properties: { email, total: 5 }, ...extra }
  }
}

describe('deletion requests', () => {
  let gw: GatewayServer
  const sandbox = createSandbox()

  beforeAll(async () => {
    gw = await startGatewayServer({ sandbox })
  })
  afterAll(() => gw.close())

  it('needs a connected Pinterest account', async () => {
    const answer = await request(gw.base, '/gateway/deletions', { emails: ['jane@example.com'] })
    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({ field: 'connection' })
  })

  it('refuses what is no email or EPIK, naming the entry', async () => {
    await connectAccount(gw.base, SANDBOX_AD_ACCOUNT_ID)
    const cases: Array<[unknown, string]> = [
      [{ emails: ['jane@example.com', 'not an email'] }, 'emails[1]'],
      [{ epiks: ['  '] }, 'epiks[0]'],
      [{}, 'emails'],
      [{ emails: 'jane@example.com' }, 'emails'],
      [{ phones: ['+1 555'] }, 'phones'],
      [[], 'body']
    ]
    for (const [body, field] of cases) {
      const answer = await request(gw.base, '/gateway/deletions', body)
      expect([answer.status, answer.body.field]).toEqual([400, field])
    }
  })

  it("files the request in plain text, keeps digests, and purges these people's queued and dead-lettered events", async () => {
    // Arranged in the store: events for a destination no worker serves (queued), and a dead letter.
    await gw.queue.enqueue([
      held('held', ' Jane@Example.COM'),
      held('held', 'joe@example.com'),
      held('held', 'joe@example.com', { context: { page: { url: `https://shop.example/p?epik=${EPIK}&x=1` } } })
    ])
    await gw.queue.enqueue([held('buried', 'jane@example.com')])
    const [letter] = await gw.queue.claim({
      destination: 'buried',
      limit: 1,
      leaseMs: 60_000,
      owner: 't',
      now: Date.now()
    })
    await gw.queue.settle([{ id: letter.id, outcome: 'dead', reason: 'rejected' }], Date.now())
    const before = await status(gw.base)

    const filed = await request(gw.base, '/gateway/deletions', { emails: ['JANE@example.com '], epiks: [EPIK] })
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({
      state: 'PENDING',
      ad_account_id: SANDBOX_AD_ACCOUNT_ID,
      emails: 1,
      epiks: 1,
      purged: { queued: 2, dead_lettered: 1 }
    })
    const after = await status(gw.base)
    expect(after.queued).toBe(before.queued - 2)
    expect(after.dead_lettered).toBe(before.dead_lettered - 1)

    const sent = (await sandboxRequests(gw.base)).requests.find((r: { path: string }) =>
      r.path.endsWith('/conversion_deletion_requests')
    )
    expect(sent.body).toEqual({ deletion_targets: { user_emails: ['jane@example.com'], epiks: [EPIK] } })
    const record = await gw.queue.records.read(`deletion:${filed.body.id}`)
    expect(record?.text).not.toMatch(/jane|Jane/)
    expect(record?.text).not.toContain(EPIK)
    expect(gw.logs.join('\n')).not.toMatch(/jane@|Jane@/)
    const listed = (await get(gw.base, '/gateway/deletions')).body.deletions
    expect(JSON.stringify(listed)).not.toMatch(/jane|Jane/)
  })

  it('shows the state until done, and cancels within the 72 hours only', async () => {
    const first = (await request(gw.base, '/gateway/deletions', { emails: ['ann@example.com'] })).body
    expect((await get(gw.base, `/gateway/deletions/${first.id}`)).body).toMatchObject({ state: 'PENDING' })
    const cancelled = await request(gw.base, `/gateway/deletions/${first.id}`, undefined, { method: 'DELETE' })
    expect(cancelled.body).toMatchObject({ id: first.id, state: 'CANCELLED' })
    expect((await get(gw.base, `/gateway/deletions/${first.id}`)).body).toMatchObject({ state: 'CANCELLED' })

    const second = (await request(gw.base, '/gateway/deletions', { emails: ['bob@example.com'] })).body
    sandbox.advanceClock(72 * HOUR)
    expect((await get(gw.base, `/gateway/deletions/${second.id}`)).body).toMatchObject({ state: 'PROCESSING' })
    const late = await request(gw.base, `/gateway/deletions/${second.id}`, undefined, { method: 'DELETE' })
    expect(late.status).toBe(409)
    expect(late.body.error).toMatch(/72 hours/)
    sandbox.advanceClock(24 * HOUR)
    expect((await get(gw.base, `/gateway/deletions/${second.id}`)).body).toMatchObject({ state: 'COMPLETED' })
    const states = (await get(gw.base, '/gateway/deletions')).body.deletions.map((d: { state: string }) => d.state)
    expect(states).toHaveLength(3)
    expect(states).toEqual(expect.arrayContaining(['CANCELLED', 'COMPLETED', 'PENDING']))
    expect((await get(gw.base, '/gateway/deletions/nope')).status).toBe(404)
  })
})
