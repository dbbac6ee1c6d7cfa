/**
 * A gateway server built as `npm start` builds it (createServer + Gateway + openQueue on a
 * temporary DATA_DIR), on an ephemeral loopback port, with its log lines collected, so the
 * gateway tests go through HTTP like a client and an operator would.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { spawn } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { availableParallelism, tmpdir } from 'os'
import { join } from 'path'
import { PassThrough } from 'stream'
import type { Settings } from 'pinterest-conversions'
import { loadConfig } from '../src/gateway/config'
import { pinterestSetup } from '../src/connect'
import { Gateway } from '../src/gateway/gateway'
import { createLog } from '../src/gateway/log'
import { SANDBOX_SETTINGS } from 'pinterest-conversions-tools'
import type { Sandbox } from 'pinterest-conversions-tools'
import type { Queue } from '../src/queue'
import { DEFAULT_EVENT_LOG_RETENTION_MS, openEventLog, openQueue } from '../src/queue'
import type { LocalServer } from '../src/server'
import { createServer } from '../src/server'
import { DEFAULTS, readEnvironment } from '../src/server/environment'
import { request, ROOT, TEST_ADMIN_TOKEN } from './helpers'

export const WRITE_KEY = 'gateway-test-write-key'
export const MAIN = join(ROOT, 'dist', 'server', 'main.js')
/** The delivery threads run the built module: a thread cannot load the TypeScript the tests run. */
export const DELIVERY_THREAD = join(ROOT, 'dist', 'gateway', 'delivery-thread.js')

export interface GatewayServerOptions {
  /** Written to DATA_DIR/gateway.json before start (as if saved from the page). */
  config?: unknown
  writeKey?: string | null
  /** TEST_ADMIN_TOKEN unless given. */
  adminToken?: string
  host?: string
  /** An external sandbox (PINTEREST_SANDBOX_URL). */
  sandboxUrl?: string
  live?: Settings
  env?: NodeJS.ProcessEnv
  /** Wraps the real queue (a store that fails, say). */
  wrapQueue?: (queue: Queue) => Queue
  flushMs?: number
  retryBaseMs?: number
  dataDir?: string
  /** The gateway's clock (the Pinterest connection's refreshes count by it). */
  clock?: () => number
  /** The sandbox to mount (one with its own clock, say). */
  sandbox?: Sandbox
  /** One per core unless given, as npm start has them; 0: delivery on the main thread. */
  deliveryThreads?: number
}

export interface GatewayServer {
  server: LocalServer
  gateway: Gateway
  queue: Queue
  base: string
  dataDir: string
  /** Every log line the gateway wrote, as text. */
  logs: string[]
  close(): Promise<void>
}

