/**
 * Who may use the admin routes (configuration, dead letters, sandbox faults, sending with the
 * server's token): anyone on loopback, where only this machine's users can connect; beyond
 * loopback, only a caller with ADMIN_TOKEN. Once ADMIN_TOKEN is set it is asked everywhere, so
 * a proxy in front of a loopback listener cannot open the door.
 */
import type { IncomingHttpHeaders } from 'http'
import { timingSafeEqual } from 'crypto'
import { secretDigest, bearerToken } from 'pinterest-conversions-tools'
import { ADMIN_TOKEN_VARIABLE } from './environment'
import type { Answer } from './router'

export function adminGuard(
  token: string | undefined,
  exposed: () => boolean
): (headers: IncomingHttpHeaders) => Answer | undefined {
  const expected = token ? secretDigest(token) : undefined
  return (headers) => {
    if (expected) {
      const given = bearerToken(headers.authorization)
      if (given !== undefined && timingSafeEqual(secretDigest(given), expected)) return undefined
      return refusal(401, `This route needs the admin token: Authorization: Bearer <${ADMIN_TOKEN_VARIABLE}>.`)
    }
    if (!exposed()) return undefined
    return refusal(
      403,
      `Admin routes answer only on loopback unless ${ADMIN_TOKEN_VARIABLE} is set: this server listens beyond it.`
    )
  }
}

function refusal(status: number, error: string): Answer {
  return { status, body: { ok: false, error, field: ADMIN_TOKEN_VARIABLE } }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
