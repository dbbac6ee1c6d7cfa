import type { DestinationDefinition } from '@segment/actions-core'
import type { Settings } from './generated-types'
import { isAlreadyHashed, processHashing } from './hash'
import { isDropped } from './normalize'
import { normalizeEmail } from './normalize/email'

/** Pinterest's conversion deletion requests (API 5.28, closed beta): emails in plain text, processed after 72 hours. */
export const DELETION_REQUESTS_ENDPOINT =
  'https://api.pinterest.com/v5/ad_accounts/{ad_account_id}/conversion_deletion_requests'

/** An email as events' `user_data.em` is normalized before hashing (trimmed, lowercased); undefined when it is none. */
export function normalizedEmail(value: string): string | undefined {
  const normalized = normalizeEmail(value)
  return isDropped(normalized) ? undefined : normalized
}

/** The digest `user_data.em` carries for this value: of the normalized email, or the value itself when it already is one. */
export function emailDigest(value: string): string | undefined {
  const text = value.trim()
  if (isAlreadyHashed(text, 'sha256', 'hex')) return text.toLowerCase()
  const email = normalizedEmail(text)
  return email === undefined ? undefined : processHashing(email, 'sha256', 'hex')
}

/**
 * Segment's user deletion: when the user is known by an email (its userId, else its
 * anonymousId), a conversion deletion request for it, in plain text as Pinterest takes it.
 * Pinterest files these for OAuth tokens with ads:write: the workspace's OAuth token is used
 * when the runtime gives one (`auth.accessToken`), else the Authorization the settings give.
 * Without an email there is nothing Pinterest could match, and nothing is sent.
 */
export const onDelete: NonNullable<DestinationDefinition<Settings>['onDelete']> = async (
  request,
  { payload, settings, auth }
) => {
  const email = [payload.userId, payload.anonymousId]
    .map((id) => (typeof id === 'string' ? normalizedEmail(id) : undefined))
    .find((found) => found !== undefined)
  if (email === undefined) {
    return { output: 'Nothing was sent to Pinterest: neither userId nor anonymousId is an email address.' }
  }
  const url = DELETION_REQUESTS_ENDPOINT.replace('{ad_account_id}', encodeURIComponent(settings.ad_account_id))
  const response = await request(url, {
    method: 'POST',
    json: { deletion_targets: { user_emails: [email] } },
    ...(auth?.accessToken && { headers: { Authorization: `Bearer ${auth.accessToken}` } }),
    // actions-core's client hangs on large bodies it clones (see deliver.ts); this one is small, but alike.
    skipResponseCloning: true
  })
  return response.data
}
