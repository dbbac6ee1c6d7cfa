/**
 * Pinterest's account-side API as the gateway calls it (the contract's pinterest-oauth-eqs.md):
 * OAuth (through @badgateway/oauth2-client: the authorize URL, and the token endpoint with the
 * app's id and secret in HTTP Basic), the conversion token, ad accounts, the Event Quality Score
 * and conversion deletion requests. The URLs are Pinterest's, fixed here; the sandbox is reached
 * by the `fetch` given from outside (tools' sandboxFetch), as the destination reaches it.
 *
 * Errors carry Pinterest's status and message, never a token: the tokens travel in headers and
 * form bodies that no error quotes.
 */
import { OAuth2Client, OAuth2HttpError } from '@badgateway/oauth2-client'
import { FieldError, isObject } from 'pinterest-conversions-tools'

const AUTHORIZE_URL = 'https://www.pinterest.com/oauth/'
const API = 'https://api.pinterest.com/v5'
/** What the gateway asks for: ad accounts and the quality score (read), conversions and deletion requests (write). */
export const OAUTH_SCOPES = 'ads:read,ads:write'
const TIMEOUT_MS = 10_000

export interface TokenSet {
  accessToken: string
  refreshToken: string
  /** Unix ms, from `expires_in` at receipt. */
  accessTokenExpiresAt: number
  /** Unix ms, from Pinterest's `refresh_token_expires_at` (continuous refresh tokens: 60 days from each refresh). */
  refreshTokenExpiresAt: number
  scope: string
}

export interface AdAccount {
  id: string
  name: string
}

export type LookbackPeriod = '1d' | '14d'

/** What a deletion request's answer is read as. Not in the 5.23 OpenAPI extract: names of pinterest-oauth-eqs.md, states of the sandbox. */
export interface PinterestDeletion {
  id: string
  state: string
}

export interface DeletionTargets {
  /** Plain text, normalized as events' emails are: Pinterest takes them so (`deletion_targets.user_emails`). */
  user_emails?: string[]
  epiks?: string[]
}

/**
 * Pinterest refused or did not answer: answered 502 (Pinterest, not the caller, failed), but
 * for what Pinterest says about the request itself (400, 404, 409), which the caller can act on.
 */
export class PinterestApiError extends FieldError {
  constructor(message: string, readonly pinterestStatus: number) {
    super(message, 'pinterest', [400, 404, 409].includes(pinterestStatus) ? pinterestStatus : 502)
    this.name = 'PinterestApiError'
  }
}

export interface PinterestAccountApi {
  authorizeUrl(state: string, redirectUri: string): Promise<string>
  exchangeCode(code: string, redirectUri: string): Promise<TokenSet>
  refresh(refreshToken: string): Promise<TokenSet>
  conversionToken(accessToken: string): Promise<string>
  adAccounts(accessToken: string): Promise<AdAccount[]>
  qualityScore(accessToken: string, adAccountId: string, lookback: LookbackPeriod): Promise<unknown[]>
  fileDeletion(accessToken: string, adAccountId: string, targets: DeletionTargets): Promise<PinterestDeletion>
  deletion(accessToken: string, adAccountId: string, id: string): Promise<PinterestDeletion>
  cancelDeletion(accessToken: string, adAccountId: string, id: string): Promise<PinterestDeletion>
}

export interface ApiOptions {
  appId: string
  appSecret: string
  /** Where requests go: fetch itself, or one that moves Pinterest's URLs to the sandbox. */
  fetch: typeof fetch
  clock: () => number
}

/** The two grants the gateway asks for, in the library's request shapes. */
type TokenRequest =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: undefined }
  | { grant_type: 'refresh_token'; refresh_token: string }

/** Pinterest's token answer, with the fields of the continuous refresh token the library's type leaves out. */
interface PinterestTokenResponse {
  access_token: string
  refresh_token?: string
  expires_in?: number
  refresh_token_expires_at?: number
  refresh_token_expires_in?: number
  scope?: string
}

