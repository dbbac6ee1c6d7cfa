/**
 * The gateway's Pinterest connection: signed in once through OAuth (authorization code, `state`
 * checked: single use, 10 minutes), its tokens kept sealed in the store's records and refreshed
 * before they expire, the conversion token minted from them, and the ad account picked from the
 * user's list. Destinations without settings of their own send with it (compiled-config.ts).
 *
 * Several instances share the record: each writes over the version it read (a refresh that lost
 * the race adopts the winner's tokens) and reads it again every CHECK_MS.
 */
import { createHash, randomBytes } from 'crypto'
import { FieldError } from 'pinterest-conversions-tools'
import type { RecordStore } from '../queue'
import type { GatewayLog } from '../gateway/log'
import type { AdAccount, PinterestAccountApi } from './pinterest-api'
import { PinterestApiError } from './pinterest-api'
import type { Sealer } from './sealed'

const RECORD = 'pinterest:connection'
const STATE_PREFIX = 'pinterest:oauth-state:'
const DAY_MS = 24 * 60 * 60 * 1000
const STATE_MS = 10 * 60 * 1000
/** How often the tokens' lifetimes are checked. */
export const CHECK_MS = 60 * 60 * 1000
/** How often the record is read again: another instance may have connected, picked an account or refreshed. */
export const READ_MS = 5_000
/** Access tokens (30 days) are refreshed this long before they end; each refresh renews the refresh token for 60 days. */
const REFRESH_ACCESS_BEFORE_MS = DAY_MS
/** A refresh token with less than this left is renewed even when the access token is young. */
const RENEW_REFRESH_BEFORE_MS = 30 * DAY_MS
/** From this many days left, the status and the log warn: reconnect, or refreshing has been failing. */
export const WARN_DAYS = 7

interface ConnectionRecord {
  connected_at: number
  ad_accounts: AdAccount[]
  ad_account_id: string | null
  scope: string
  access_token_expires_at: number
  refresh_token_expires_at: number
  /** The access, refresh and conversion tokens, sealed together (sealed.ts). */
  sealed: string
}

interface Tokens {
  access_token: string
  refresh_token: string
  conversion_token: string
}

interface Held {
  version: number
  record: ConnectionRecord
  tokens: Tokens
}

/** `GET /connect/pinterest/status`: never a token. */
export interface ConnectionStatus {
  connected: boolean
  ad_accounts: AdAccount[]
  ad_account_id: string | null
  /** ISO 8601; null when not connected. */
  refresh_token_expires_at: string | null
  refresh_token_days_left: number | null
  /** Set from WARN_DAYS days left. */
  warning: string | null
  /** Whether destinations without settings of their own send with this connection. */
  sending: boolean
  oauth: { enabled: boolean; reason?: string }
}

export interface ConnectionOptions {
  records: RecordStore
  api: PinterestAccountApi
  /** Absent: OAuth is off, for `offReason`. */
  sealer?: Sealer
  offReason?: string
  /** The callback Pinterest knows (PINTEREST_REDIRECT_URI); by default this server's own, as the browser reached it. */
  redirectUri?: string
  clock: () => number
  log: GatewayLog
}

/** Where Pinterest sends the browser back. */
export const CALLBACK_PATH = '/connect/pinterest/callback'

export class PinterestConnection {
  private held?: Held
  private version = 0
  private timers: NodeJS.Timeout[] = []
  private refreshing?: Promise<void>
  private readonly listeners: Array<() => void> = []

  constructor(private readonly options: ConnectionOptions) {}

  /** Pinterest's account API, to call through withToken. */
  get api(): PinterestAccountApi {
    this.assertEnabled()
    return this.options.api
  }

  get enabled(): boolean {
    return this.options.sealer !== undefined
  }

