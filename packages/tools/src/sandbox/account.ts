/**
 * The sandbox's account side, as Pinterest's API v5 serves it (the contract's OpenAPI extract
 * and pinterest-oauth-eqs.md): an authorize page that grants at once, `POST /v5/oauth/token`
 * (authorization code and continuous refresh tokens, the app's id and secret in HTTP Basic),
 * `POST /v5/oauth/conversion_token`, `GET /v5/ad_accounts`, and who may call what for which
 * ad account. One sandbox user owns the sandbox's ad accounts; every token is kept in memory,
 * bounded, and expires on the sandbox's clock.
 */
import { randomBytes } from 'crypto'
import type { SandboxAnswer, SandboxRequest } from './http'
import { answer, AUTHENTICATION_FAILED, basicCredentials, bearerToken, NOT_PERMITTED, pinterestError } from './http'

/** The sandbox app's credentials: the defaults of PINTEREST_APP_ID / PINTEREST_APP_SECRET in sandbox mode. Not secrets. */
export const SANDBOX_APP_ID = '1500000'
export const SANDBOX_APP_SECRET = 'sandbox-app-secret'
/** The only token the sandbox accepted before OAuth, still taken for the first ad account. Not a secret. */
export const SANDBOX_CONVERSION_TOKEN = 'sandbox-conversion-token'
/** The ad account the fixed sandbox token sends to (the example ID of the settings' description). */
export const SANDBOX_AD_ACCOUNT_ID = '549755885175'

/** The sandbox user's ad accounts, as `GET /v5/ad_accounts` lists them. */
export const SANDBOX_AD_ACCOUNTS = [
  { id: SANDBOX_AD_ACCOUNT_ID, name: 'Sandbox Shop (US)', country: 'US', currency: 'USD' },
  { id: '549755885176', name: 'Sandbox Shop (EU)', country: 'FR', currency: 'EUR' }
] as const

const DAY_SECONDS = 24 * 60 * 60
/** Pinterest's lifetimes: access tokens 30 days, continuous refresh tokens 60 days from each refresh. */
export const ACCESS_TOKEN_SECONDS = 30 * DAY_SECONDS
export const REFRESH_TOKEN_SECONDS = 60 * DAY_SECONDS
/** An authorization code is good for one exchange within this long. */
const CODE_SECONDS = 10 * 60
/** Tokens kept per kind; the oldest are forgotten first (a long drill mints many). */
const KEEP_TOKENS = 1000

/** How an events request was authorized; never the token itself. */
export type TokenKind = 'sandbox' | 'conversion' | 'oauth'

interface Grant {
  scopes: string[]
  expiresAt: number
}

export interface AccountSide {
  /** `GET /oauth/`: grants at once, redirecting back with the code and the state. */
  authorize(request: SandboxRequest): SandboxAnswer
  token(request: SandboxRequest): SandboxAnswer
  conversionToken(request: SandboxRequest): SandboxAnswer
  adAccounts(request: SandboxRequest): SandboxAnswer
  /** An error answer, or undefined when the request's OAuth token has these scopes and the account is the user's. */
  refuseAccountCall(request: SandboxRequest, adAccountId: string, scopes: readonly string[]): SandboxAnswer | undefined
  /** Who sends events: the kind of token the request carries, or the error answer. */
  eventsCaller(request: SandboxRequest): TokenKind | SandboxAnswer
  /** Whether a token of this kind may send events for the account. */
  mayUse(kind: TokenKind, adAccountId: string): boolean
}

