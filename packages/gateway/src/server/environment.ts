/**
 * Every environment variable `npm start` reads, with its default: the one place the gateway's
 * settings come from outside. A value that cannot be used stops the start with a message naming
 * the variable, never a silent fallback.
 */
import { availableParallelism } from 'os'
import { resolve } from 'path'
import type { Mode } from 'pinterest-conversions-tools'
import { FieldError, modeFromEnv, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from 'pinterest-conversions-tools'
import { parseTokenKey, SANDBOX_TOKEN_KEY } from '../connect/sealed'
import { PINTEREST_REQUESTS_PER_MINUTE } from '../gateway/pacing'

/** The write key a sandbox gateway takes when WRITE_KEY is not set: nothing real is behind it. */
export const SANDBOX_WRITE_KEY = 'sandbox-write-key'

export const ADMIN_TOKEN_VARIABLE = 'ADMIN_TOKEN'
export const TOKEN_KEY_VARIABLE = 'TOKEN_ENCRYPTION_KEY'
/** Shorter tokens can be guessed: a generated one has 43 characters. */
export const MIN_ADMIN_TOKEN_LENGTH = 16

export const DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: 'data',
  /** A batch waits at most this long for 1000 events: Pinterest counts events over an hour late as offline. */
  flushMs: 1000,
  retryBaseMs: 1000,
  /** A lease outlives the slowest delivery: the destination's timeout times its retries. */
  leaseMs: 120_000,
  /** Batches of one destination in flight at once. */
  concurrency: 2,
  logLevel: 'info',
  /** Pinterest's documented limit on the events endpoint, per ad account. */
  requestsPerMinute: PINTEREST_REQUESTS_PER_MINUTE,
  /** Every event's story is kept as long as Pinterest takes the event: 7 days. */
  eventLogRetention: '7d',
  /** Pinterest takes events up to 7 days old: past that, a dead letter could never be sent again. */
  deadLetterRetention: '7d'
} as const

export interface Environment {
  mode: Mode
  port: number
  host: string
  dataDir: string
  databaseUrl?: string
  /** The configuration file named by CONFIG (`--config` wins over it). */
  configFile?: string
  flushMs: number
  retryBaseMs: number
  leaseMs: number
  concurrency: number
  /** DELIVERY_THREADS: threads that map and send batches (one per core by default); 0: the main thread does. */
  deliveryThreads: number
  /**
   * TEST_DELIVERY_THREAD_EXIT_ON, set by tests only: the delivery thread sent the first batch
   * holding the event with this messageId ends mid-batch, as a crash would end it.
   */
  testDeliveryThreadExitOn?: string
  /** PINTEREST_REQUESTS_PER_MINUTE: the most requests a minute to one ad account, all instances together. */
  requestsPerMinute: number
  /** The key a source sends with, besides the configuration's: WRITE_KEY. */
  writeKey?: string
  /** The sandbox's public key, when WRITE_KEY is not set in sandbox mode: taken only while nothing is sent to Pinterest. */
  sandboxWriteKey?: string
  /** A Pinterest sandbox running elsewhere (drills that outlive this process). */
  sandboxUrl?: string
  /** ADMIN_TOKEN; without it, the token kept in DATA_DIR/admin-token (admin-token.ts). */
  adminToken?: string
  /** The address a proxy in front of the gateway serves it at: a name it answers to, and its page's origin. */
  publicUrl?: URL
  /** How long a dead letter is kept before it is deleted, raw event and all. */
  deadLetterRetentionMs: number
  /** EVENT_LOG_RETENTION: how long each event's story is kept (ms). */
  eventLogRetentionMs: number
  logLevel: string
  /** Connect Pinterest (OAuth): the app, the key sealing its tokens, the callback Pinterest knows; or why it is off. */
  oauth: OAuthEnvironment
}

export type OAuthEnvironment = { appId: string; appSecret: string; key: Buffer; redirectUri?: string } | { off: string }

