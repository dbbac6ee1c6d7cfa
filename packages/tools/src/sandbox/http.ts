/**
 * What every part of the sandbox shares: the request and answer it deals in (plain values, no
 * sockets), and Pinterest's error bodies.
 */

export interface SandboxRequest {
  method: string
  /** Path and query, as an HTTP server sees them: `/v5/ad_accounts/1/events?test=true`. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export type SandboxAnswer = { status: number; headers: Record<string, string>; body: object }

export type SandboxResponse = SandboxAnswer | { reset: true }

export function answer(status: number, body: object, headers: Record<string, string> = {}): SandboxAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body }
}

/** Pinterest's error body (`Pinterest.Lib.Error`: code and message). */
export function pinterestError(status: number, code: number, message: string): SandboxAnswer {
  return answer(status, { code, message })
}

export const AUTHENTICATION_FAILED = () => pinterestError(401, 2, 'Authentication failed.')
export const NOT_PERMITTED = () => pinterestError(403, 29, 'You are not permitted to access that resource.')

/** The Bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  return /^Bearer\s+(.+)$/i.exec(value?.trim() ?? '')?.[1]
}

/** The user and password of HTTP Basic credentials, if given. */
export function basicCredentials(
  header: string | string[] | undefined
): { user: string; password: string } | undefined {
  const value = Array.isArray(header) ? header[0] : header
  const match = /^Basic\s+(\S+)$/i.exec(value?.trim() ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
