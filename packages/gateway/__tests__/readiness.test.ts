/**
 * Readiness tells the truth: `/readyz` fails when the store cannot commit a write, and on
 * PostgreSQL a database that stops answering gives 503s in bounded time, never a hang.
 */
import { execFileSync } from 'child_process'
import type { Queue } from '../src/queue'
import type { PostgresServer } from '../src/queue/__tests__/support/postgres'
import { postgresInstalled, startPostgres } from '../src/queue/__tests__/support/postgres'
import type { GatewayServer, MainProcess } from './gateway-support'
import { get, orderCompleted, request, startGatewayServer, startMainProcess, until } from './gateway-support'

jest.setTimeout(120_000)

describe('a store that cannot write', () => {
  let failing = false
  let probes = 0
  let gw: GatewayServer
  beforeAll(async () => {
    gw = await startGatewayServer({
      wrapQueue: (queue: Queue): Queue =>
        Object.assign(Object.create(queue) as Queue, {
          probeWrite: (now: number) => {
            probes++
            return failing ? Promise.reject(new Error('database or disk is full')) : queue.probeWrite(now)
          }
        })
    })
  })
  afterAll(() => gw.close())

  it('makes /readyz answer 503 saying so, and 200 again once it writes', async () => {
    expect((await get(gw.base, '/readyz')).status).toBe(200)
    failing = true
    const down = await until(
      () => get(gw.base, '/readyz'),
      (answer) => answer.status === 503
    )
    expect(down.body.error).toMatch(/^the store cannot write: .*full/)
    failing = false
    await until(
      () => get(gw.base, '/readyz'),
      (answer) => answer.status === 200
    )
  })

  it('writes at most once a second however often /readyz is asked: the route is open to anyone', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const before = probes
    const started = Date.now()
    await Promise.all(Array.from({ length: 50 }, () => get(gw.base, '/readyz')))
    // At most one write a second: one, unless a loaded machine spread the answers over more.
    expect(probes - before).toBeGreaterThanOrEqual(1)
    expect(probes - before).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 1000))
  })
})

const describeWithPostgres = postgresInstalled() ? describe : describe.skip

describeWithPostgres('a PostgreSQL that stops answering', () => {
  let postgres: PostgresServer
  let gateway: MainProcess
  const WRITE_KEY = 'hang-test-key'
  const send = () => request(gateway.url, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })
  beforeAll(async () => {
    postgres = await startPostgres()
    gateway = await startMainProcess({ DATABASE_URL: await postgres.createDatabase(), WRITE_KEY })
  })
  afterAll(async () => {
    signalPostgres(postgres.port, 'SIGCONT')
    await gateway?.stop()
    await postgres?.stop()
  })

  it('gives 503s in bounded time while it hangs, and /metrics still answers; takes events again once it is back', async () => {
    expect((await send()).status).toBe(200)
    signalPostgres(postgres.port, 'SIGSTOP')
    try {
      const started = Date.now()
      const probe = await get(gateway.url, '/readyz')
      expect(probe.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(5_000)

      // The requests waiting on it get their 503 when the statement's bound comes...
      const waiting = Date.now()
      const stuck = await send()
      expect(stuck.status).toBe(503)
      expect(stuck.headers.get('retry-after')).not.toBeNull()
      expect(Date.now() - waiting).toBeLessThan(20_000)
      // ...and while one waits, new ones are turned away at once.
      const pending = send()
      // Long enough that, read even on a loaded machine, it has been taken for over a second;
      // far within the statement's 10 s bound, so it is still waiting.
      await new Promise((resolve) => setTimeout(resolve, 3000))
      const quick = Date.now()
      const turnedAway = await request(gateway.url, '/v1/batch', { batch: [orderCompleted()] }, { writeKey: WRITE_KEY })
      expect(turnedAway.status).toBe(503)
      expect(Date.now() - quick).toBeLessThan(2_000)
      const metrics = Date.now()
      expect((await get(gateway.url, '/metrics')).status).toBe(200)
      expect(Date.now() - metrics).toBeLessThan(5_000)
      expect((await pending).status).toBe(503)
    } finally {
      signalPostgres(postgres.port, 'SIGCONT')
    }
    await until(
      () => get(gateway.url, '/readyz'),
      (answer) => answer.status === 200,
      30_000
    )
    await until(
      async () => (await send()).status,
      (status) => status === 200,
      30_000
    )
  })
})

/** Stops or resumes every process of the cluster listening on `port`: the postmaster and its backends. */
function signalPostgres(port: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  const listening = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' })
  const postmaster = /pid=(\d+)/.exec(listening)?.[1]
  if (!postmaster) throw new Error(`no process listens on ${port}: ${listening}`)
  const children = execFileSync('pgrep', ['-P', postmaster], { encoding: 'utf8' }).split('\n').filter(Boolean)
  for (const pid of [postmaster, ...children]) process.kill(Number(pid), signal)
}
