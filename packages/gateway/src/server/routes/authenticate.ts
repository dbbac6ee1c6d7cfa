import { testAuthentication } from 'pinterest-conversions-tools'
import type { Route } from '../router'
import { errorAnswer } from '../router'
import type { ServerContext } from '../context'
import { runOf, settingsFor } from '../context'

/**
 * `POST /authenticate`: body = settings (laid over the configured ones; `{}` checks those).
 * `{ ok: true }`, or `{ ok: false, error, field }` with 400 (settings), 401 (token), 403 (ad
 * account) or 502 (Pinterest unreachable).
 */
export function authenticateRoute(context: ServerContext): Route {
  return {
    method: 'POST',
    path: '/authenticate',
    access: 'admin',
    summary: 'body = settings; runs testAuthentication: { ok: true } or { ok: false, error, field }',
    handle: async (request) => {
      const settings = settingsFor(context, request.json(), request.secrets)
      try {
        await testAuthentication(settings, runOf(context))
        return { status: 200, body: { ok: true } }
      } catch (error) {
        return errorAnswer(error)
      }
    }
  }
}