export function createAccountSide(nowSeconds: () => number): AccountSide {
  const codes = new Map<string, Grant & { redirectUri: string }>()
  const accessTokens = new Map<string, Grant>()
  const refreshTokens = new Map<string, Grant>()
  const conversionTokens = new Set<string>()

  function oauthGrant(request: SandboxRequest): Grant | SandboxAnswer {
    const token = bearerToken(request.headers.authorization)
    const grant = token === undefined ? undefined : accessTokens.get(token)
    if (!grant || grant.expiresAt <= nowSeconds()) return AUTHENTICATION_FAILED()
    return grant
  }

  function issue(scopes: string[], responseType: 'authorization_code' | 'refresh_token'): SandboxAnswer {
    const now = nowSeconds()
    const accessToken = `pina_sandbox_${randomToken()}`
    const refreshToken = `pinr_sandbox_${randomToken()}`
    remember(accessTokens, accessToken, { scopes, expiresAt: now + ACCESS_TOKEN_SECONDS })
    remember(refreshTokens, refreshToken, { scopes, expiresAt: now + REFRESH_TOKEN_SECONDS })
    return answer(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      response_type: responseType,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
      refresh_token_expires_at: now + REFRESH_TOKEN_SECONDS,
      scope: scopes.join(',')
    })
  }

  return {
    authorize(request) {
      const query = new URL(request.url, 'http://sandbox.invalid').searchParams
      const redirectUri = query.get('redirect_uri') ?? ''
      if (query.get('client_id') !== SANDBOX_APP_ID) return pinterestError(400, 1, 'Unknown client_id.')
      if (query.get('response_type') !== 'code') return pinterestError(400, 1, 'response_type must be code.')
      if (!/^https?:\/\//.test(redirectUri)) return pinterestError(400, 1, 'redirect_uri must be an http(s) URL.')
      const code = randomToken()
      remember(codes, code, {
        scopes: scopesOf(query.get('scope')),
        redirectUri,
        expiresAt: nowSeconds() + CODE_SECONDS
      })
      const back = new URL(redirectUri)
      back.searchParams.set('code', code)
      const state = query.get('state')
      if (state !== null) back.searchParams.set('state', state)
      return answer(302, { redirect: 'granted' }, { location: back.toString() })
    },

    token(request) {
      const app = basicCredentials(request.headers.authorization)
      if (app?.user !== SANDBOX_APP_ID || app.password !== SANDBOX_APP_SECRET) return AUTHENTICATION_FAILED()
      const form = new URLSearchParams(request.body)
      const grantType = form.get('grant_type')
      if (grantType === 'authorization_code') {
        const code = form.get('code') ?? ''
        const grant = codes.get(code)
        codes.delete(code)
        if (!grant || grant.expiresAt <= nowSeconds()) return pinterestError(400, 1, 'Invalid authorization code.')
        if (form.get('redirect_uri') !== grant.redirectUri) {
          return pinterestError(400, 1, 'redirect_uri does not match the one the code was issued for.')
        }
        return issue(grant.scopes, 'authorization_code')
      }
      if (grantType === 'refresh_token') {
        const token = form.get('refresh_token') ?? ''
        const grant = refreshTokens.get(token)
        if (!grant || grant.expiresAt <= nowSeconds()) return pinterestError(400, 1, 'Invalid refresh token.')
        // Continuous refresh: the used token is replaced by one good for another 60 days.
        refreshTokens.delete(token)
        return issue(grant.scopes, 'refresh_token')
      }
      return pinterestError(400, 1, 'grant_type must be authorization_code or refresh_token.')
    },

    conversionToken(request) {
      const grant = oauthGrant(request)
      if ('status' in grant) return grant
      if (!grant.scopes.includes('ads:write')) return NOT_PERMITTED()
      const token = `pinc_sandbox_${randomToken()}`
      conversionTokens.add(token)
      if (conversionTokens.size > KEEP_TOKENS) conversionTokens.delete(conversionTokens.values().next().value as string)
      return answer(200, { access_token: token, token_type: 'conversion' })
    },

    adAccounts(request) {
      const grant = oauthGrant(request)
      if ('status' in grant) return grant
      if (!grant.scopes.includes('ads:read')) return NOT_PERMITTED()
      return answer(200, { items: SANDBOX_AD_ACCOUNTS.map((account) => ({ ...account })), bookmark: null })
    },

    refuseAccountCall(request, adAccountId, scopes) {
      const grant = oauthGrant(request)
      if ('status' in grant) return grant
      if (!scopes.every((scope) => grant.scopes.includes(scope)) || !isUsersAccount(adAccountId)) {
        return NOT_PERMITTED()
      }
      return undefined
    },

    eventsCaller(request) {
      const token = bearerToken(request.headers.authorization)
      if (token === SANDBOX_CONVERSION_TOKEN) return 'sandbox'
      if (token !== undefined && conversionTokens.has(token)) return 'conversion'
      const grant = token === undefined ? undefined : accessTokens.get(token)
      if (!grant || grant.expiresAt <= nowSeconds()) return AUTHENTICATION_FAILED()
      return grant.scopes.includes('ads:write') ? 'oauth' : NOT_PERMITTED()
    },

    mayUse(kind, adAccountId) {
      return kind === 'sandbox' ? adAccountId === SANDBOX_AD_ACCOUNT_ID : isUsersAccount(adAccountId)
    }
  }
}

function isUsersAccount(id: string): boolean {
  return SANDBOX_AD_ACCOUNTS.some((account) => account.id === id)
}

/** Pinterest writes scopes comma-separated (`ads:read,ads:write`); spaces are taken too. */
function scopesOf(text: string | null): string[] {
  return [...new Set((text ?? '').split(/[\s,]+/).filter(Boolean))]
}

function randomToken(): string {
  return randomBytes(24).toString('base64url')
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.set(key, value)
  if (map.size > KEEP_TOKENS) map.delete(map.keys().next().value as string)
}
