import type { RequestClient } from '@segment/actions-core'
import { REQUEST_TIMEOUT_MS } from './constants'
import type { PinterestEvent } from './contract'
import type { Settings } from './generated-types'
import { errorOf } from './outcome'
import { sendEvents } from './send'
import { readSettings } from './settings'

/**
 * Sends one valid event with `?test=true`, so Pinterest checks the token against the ad
 * account without recording anything. 401 and 403 are told apart by status code.
 */
export async function testAuthentication(
  request: RequestClient,
  { settings }: { settings: Settings }
): Promise<boolean> {
  const config = readSettings(settings, { forceTestMode: true })
  const now = Math.floor(Date.now() / 1000)
  const probe: PinterestEvent = {
    event_name: 'page_visit',
    action_source: 'web',
    event_time: now,
    event_id: `authentication-check-${now}`,
    user_data: { client_ip_address: '192.0.2.1', client_user_agent: 'pinterest-conversions authentication check' }
  }
  const target = {
    eventsUrl: config.eventsUrl,
    adAccountId: config.adAccountId,
    chunkSize: 1,
    timeoutMs: REQUEST_TIMEOUT_MS
  }
  const [outcome] = await sendEvents(request, target, [probe])
  // A per-event failure inside a 200 still proves the token works for this ad account.
  if (outcome.ok || isPerEventResult(outcome.pinterest)) return true
  throw errorOf(outcome)
}

function isPerEventResult(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { status?: unknown }).status === 'failed'
}
