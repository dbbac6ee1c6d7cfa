/**
 * Every environment variable `npm start` reads, with its default: the one place the gateway's
 * settings come from outside. A value that cannot be used stops the start with a message naming
 * the variable, never a silent fallback.
 */
import { resolve } from 'path'
import type { Mode } from 'pinterest-conversions-tools'
import { FieldError, modeFromEnv, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from 'pinterest-conversions-tools'
import { parseTokenKey, SANDBOX_TOKEN_KEY } from '../connect/sealed'

/** The write key a sandbox gateway takes when WRITE_KEY is not set: nothing real is behind it. */
export const SANDBOX_WRITE_KEY = 'sandbox-write-key'

export const ADMIN_TOKEN_VARIABLE = 'ADMIN_TOKEN'
export const TOKEN_KEY_VARIABLE = 'TOKEN_ENCRYPTION_KEY'

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
  logLevel: 'info'
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
  /** The key a source sends with, besides the configuration's: WRITE_KEY, or the sandbox's in sandbox mode. */
  writeKey?: string
  /** A Pinterest sandbox running elsewhere (drills that outlive this process). */
  sandboxUrl?: string
  adminToken?: string
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
    writeKey: writeKey ?? (mode.kind === 'sandbox' ? SANDBOX_WRITE_KEY : undefined),
    sandboxUrl: text(env.PINTEREST_SANDBOX_URL)?.replace(/\/+$/, '') || undefined,
    adminToken: text(env[ADMIN_TOKEN_VARIABLE]),
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