export function pinterestAccountApi(options: ApiOptions): PinterestAccountApi {
  const send: typeof fetch = (input, init) =>
    options.fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((error: Error) => {
      throw new PinterestApiError(`Pinterest did not answer: ${error.message}`, 503)
    })
  const oauth = new OAuth2Client({
    clientId: options.appId,
    clientSecret: options.appSecret,
    authorizationEndpoint: AUTHORIZE_URL,
    tokenEndpoint: `${API}/oauth/token`,
    authenticationMethod: 'client_secret_basic',
    fetch: send
  })

  /** The token endpoint's raw answer: `refresh_token_expires_at` is Pinterest's own, not in the library's OAuth2Token. */
  async function tokens(form: TokenRequest): Promise<TokenSet> {
    let body: PinterestTokenResponse
    try {
      body = (await oauth.request('tokenEndpoint', form)) as PinterestTokenResponse
    } catch (error) {
      throw tokenError(error)
    }
    const now = options.clock()
    if (typeof body?.access_token !== 'string' || typeof body.refresh_token !== 'string') {
      throw new PinterestApiError('Pinterest answered the token request without the tokens.', 502)
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      accessTokenExpiresAt: now + (body.expires_in ?? 0) * 1000,
      refreshTokenExpiresAt:
        body.refresh_token_expires_at !== undefined
          ? body.refresh_token_expires_at * 1000
          : now + (body.refresh_token_expires_in ?? 0) * 1000,
      scope: body.scope ?? ''
    }
  }

  async function call(
    method: string,
    path: string,
    accessToken: string,
    body?: object,
    query?: Record<string, string>
  ): Promise<unknown> {
    const url = `${API}${path}${query ? `?${new URLSearchParams(query)}` : ''}`
    const response = await send(url, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(body && { 'content-type': 'application/json' })
      },
      body: body && JSON.stringify(body)
    })
    const answer = await response.json().catch(() => undefined)
    if (response.ok) return answer
    const message = isObject(answer) && typeof answer.message === 'string' ? answer.message : response.statusText
    throw new PinterestApiError(`Pinterest answered ${response.status}: ${message}`, response.status)
  }

  const account = (id: string) => `/ad_accounts/${encodeURIComponent(id)}`
  return {
    authorizeUrl: (state, redirectUri) =>
      oauth.authorizationCode.getAuthorizeUri({ redirectUri, state, scope: [OAUTH_SCOPES] }),
    exchangeCode: (code, redirectUri) =>
      tokens({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: undefined }),
    refresh: (refreshToken) => tokens({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async conversionToken(accessToken) {
      const answer = await call('POST', '/oauth/conversion_token', accessToken)
      if (!isObject(answer) || typeof answer.access_token !== 'string') {
        throw new PinterestApiError('Pinterest answered the conversion token request without a token.', 502)
      }
      return answer.access_token
    },
    async adAccounts(accessToken) {
      const answer = await call('GET', '/ad_accounts', accessToken, undefined, { page_size: '250' })
      const items = isObject(answer) && Array.isArray(answer.items) ? answer.items : []
      return items
        .filter((item): item is { id: string; name?: unknown } => isObject(item) && typeof item.id === 'string')
        .map((item) => ({ id: item.id, name: typeof item.name === 'string' ? item.name : item.id }))
    },
    async qualityScore(accessToken, adAccountId, lookback) {
      const answer = await call('GET', `${account(adAccountId)}/conversion_eqs`, accessToken, undefined, {
        lookback_period: lookback
      })
      if (!Array.isArray(answer)) throw new PinterestApiError('Pinterest answered the quality score with no list.', 502)
      return answer
    },
    fileDeletion: async (accessToken, adAccountId, targets) =>
      deletionOf(
        await call('POST', `${account(adAccountId)}/conversion_deletion_requests`, accessToken, {
          deletion_targets: targets
        })
      ),
    deletion: async (accessToken, adAccountId, id) =>
      deletionOf(
        await call('GET', `${account(adAccountId)}/conversion_deletion_requests/${encodeURIComponent(id)}`, accessToken)
      ),
    cancelDeletion: async (accessToken, adAccountId, id) =>
      deletionOf(
        await call(
          'DELETE',
          `${account(adAccountId)}/conversion_deletion_requests/${encodeURIComponent(id)}`,
          accessToken
        )
      )
  }
}

function deletionOf(answer: unknown): PinterestDeletion {
  if (!isObject(answer) || typeof answer.id !== 'string' || typeof answer.state !== 'string') {
    throw new PinterestApiError('Pinterest answered the deletion request without its id and state.', 502)
  }
  return { id: answer.id, state: answer.state }
}

/** The token endpoint's refusal in Pinterest's words (its `message`), with its status; a network failure as 503. */
function tokenError(error: unknown): PinterestApiError {
  if (error instanceof PinterestApiError) return error
  if (error instanceof OAuth2HttpError) {
    const body = error.parsedBody as { message?: unknown } | undefined
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${error.httpCode}`
    return new PinterestApiError(`Pinterest refused the token request: ${message}`, error.httpCode)
  }
  return new PinterestApiError(`The token request failed: ${(error as Error).message}`, 502)
}