  /** Reads the stored connection, then reads it again every READ_MS and checks it every CHECK_MS. */
  async start(): Promise<void> {
    if (!this.enabled) return
    await this.check()
    this.timers = [setInterval(() => void this.reread(), READ_MS), setInterval(() => void this.check(), CHECK_MS)]
    for (const timer of this.timers) timer.unref()
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer)
    await this.refreshing
  }

  /** Told whenever the settings the connection gives change (connected, account picked, disconnected). */
  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** The destination settings it gives once an account is picked: the account and the minted conversion token. */
  settings(): { ad_account_id: string; conversion_token: string } | undefined {
    const held = this.held
    if (!held?.record.ad_account_id) return undefined
    return { ad_account_id: held.record.ad_account_id, conversion_token: held.tokens.conversion_token }
  }

  /** Values no answer or log may hold. */
  secrets(): string[] {
    const tokens = this.held?.tokens
    return tokens ? [tokens.access_token, tokens.refresh_token, tokens.conversion_token] : []
  }

  status(): ConnectionStatus {
    const held = this.held
    const oauth = this.enabled ? { enabled: true } : { enabled: false, reason: this.options.offReason }
    if (!held) {
      return {
        connected: false,
        ad_accounts: [],
        ad_account_id: null,
        refresh_token_expires_at: null,
        refresh_token_days_left: null,
        warning: null,
        sending: false,
        oauth
      }
    }
    const daysLeft = this.daysLeft() ?? 0
    return {
      connected: true,
      ad_accounts: held.record.ad_accounts,
      ad_account_id: held.record.ad_account_id,
      refresh_token_expires_at: new Date(held.record.refresh_token_expires_at).toISOString(),
      refresh_token_days_left: daysLeft,
      warning:
        daysLeft <= WARN_DAYS
          ? `The Pinterest sign-in ends in ${daysLeft} day${
              daysLeft === 1 ? '' : 's'
            }: refreshing it failed; connect Pinterest again.`
          : null,
      sending: held.record.ad_account_id !== null,
      oauth
    }
  }

  /** Whole days until the refresh token ends; undefined when not connected. */
  daysLeft(): number | undefined {
    const held = this.held
    if (!held) return undefined
    return Math.max(0, Math.floor((held.record.refresh_token_expires_at - this.options.clock()) / DAY_MS))
  }

  /** Starts the flow: the authorize URL, with a fresh state kept (hashed) for 10 minutes. `origin`: this server as the browser reached it. */
  async begin(origin: string): Promise<string> {
    this.assertEnabled()
    const redirectUri = this.options.redirectUri ?? `${origin}${CALLBACK_PATH}`
    const state = randomBytes(24).toString('base64url')
    const now = this.options.clock()
    await this.pruneStates(now)
    await this.options.records.write(stateKey(state), JSON.stringify({ expires_at: now + STATE_MS, redirectUri }), 0)
    return this.options.api.authorizeUrl(state, redirectUri)
  }

  /**
   * Ends the flow from the callback's query: the state taken (once), the code exchanged, the
   * ad accounts listed and the conversion token minted, then all of it saved. An account is
   * picked at once when the user has only one, or when the one picked before is still listed.
   */
  async complete(query: URLSearchParams): Promise<ConnectionStatus> {
    this.assertEnabled()
    const state = query.get('state') ?? ''
    const saved = state === '' ? undefined : await this.options.records.read(stateKey(state))
    const taken = saved !== undefined && (await this.options.records.remove(stateKey(state)))
    const flow = taken ? (JSON.parse(saved.text) as { expires_at: number; redirectUri: string }) : undefined
    if (!flow || flow.expires_at <= this.options.clock()) {
      throw new FieldError('This sign-in is unknown, used or expired: start again from Connect Pinterest.', 'state')
    }
    const error = query.get('error')
    if (error !== null) {
      throw new FieldError(`Pinterest did not grant access: ${query.get('error_description') ?? error}.`, 'error', 403)
    }
    const code = query.get('code')
    if (!code) throw new FieldError('Pinterest sent no authorization code.', 'code')
    const { api } = this.options
    const tokens = await api.exchangeCode(code, flow.redirectUri)
    const [adAccounts, conversionToken] = await Promise.all([
      api.adAccounts(tokens.accessToken),
      api.conversionToken(tokens.accessToken)
    ])
    const before = this.held?.record.ad_account_id
    const kept = adAccounts.find((account) => account.id === before)?.id
    const record: ConnectionRecord = {
      connected_at: this.options.clock(),
      ad_accounts: adAccounts,
      ad_account_id: kept ?? (adAccounts.length === 1 ? adAccounts[0].id : null),
      scope: tokens.scope,
      access_token_expires_at: tokens.accessTokenExpiresAt,
      refresh_token_expires_at: tokens.refreshTokenExpiresAt,
      sealed: ''
    }
    await this.save(record, {
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      conversion_token: conversionToken
    })
    this.options.log.info(
      { ad_accounts: adAccounts.length, ad_account_id: record.ad_account_id },
      'Pinterest connected'
    )
    return this.status()
  }

  async pick(adAccountId: unknown): Promise<ConnectionStatus> {
    const held = this.requireHeld()
    if (typeof adAccountId !== 'string' || !held.record.ad_accounts.some((account) => account.id === adAccountId)) {
      const ids = held.record.ad_accounts.map((account) => account.id).join(', ')
      throw new FieldError(`ad_account_id must be one of the connected user's ad accounts: ${ids}.`, 'ad_account_id')
    }
    await this.save({ ...held.record, ad_account_id: adAccountId }, held.tokens)
    this.options.log.info({ ad_account_id: adAccountId }, 'Pinterest ad account picked')
    return this.status()
  }

  /** Forgets the tokens here (Pinterest keeps the grant until the user removes the app). */
  async disconnect(): Promise<ConnectionStatus> {
    this.assertEnabled()
    await this.options.records.remove(RECORD)
    this.adopt(undefined, 0)
    this.options.log.info({}, 'Pinterest disconnected')
    return this.status()
  }

  /**
   * Runs a call of the account API with a fresh access token and the picked account; a 401
   * (the token ended early, or was refreshed elsewhere) refreshes once and tries again.
   */
  async withToken<T>(call: (accessToken: string, adAccountId: string) => Promise<T>): Promise<T> {
    const held = this.requireHeld()
    const adAccountId = held.record.ad_account_id
    if (!adAccountId)
      throw new FieldError('Pick an ad account first: POST /connect/pinterest/ad-account.', 'ad_account_id', 409)
    if (this.refreshDue(held.record)) await this.refresh()
    try {
      return await call(this.requireHeld().tokens.access_token, adAccountId)
    } catch (error) {
      if (!(error instanceof PinterestApiError) || error.pinterestStatus !== 401) throw error
      await this.refresh()
      return call(this.requireHeld().tokens.access_token, adAccountId)
    }
  }

  /** Refreshes the tokens (once, however many callers ask at the same time). */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined))
    return this.refreshing
  }

  private async refreshOnce(): Promise<void> {
    const held = this.requireHeld()
    await this.load()
    const current = this.requireHeld()
    // Another instance refreshed meanwhile: its tokens are the ones in use now.
    if (current.version !== held.version) return
    const tokens = await this.options.api.refresh(current.tokens.refresh_token).catch(async (error: Error) => {
      await this.load()
      if (this.held && this.held.version !== current.version) return undefined
      this.options.log.error({ err: error.message }, 'Pinterest token refresh failed')
      throw error
    })
    if (!tokens) return
    const record = {
      ...current.record,
      scope: tokens.scope || current.record.scope,
      access_token_expires_at: tokens.accessTokenExpiresAt,
      refresh_token_expires_at: tokens.refreshTokenExpiresAt
    }
    await this.save(record, { ...current.tokens, access_token: tokens.accessToken, refresh_token: tokens.refreshToken })
    this.options.log.info({ refresh_token_days_left: this.daysLeft() }, 'Pinterest tokens refreshed')
  }

  private refreshDue(record: ConnectionRecord): boolean {
    const now = this.options.clock()
    return (
      record.access_token_expires_at - now <= REFRESH_ACCESS_BEFORE_MS ||
      record.refresh_token_expires_at - now <= RENEW_REFRESH_BEFORE_MS
    )
  }

  /** Reads the record again, refreshes what is due, and warns when the sign-in nears its end. */
  private async check(): Promise<void> {
    try {
      await this.load()
      const held = this.held
      if (held && this.refreshDue(held.record)) await this.refresh()
    } catch (error) {
      this.options.log.error({ err: (error as Error).message }, 'cannot check the Pinterest connection')
    }
    const days = this.daysLeft()
    if (days !== undefined && days <= WARN_DAYS) {
      this.options.log.warn({ refresh_token_days_left: days }, 'the Pinterest sign-in ends soon: connect again')
    }
  }

  private async reread(): Promise<void> {
    try {
      await this.load()
    } catch (error) {
      this.options.log.error({ err: (error as Error).message }, 'cannot read the Pinterest connection')
    }
  }

  /** Adopts the stored record when it changed; a record this key cannot open counts as no connection. */
  private async load(): Promise<void> {
    const stored = await this.options.records.read(RECORD)
    if (!stored) {
      if (this.held) this.adopt(undefined, 0)
      return
    }
    if (stored.version === this.version) return
    const record = JSON.parse(stored.text) as ConnectionRecord
    let tokens: Tokens
    try {
      tokens = JSON.parse(this.requireSealer().open(record.sealed, RECORD)) as Tokens
    } catch {
      this.options.log.error(
        {},
        'cannot open the stored Pinterest tokens (TOKEN_ENCRYPTION_KEY changed?): connect again'
      )
      this.adopt(undefined, stored.version)
      return
    }
    this.adopt({ version: stored.version, record, tokens }, stored.version)
  }

  /** Saves over the version held; when another instance saved first, its record is adopted and the save refused. */
  private async save(record: ConnectionRecord, tokens: Tokens): Promise<void> {
    const sealed = this.requireSealer().seal(JSON.stringify(tokens), RECORD)
    const next = { ...record, sealed }
    const version = await this.options.records.write(RECORD, JSON.stringify(next), this.version)
    if (version === undefined) {
      await this.load()
      throw new FieldError(
        'The Pinterest connection changed on another instance meanwhile: try again.',
        'connection',
        409
      )
    }
    this.adopt({ version, record: next, tokens }, version)
  }

  private adopt(held: Held | undefined, version: number): void {
    const before = JSON.stringify(this.settings() ?? null)
    this.held = held
    this.version = version
    if (JSON.stringify(this.settings() ?? null) !== before) for (const listener of this.listeners) listener()
  }

  private async pruneStates(now: number): Promise<void> {
    for (const { key, text } of await this.options.records.list(STATE_PREFIX)) {
      if ((JSON.parse(text) as { expires_at: number }).expires_at <= now) await this.options.records.remove(key)
    }
  }

  private requireHeld(): Held {
    this.assertEnabled()
    if (!this.held) throw new FieldError('Pinterest is not connected: GET /connect/pinterest first.', 'connection', 409)
    return this.held
  }

  private requireSealer(): Sealer {
    this.assertEnabled()
    return this.options.sealer as Sealer
  }

  private assertEnabled(): void {
    if (!this.enabled) throw new FieldError(this.options.offReason ?? 'OAuth is off.', 'TOKEN_ENCRYPTION_KEY', 409)
  }
}

/** States are kept by digest: the store never holds one that could be replayed. */
function stateKey(state: string): string {
  return STATE_PREFIX + createHash('sha256').update(state).digest('hex')
}
