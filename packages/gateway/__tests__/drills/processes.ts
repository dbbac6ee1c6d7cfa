/**
 * What the failure drills share: real `npm start` processes (a sandbox that outlives the
 * gateways it serves, gateways killed and restarted), Segment batches with distinct
 * messageIds, a proxy that can hold a gateway's deliveries in flight, and polling with
 * deadlines, since the drills must not guess how long anything takes.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { randomUUID } from 'crypto'
import { mkdtempSync, rmSync } from 'fs'
import type { IncomingMessage, Server, ServerResponse } from 'http'
import { createServer, request as httpRequest } from 'http'
import type { Socket } from 'net'
import { tmpdir } from 'os'
import { join } from 'path'
import { baseUrlOf, spawnMain, TEST_ADMIN_TOKEN } from '../gateway-support'
export const WRITE_KEY = 'sandbox-write-key'

export interface Running {
  url: string
  child: ChildProcessWithoutNullStreams
  /** Everything printed so far (stdout and stderr), for failure messages. */
  output(): string
  exited: Promise<number | null>
  /** Told to stop by the drill (or by cleanup). */
  killed: boolean
  /** SIGKILL: nothing is flushed, released or closed. */
  kill9(): Promise<void>
  /** SIGTERM, the graceful stop. */
  stop(): Promise<void>
}

/** Folders and processes a drill made, removed whatever the outcome. */
export class Scratch {
  private readonly dirs: string[] = []
  private readonly processes: Running[] = []

  dir(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `drill-${name}-`))
    this.dirs.push(dir)
    return dir
  }

  track(running: Running): Running {
    this.processes.push(running)
    return running
  }

  /** Processes that ended without being told to, with what they printed: a drill's failure names them. */
  unexpectedExits(): string[] {
    return this.processes
      .filter((p) => !p.killed && p.child.exitCode !== null)
      .map((p) => `${p.url || 'a process'} exited with ${p.child.exitCode}:\n${p.output().slice(-4000)}`)
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill9()))
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * `dist/server/main.js` on a port of its own (PORT=0), resolved once its banner names the URL.
 * Pinterest credentials of the surrounding shell are dropped: every process here is in sandbox mode.
 */
