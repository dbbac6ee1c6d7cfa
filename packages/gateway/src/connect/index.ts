/**
 * Connect Pinterest: the account-side API (pinterest-api.ts), the connection it keeps
 * (connection.ts) and its sealed tokens (sealed.ts), put together from the environment.
 */
import { sandboxFetch } from 'pinterest-conversions-tools'
import type { OAuthEnvironment } from '../server/environment'
import type { PinterestAccountApi } from './pinterest-api'
import { pinterestAccountApi } from './pinterest-api'
import { Sealer } from './sealed'

export { CALLBACK_PATH, PinterestConnection } from './connection'
export type { ConnectionStatus } from './connection'
export type { PinterestAccountApi } from './pinterest-api'

/** What the gateway needs to connect Pinterest; `api` absent with `offReason` when OAuth is off. */
export interface PinterestSetup {
  api?: PinterestAccountApi
  sealer?: Sealer
  offReason?: string
  /** The callback Pinterest knows, when not this server's own address. */
  redirectUri?: string
}

/**
 * The setup for this environment. `sandboxBase` says, at each request, where Pinterest's URLs
 * go instead (the sandbox's base URL), or undefined for Pinterest itself.
 */
export function pinterestSetup(
  oauth: OAuthEnvironment,
  sandboxBase: () => string | undefined,
  clock: () => number = Date.now
): PinterestSetup {
  if ('off' in oauth) return { offReason: oauth.off }
  const send: typeof fetch = (input, init) => {
    const base = sandboxBase()
    return (base === undefined ? fetch : sandboxFetch(base))(input, init)
  }
  return {
    api: pinterestAccountApi({ appId: oauth.appId, appSecret: oauth.appSecret, fetch: send, clock }),
    sealer: new Sealer(oauth.key),
    redirectUri: oauth.redirectUri
  }
}