export async function startGatewayServer(options: GatewayServerOptions = {}): Promise<GatewayServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gateway-test-'))
  if (options.config !== undefined) {
    const { writeFileSync } = await import('fs')
    writeFileSync(join(dataDir, 'gateway.json'), JSON.stringify(options.config))
  }
  const real = await openQueue({ dataDir })
  const eventLog = await openEventLog({ dataDir, retentionMs: DEFAULT_EVENT_LOG_RETENTION_MS })
  const queue = options.wrapQueue ? options.wrapQueue(real) : real
  const logs: string[] = []
  const stream = new PassThrough()
  stream.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)))
  const log = createLog(stream, 'info')
  const live = options.live
  const writeKey = options.writeKey === null ? undefined : options.writeKey ?? WRITE_KEY
  const server = createServer({
    live,
    sandbox: options.sandbox,
    sandboxUrl: options.sandboxUrl,
    adminToken: options.adminToken ?? TEST_ADMIN_TOKEN,
    onAnswer: (request, status, ms) => log.info({ method: request.method, path: request.path, status, ms }, 'request'),
    gateway: (context) =>
      new Gateway({
        queue,
        eventLog,
        store: 'sqlite',
        mode: context.mode,
        loaded: loadConfig({ dataDir }),
        log,
        flushMs: options.flushMs ?? 20,
        retryBaseMs: options.retryBaseMs ?? 10,
        leaseMs: DEFAULTS.leaseMs,
        concurrency: DEFAULTS.concurrency,
        delivery: { threads: options.deliveryThreads ?? availableParallelism(), threadScript: DELIVERY_THREAD },
        clock: options.clock,
        pinterest: pinterestSetup(readEnvironment(options.env ?? {}).oauth, () => context.sandboxBase(), options.clock),
        around: {
          env: options.env ?? {},
          baseSettings: live ?? SANDBOX_SETTINGS,
          baseSandboxUrl: live ? undefined : () => context.sandboxBase() as string,
          settingsSandboxUrl: options.sandboxUrl,
          extraWriteKeys: writeKey ? [writeKey] : []
        }
      })
  })
  const gateway = server.gateway as Gateway
  const base = await server.listen(0, options.host ?? '127.0.0.1')
  gateway.start()
  return {
    server,
    gateway,
    queue: real,
    base,
    dataDir,
    logs,
    close: async () => {
      await gateway.stop()
      await server.close()
      await real.close()
      await eventLog.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** A sandbox-only server, standing for Pinterest elsewhere (PINTEREST_SANDBOX_URL). */
export async function startExternalSandbox(): Promise<{ server: LocalServer; base: string; close(): Promise<void> }> {
  const server = createServer({ adminToken: TEST_ADMIN_TOKEN })
  const base = await server.listen(0, '127.0.0.1')
  return { server, base, close: () => server.close() }
}

export { basic, request, TEST_ADMIN_TOKEN } from './helpers'

export const get = (base: string, path: string, headers?: Record<string, string>) =>
  request(base, path, undefined, { headers })

/** Headers an operator's tooling sends to an admin route. */
export const asAdmin = (token = TEST_ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` })

/** Polls `read` until `done` holds of its value, or fails after `ms` naming the last value seen. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  let last: T
  for (;;) {
    last = await read()
    if (done(last)) return last
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}

export const status = async (base: string) => (await get(base, '/gateway/status')).body
export const sandboxRequests = async (base: string) => (await get(base, '/sandbox/requests')).body

let counter = 0
/** A track call that the Checkout preset takes, with a unique messageId. */
export function orderCompleted(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++
  return {
    type: 'track',
    event: 'Order Completed',
    userId: `user-${counter}`,
    messageId: `msg-${process.pid}-${Date.now()}-${counter}`,
    timestamp: new Date().toISOString(),
    context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (test)' },
    properties: { email: `Buyer${counter}@Example.com`, order_id: `o-${counter}`, revenue: 12.5, currency: 'USD' },
    ...overrides
  }
}

/** The value of a Prometheus sample line (`name{labels} value`), 0 when absent. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const match = /^([a-z_]+)(\{[^}]*\})?\s+(\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const labelText = match[2] ?? ''
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(match[3])
  }
  return total
}

/**
 * `dist/server/main.js` as `npm start` runs it, on an ephemeral port, without Pinterest
 * credentials, with TEST_ADMIN_TOKEN as its ADMIN_TOKEN unless `env` gives another (or `ADMIN_TOKEN: undefined`, none).
 */
export function spawnMain(env: NodeJS.ProcessEnv, args: string[] = []): ChildProcessWithoutNullStreams {
  const clean: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env
  }
  for (const key of [
    'PINTEREST_AD_ACCOUNT_ID',
    'PINTEREST_CONVERSION_TOKEN',
    'PINTEREST_TEST_MODE',
    'WRITE_KEY',
    'DATABASE_URL',
    'CONFIG',
    'PINTEREST_SANDBOX_URL',
    'PUBLIC_URL',
    'DEAD_LETTER_RETENTION'
  ])
    if (!(key in env)) delete clean[key]
  if (clean.ADMIN_TOKEN === undefined) delete clean.ADMIN_TOKEN
  return spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: clean })
}

/** The base URL the started process prints; rejects when it exits first. */
export function baseUrlOf(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk) => {
      text += chunk
      const url = /\burl\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1]
      if (url) resolve(url)
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its URL:\n${text}`)))
  })
}

export function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

/**
 * `npm start`'s process on a data folder of its own, for a whole test file: its URL once it
 * listens, and stop() (SIGTERM, then the folder removed).
 */
export interface MainProcess {
  url: string
  dataDir: string
  child: ChildProcessWithoutNullStreams
  /** Everything it printed on stdout so far (the banner, then log lines). */
  printed(): string
  stop(): Promise<void>
}

export async function startMainProcess(env: NodeJS.ProcessEnv): Promise<MainProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-process-'))
  const child = spawnMain({ DATA_DIR: dataDir, FLUSH_MS: '20', LOG_LEVEL: 'warn', ...env })
  let printed = ''
  child.stdout.on('data', (chunk) => (printed += chunk))
  const url = await baseUrlOf(child)
  return {
    url,
    dataDir,
    child,
    printed: () => printed,
    stop: async () => {
      const exited = exitOf(child)
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