export async function startMain(env: Record<string, string>, scratch: Scratch): Promise<Running> {
  const child = spawnMain({ LOG_LEVEL: 'warn', ...env })
  let text = ''
  child.stdout.on('data', (chunk) => (text += chunk))
  child.stderr.on('data', (chunk) => (text += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const running: Running = {
    url: '',
    child,
    output: () => text,
    exited,
    killed: false,
    kill9: async () => {
      running.killed = true
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      running.killed = true
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
  scratch.track(running)
  running.url = await baseUrlOf(child)
  return running
}

/** A sandbox process: the embedded Pinterest stand-in, run apart so that it outlives the gateways. */
export function startSandbox(scratch: Scratch): Promise<Running> {
  return startMain({ DATA_DIR: scratch.dir('sandbox') }, scratch)
}

export function startGateway(sandboxUrl: string, env: Record<string, string>, scratch: Scratch): Promise<Running> {
  return startMain({ FLUSH_MS: '50', RETRY_BASE_MS: '20', PINTEREST_SANDBOX_URL: sandboxUrl, ...env }, scratch)
}

/** One JSON call: to the tracking API with the write key, to any other route with the admin token. */
export async function json<T = any>(
  method: string,
  url: string,
  body?: unknown
): Promise<{ status: number; body: T; headers: Headers }> {
  const tracking = new URL(url).pathname.startsWith('/v1/')
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: tracking
        ? `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
        : `Bearer ${TEST_ADMIN_TOKEN}`
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers }
}

export interface Totals {
  requests: number
  events: number
  distinct_event_ids: number
}

export interface ReceivedRequest {
  received_at: string
  response: { status: number } | { reset: true }
}

export async function sandboxTotals(sandbox: string): Promise<Totals> {
  return (await json<{ totals: Totals }>('GET', `${sandbox}/sandbox/requests`)).body.totals
}

export async function sandboxRequests(sandbox: string): Promise<ReceivedRequest[]> {
  return (await json<{ requests: ReceivedRequest[] }>('GET', `${sandbox}/sandbox/requests`)).body.requests
}

export async function fault(sandbox: string, body: Record<string, unknown>): Promise<void> {
  const answer = await json('POST', `${sandbox}/sandbox/faults`, body)
  if (answer.status !== 200) throw new Error(`fault refused: ${JSON.stringify(answer.body)}`)
}

/** Forgets the pending faults (and the totals and requests with them: clear only before anything was processed). */
export async function clearSandbox(sandbox: string): Promise<void> {
  const answer = await json('DELETE', `${sandbox}/sandbox/requests`)
  if (answer.status !== 200) throw new Error(`clear refused: ${JSON.stringify(answer.body)}`)
}

export interface GatewayStatus {
  accepted: number
  queued: number
  delivered: number
  dead_lettered: number
}

export async function gatewayStatus(gateway: string): Promise<GatewayStatus> {
  return (await json<GatewayStatus>('GET', `${gateway}/gateway/status`)).body
}

/** The messageIds of every dead letter, paged through newest first. */
export async function deadLetterIds(gateway: string): Promise<string[]> {
  const ids: string[] = []
  let before: string | undefined
  for (;;) {
    const query = `limit=1000${before ? `&before=${encodeURIComponent(before)}` : ''}`
    const page = await json<{ dead_letters: Array<{ id: string; messageId?: string }> }>(
      'GET',
      `${gateway}/gateway/dead-letters?${query}`
    )
    const letters = page.body.dead_letters
    ids.push(...letters.map((letter) => String(letter.messageId)))
    if (letters.length < 1000) return ids
    before = letters[letters.length - 1].id
  }
}

/** Order Completed calls the Checkout preset takes, each with its own messageId (Pinterest's event_id). */
export function orders(label: string, count: number): Array<Record<string, unknown>> {
  const run = randomUUID().slice(0, 8)
  return Array.from({ length: count }, (_, i) => ({
    type: 'track',
    event: 'Order Completed',
    messageId: `${label}-${run}-${i}`,
    userId: `user-${i}`,
    timestamp: new Date().toISOString(),
    properties: { order_id: `order-${i}`, total: 10 + (i % 90), currency: 'USD' },
    context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', traits: { email: `buyer${i}@example.com` } }
  }))
}

/**
 * Posts the events to /v1/batch in calls of `size`, `concurrency` calls at a time, each to the
 * next of `gateways` (a load balancer's round robin), sent again as a client does
 * (sendUntilTaken); answers the messageIds answered 200. Calls no gateway took are left out:
 * the drills count only what was accepted.
 */
export async function sendBatches(
  gateways: string[],
  events: Array<Record<string, unknown>>,
  size = 100,
  concurrency = 4
): Promise<string[]> {
  const batches: Array<Array<Record<string, unknown>>> = []
  for (let i = 0; i < events.length; i += size) batches.push(events.slice(i, i + size))
  const accepted: string[] = []
  let next = 0
  const client = async () => {
    while (next < batches.length) {
      const index = next++
      const batch = batches[index]
      if (await sendUntilTaken(gateways, index, batch)) accepted.push(...batch.map((event) => String(event.messageId)))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client))
  return accepted
}

/** How long a client keeps sending a batch the gateways turn away (503) or cannot take (gone). */
const SEND_DEADLINE_MS = 60_000

/**
 * As Segment's clients do: a call a gateway fails or turns away (503, Retry-After) is sent again,
 * to the next instance as a load balancer would, and after the wait asked once every instance
 * turned it away. A busy machine makes the gateway's backpressure answer 503 now and then; only a
 * refusal (4xx) or the deadline gives the batch up.
 */
async function sendUntilTaken(
  gateways: string[],
  index: number,
  batch: Array<Record<string, unknown>>
): Promise<boolean> {
  const deadline = Date.now() + SEND_DEADLINE_MS
  while (Date.now() < deadline) {
    let waitMs = 100
    for (let attempt = 0; attempt < gateways.length; attempt++) {
      const gateway = gateways[(index + attempt) % gateways.length]
      const answer = await json('POST', `${gateway}/v1/batch`, { batch, sentAt: new Date().toISOString() }).catch(
        () => undefined
      )
      if (answer?.status === 200) return true
      if (answer && answer.status !== 503 && answer.status !== 429) return false
      const retryAfter = Number(answer?.headers.get('retry-after'))
      if (retryAfter > 0) waitMs = Math.max(waitMs, retryAfter * 1000)
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs))
  }
  return false
}

/** Asks `probe` until `done` holds of its answer; fails with the last answer at the deadline. */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 50
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    last = await probe()
    if (done(last)) return last
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/**
 * A proxy in front of the sandbox that can stop answering: a gateway sending through it while
 * `hold` is on has its delivery in flight for as long as the drill wants, so a kill lands
 * mid-delivery with the events claimed, rather than between two fast answers.
 */
export class HoldingProxy {
  hold = false
  held = 0
  forwarded = 0
  url = ''
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  constructor(private readonly target: string) {
    this.server = createServer((request, response) => this.handle(request, response))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
    })
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    const address = this.server.address()
    if (!address || typeof address === 'string') throw new Error('the proxy has no port')
    this.url = `http://127.0.0.1:${address.port}`
    return this.url
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    if (this.hold) {
      this.held++
      request.resume()
      return
    }
    this.forwarded++
    const upstream = httpRequest(
      `${this.target}${request.url ?? '/'}`,
      // As a proxy does by default (nginx's $proxy_host): the upstream's own name, which it serves.
      { method: request.method, headers: { ...request.headers, host: new URL(this.target).host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      }
    )
    // The sandbox's reset fault: pass it on as a reset.
    upstream.on('error', () => response.destroy())
    request.pipe(upstream)
  }
}

/** With DRILL_TRACE=1, each phase of a drill is printed with the time since the drill started. */
export function tracer(name: string): (phase: string) => void {
  const started = Date.now()
  return (phase) => {
    if (process.env.DRILL_TRACE) process.stderr.write(`[${name}] +${Date.now() - started} ms ${phase}\n`)
  }
}
