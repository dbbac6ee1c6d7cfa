/**
 * Who may use the admin routes (configuration, dead letters, sandbox faults, explain, health,
 * sending with the server's token): whoever shows the admin token, as `Authorization: Bearer`,
 * or holds a session the page opened with it. Nothing is granted for where a request comes
 * from: a reverse proxy on the same machine makes every caller look local.
 */
import type { IncomingHttpHeaders } from 'http'
import { timingSafeEqual } from 'crypto'
import { secretDigest, bearerToken } from 'pinterest-conversions-tools'
import { ADMIN_TOKEN_VARIABLE } from './environment'
import type { Answer } from './router'
import { AdminSessions } from './session'

export class AdminGuard {
  private readonly expected?: Buffer
  /** The page's sessions; none without a token, since nothing could open one. */
  readonly sessions?: AdminSessions

  /** Without a token every admin request is refused. */
  constructor(token: string | undefined, clock?: () => number) {
    if (token === undefined) return
    this.expected = secretDigest(token)
    this.sessions = new AdminSessions(token, clock)
  }

  /** Whether `token` is the admin token, compared in constant time. */
  accepts(token: string): boolean {
    return this.expected !== undefined && timingSafeEqual(secretDigest(token), this.expected)
  }

  /** Undefined when the request carries the admin token or a live session; the 401 answer otherwise. */
  check(headers: IncomingHttpHeaders): Answer | undefined {
    const given = bearerToken(headers.authorization)
    if (given !== undefined && this.accepts(given)) return undefined
    if (this.sessions?.holds(headers)) return undefined
    return {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="gateway admin"' },
      body: {
        ok: false,
        error: this.expected
          ? `This route needs the admin token: Authorization: Bearer <${ADMIN_TOKEN_VARIABLE}>, or sign in on the page with the link npm start prints.`
          : `This server has no admin token (${ADMIN_TOKEN_VARIABLE}): its admin routes are closed.`,
        field: ADMIN_TOKEN_VARIABLE
      }
    }
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
