/**
 * The page's session: what `POST /admin/session {"token": ...}` gives a browser that showed the
 * admin token, so the page works without keeping the token in a script's reach. The cookie is
 * HttpOnly (no script reads it) and SameSite=Strict (no other site's page makes the browser send
 * it). It holds its expiry and a MAC keyed from the admin token: it says nothing about the token,
 * any instance with the same token honours it, and changing the token ends every session.
 */
import { createHmac, timingSafeEqual } from 'crypto'
import { parse, serialize } from 'cookie'
import type { IncomingHttpHeaders } from 'http'

export const SESSION_COOKIE = 'gateway_admin'
/** A working day: long enough not to interrupt an afternoon on the page, short enough to end with it. */
export const SESSION_SECONDS = 12 * 60 * 60

export class AdminSessions {
  private readonly key: Buffer

  constructor(token: string, private readonly clock: () => number = Date.now) {
    this.key = createHmac('sha256', token).update('gateway admin session v1').digest()
  }

  /** A Set-Cookie header opening a session; `Secure` when the page was served over HTTPS. */
  open(secure: boolean): string {
    const expires = Math.floor(this.clock() / 1000) + SESSION_SECONDS
    return serialize(SESSION_COOKIE, `${expires}.${this.mac(String(expires))}`, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: SESSION_SECONDS,
      secure
    })
  }

  /** A Set-Cookie header that ends the session in this browser. */
  close(): string {
    return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 0 })
  }

  /** Whether the request carries a session this gateway opened and that has not expired. */
  holds(headers: IncomingHttpHeaders): boolean {
    const value = parse(headers.cookie ?? '')[SESSION_COOKIE]
    const [expires, mac] = value?.split('.') ?? []
    if (!expires || !mac || !/^\d{1,12}$/.test(expires)) return false
    if (Number(expires) * 1000 <= this.clock()) return false
    const given = Buffer.from(mac)
    const expected = Buffer.from(this.mac(expires))
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url')
  }
}
