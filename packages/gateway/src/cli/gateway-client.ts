/**
 * The commands that work on a running gateway reach it over its admin routes, at --url (or
 * GATEWAY_URL), with ADMIN_TOKEN as the admin token, or else the token npm start generated
 * beside its queue (the command runs on the gateway's machine): any instance, without opening
 * its store.
 */
import { Option } from 'commander'
import { resolve } from 'path'
import { readAdminTokenFile } from '../server/admin-token'
import { DEFAULTS } from '../server/environment'

const DEFAULT_URL = 'http://127.0.0.1:3000'

export function urlOption(): Option {
  return new Option('--url <url>', 'the gateway').env('GATEWAY_URL').default(DEFAULT_URL)
}

/** The answer's JSON, or undefined after saying on stderr why there is none. */
export async function callGateway(base: string, path: string, body?: unknown, method?: string): Promise<unknown> {
  const token = adminToken()
  let response: Response
  try {
    response = await fetch(new URL(path, base), {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` })
      },
      ...(body !== undefined && { body: JSON.stringify(body) })
    })
  } catch (error) {
    process.stderr.write(
      `Cannot reach the gateway at ${base}: ${(error as Error).message}. Is it running (npm start)?\n`
    )
    return undefined
  }
  const answer = (await response.json().catch(() => undefined)) as { error?: string } | undefined
  if (!response.ok) {
    process.stderr.write(`The gateway answered ${response.status}: ${answer?.error ?? response.statusText}\n`)
    return undefined
  }
  return answer
}

/** ADMIN_TOKEN, else the token npm start keeps in DATA_DIR. */
function adminToken(): string | undefined {
  const given = process.env.ADMIN_TOKEN?.trim()
  if (given) return given
  try {
    return readAdminTokenFile(resolve(process.env.DATA_DIR?.trim() || DEFAULTS.dataDir))
  } catch {
    return undefined
  }
}