export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const mode = modeFromEnv(env)
  const writeKey = text(env.WRITE_KEY)
  return {
    mode,
    port: wholeNumber(env, 'PORT', DEFAULTS.port, 0, 65535),
    host: text(env.HOST) ?? DEFAULTS.host,
    dataDir: resolve(text(env.DATA_DIR) ?? DEFAULTS.dataDir),
    databaseUrl: text(env.DATABASE_URL),
    configFile: text(env.CONFIG),
    flushMs: wholeNumber(env, 'FLUSH_MS', DEFAULTS.flushMs, 1, 600_000),
    retryBaseMs: wholeNumber(env, 'RETRY_BASE_MS', DEFAULTS.retryBaseMs, 1, 3_600_000),
    leaseMs: wholeNumber(env, 'LEASE_MS', DEFAULTS.leaseMs, 100, 3_600_000),
    concurrency: DEFAULTS.concurrency,
    deliveryThreads: wholeNumber(env, 'DELIVERY_THREADS', availableParallelism(), 0, 64),
    testDeliveryThreadExitOn: text(env.TEST_DELIVERY_THREAD_EXIT_ON),
    requestsPerMinute: wholeNumber(env, 'PINTEREST_REQUESTS_PER_MINUTE', DEFAULTS.requestsPerMinute, 1, 1_000_000),
    writeKey,
    sandboxWriteKey: writeKey === undefined && mode.kind === 'sandbox' ? SANDBOX_WRITE_KEY : undefined,
    sandboxUrl: text(env.PINTEREST_SANDBOX_URL)?.replace(/\/+$/, '') || undefined,
    adminToken: adminToken(env),
    publicUrl: publicUrl(env),
    deadLetterRetentionMs: duration(env, 'DEAD_LETTER_RETENTION', DEFAULTS.deadLetterRetention),
    eventLogRetentionMs: duration(env, 'EVENT_LOG_RETENTION', DEFAULTS.eventLogRetention),
    logLevel: text(env.LOG_LEVEL) ?? DEFAULTS.logLevel,
    oauth: readOAuth(env, mode.kind === 'sandbox')
  }
}

/**
 * PINTEREST_APP_ID, PINTEREST_APP_SECRET and TOKEN_ENCRYPTION_KEY (32 bytes, as 64 hex digits or
 * base64), with PINTEREST_REDIRECT_URI when Pinterest must be told a callback other than this
 * server's own address. The sandbox's app and key are the defaults in sandbox mode; live, OAuth
 * is off without a key, and a key without the app's credentials is a mistake.
 */
function readOAuth(env: NodeJS.ProcessEnv, sandbox: boolean): OAuthEnvironment {
  const keyText = text(env[TOKEN_KEY_VARIABLE])
  const key = keyText === undefined ? undefined : parseTokenKey(keyText)
  if (keyText !== undefined && !key) {
    throw new FieldError(
      `${TOKEN_KEY_VARIABLE} must be 32 bytes, written as 64 hex digits or in base64 (openssl rand -base64 32).`,
      TOKEN_KEY_VARIABLE
    )
  }
  const redirectUri = text(env.PINTEREST_REDIRECT_URI)
  if (redirectUri !== undefined && !/^https?:\/\/[^/]+\/connect\/pinterest\/callback$/.test(redirectUri)) {
    throw new FieldError(
      "PINTEREST_REDIRECT_URI must be this gateway's callback as Pinterest reaches it: https://HOST/connect/pinterest/callback.",
      'PINTEREST_REDIRECT_URI'
    )
  }
  const appId = text(env.PINTEREST_APP_ID) ?? (sandbox ? SANDBOX_APP_ID : undefined)
  const appSecret = text(env.PINTEREST_APP_SECRET) ?? (sandbox ? SANDBOX_APP_SECRET : undefined)
  const sealing = key ?? (sandbox ? SANDBOX_TOKEN_KEY : undefined)
  if (!sealing) {
    return { off: `OAuth is off: ${TOKEN_KEY_VARIABLE} is not set, and tokens are only kept encrypted with it.` }
  }
  for (const [name, value] of [
    ['PINTEREST_APP_ID', appId],
    ['PINTEREST_APP_SECRET', appSecret]
  ]) {
    if (value === undefined)
      throw new FieldError(
        `${TOKEN_KEY_VARIABLE} is set but ${name} is not: set both of the app's credentials.`,
        name as string
      )
  }
  return { appId: appId as string, appSecret: appSecret as string, key: sealing, ...(redirectUri && { redirectUri }) }
}

function adminToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = text(env[ADMIN_TOKEN_VARIABLE])
  if (token !== undefined && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    // Never quoted: it is a secret, however weak.
    throw new FieldError(
      `${ADMIN_TOKEN_VARIABLE} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long: unset it to have one generated.`,
      ADMIN_TOKEN_VARIABLE
    )
  }
  return token
}

function publicUrl(env: NodeJS.ProcessEnv): URL | undefined {
  const value = text(env.PUBLIC_URL)
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.search || url.hash) {
    throw new FieldError(
      `PUBLIC_URL must be the address the gateway is served at, such as https://gateway.example.com, not "${value}".`,
      'PUBLIC_URL'
    )
  }
  return url
}

const UNIT_MS = new Map([
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000]
])

/** A whole number and a unit: `7d`, `12h`, `30m`, `90s`. */
function duration(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const value = text(env[name]) ?? fallback
  const match = /^(\d{1,6})\s*([smhd])$/.exec(value)
  const ms = match ? Number(match[1]) * (UNIT_MS.get(match[2]) ?? 0) : 0
  if (ms <= 0) {
    throw new FieldError(
      `${name} must be a duration: a whole number and s, m, h or d (7d, 12h, 30m), not "${value}".`,
      name
    )
  }
  return ms
}

function text(value: string | undefined): string | undefined {
  return value?.trim() || undefined
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]
  if (value === undefined || value.trim() === '') return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max)
    throw new FieldError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`, name)
  return number
}
