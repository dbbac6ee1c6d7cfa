/**
 * Connect Pinterest over HTTP: start the OAuth flow, take Pinterest's callback, show the
 * connection (never a token), pick the ad account the gateway sends for, disconnect. Admin
 * routes, every one.
 */
import { FieldError, isObject, rebase } from 'pinterest-conversions-tools'
import type { Gateway } from '../../gateway/gateway'
import { CALLBACK_PATH } from '../../connect'
import type { ServerContext } from '../context'
import type { Route, RouteRequest } from '../router'

/** Where the browser lands once connected: the page's Connect Pinterest view. */
const AFTER_CONNECT = '/#connect'

export function connectRoutes(gateway: Gateway, context: ServerContext): Route[] {
  const connection = gateway.connection
  return [
    {
      method: 'GET',
      path: '/connect/pinterest',
      access: 'admin',
      summary: "starts Connect Pinterest: a redirect to Pinterest's authorize page (the sandbox's in sandbox mode)",
      handle: async (request) => {
        const authorize = await connection.begin(originOf(request))
        const base = context.sandboxBase()
        return redirect(base === undefined ? authorize : rebase(authorize, base))
      }
    },
    {
      method: 'GET',
      path: CALLBACK_PATH,
      // Not behind the admin session: Pinterest's redirect back is a cross-site navigation, which
      // carries no SameSite=Strict cookie. The single-use state, issued only to an admin who
      // started the flow, is what lets it in.
      summary: "ends Connect Pinterest: Pinterest's redirect back, with the code and the state",
      handle: async (request) => {
        await connection.complete(request.query)
        return redirect(AFTER_CONNECT)
      }
    },
    {
      method: 'GET',
      path: '/connect/pinterest/status',
      access: 'admin',
      summary:
        '{connected, ad_accounts, ad_account_id, refresh_token_expires_at, refresh_token_days_left, warning, ...}',
      handle: () => ({ status: 200, body: connection.status() })
    },
    {
      method: 'POST',
      path: '/connect/pinterest/ad-account',
      access: 'admin',
      summary: '{"ad_account_id": "..."}: the connected ad account the gateway sends for',
      handle: async (request) => {
        const body = request.json()
        if (!isObject(body)) throw new FieldError('The body must be {"ad_account_id": "..."}.', 'body')
        return { status: 200, body: await connection.pick(body.ad_account_id) }
      }
    },
    {
      method: 'DELETE',
      path: '/connect/pinterest',
      access: 'admin',
      summary: 'forget the Pinterest connection and its tokens',
      handle: async () => ({ status: 200, body: await connection.disconnect() })
    }
  ]
}

function redirect(location: string) {
  return { status: 302, headers: { location }, body: { redirect: location } }
}

/** This server as the browser reached it: Pinterest sends the browser back there. */
function originOf(request: RouteRequest): string {
  const host = request.headers.host
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) {
    throw new FieldError(
      'The request has no usable Host header to send Pinterest back to: set PINTEREST_REDIRECT_URI.',
      'host'
    )
  }
  return `http://${host}`
}
