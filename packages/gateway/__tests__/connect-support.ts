/**
 * Connect Pinterest as a browser would: the gateway's redirect to the authorize page, the
 * sandbox's redirect back with the code, the callback. Each hop is followed by hand, so a test
 * sees every one.
 */
import { request, TEST_ADMIN_TOKEN } from './helpers'

export interface Hop {
  status: number
  location: string
}

/** The gateway's routes of the flow are admin routes: the test's admin token unless told otherwise. */
const AS_ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

export async function hop(url: string, headers: Record<string, string> = {}): Promise<Hop> {
  const response = await fetch(url, { redirect: 'manual', headers: { ...AS_ADMIN, ...headers } })
  await response.text()
  return { status: response.status, location: response.headers.get('location') ?? '' }
}

/** The three hops of the flow; `stopBefore: 'callback'` leaves the callback URL unvisited. */
export async function signIn(
  base: string,
  options: { headers?: Record<string, string>; stopBefore?: 'callback' } = {}
): Promise<{ start: Hop; authorize: Hop; callback?: Hop }> {
  const start = await hop(`${base}/connect/pinterest`, options.headers)
  const authorize = start.status === 302 ? await hop(start.location) : start
  if (options.stopBefore === 'callback' || authorize.status !== 302) return { start, authorize }
  const callback = await hop(authorize.location, options.headers)
  return { start, authorize, callback }
}

/** Signs in and picks the account: the gateway then sends with the minted conversion token. */
export async function connectAccount(base: string, adAccountId: string, headers: Record<string, string> = {}) {
  const flow = await signIn(base, { headers })
  if (flow.callback?.status !== 302) throw new Error(`the sign-in did not complete: ${JSON.stringify(flow)}`)
  const picked = await request(base, '/connect/pinterest/ad-account', { ad_account_id: adAccountId }, { headers })
  if (picked.status !== 200) throw new Error(`picking ${adAccountId} failed: ${picked.text}`)
  return picked.body
}
