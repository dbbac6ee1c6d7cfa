/**
 * The page's sign-in: it exchanges the admin token (from the `#admin=` link npm start prints, or
 * typed) for an HttpOnly session cookie, so no script keeps the token, and asks whether it holds
 * one, since a script cannot read that cookie to know.
 */
import { FieldError, isObject } from 'pinterest-conversions-tools'
import type { AdminGuard } from '../admin'
import { ADMIN_TOKEN_VARIABLE } from '../environment'
import type { Route } from '../router'

/** A token and its JSON: nothing a sign-in needs is larger. */
const SIGN_IN_BODY_BYTES = 4 * 1024

export function sessionRoutes(admin: AdminGuard): Route[] {
  return [
    {
      method: 'POST',
      path: '/admin/session',
      summary: '{"token": ADMIN_TOKEN} → an HttpOnly session cookie for the page',
      bodyLimit: SIGN_IN_BODY_BYTES,
      handle: (request) => {
        const body = request.json()
        const token = isObject(body) ? body.token : undefined
        if (typeof token !== 'string' || token === '') {
          throw new FieldError('Give the admin token: {"token": "..."}.', 'token')
        }
        request.secrets.add(token)
        if (!admin.sessions || !admin.accepts(token)) {
          throw new FieldError(`That is not this gateway's admin token (${ADMIN_TOKEN_VARIABLE}).`, 'token', 401)
        }
        const secure = String(request.headers.origin ?? '').startsWith('https:')
        return { status: 200, headers: { 'set-cookie': admin.sessions.open(secure) }, body: { ok: true } }
      }
    },
    {
      method: 'GET',
      path: '/admin/session',
      summary: 'whether this browser holds a session: {"signed_in": true|false}',
      handle: (request) => ({ status: 200, body: { signed_in: admin.sessions?.holds(request.headers) ?? false } })
    },
    {
      method: 'DELETE',
      path: '/admin/session',
      summary: "sign out: ends this browser's session",
      handle: () => ({
        status: 200,
        headers: admin.sessions ? { 'set-cookie': admin.sessions.close() } : undefined,
        body: { ok: true }
      })
    }
  ]
}
