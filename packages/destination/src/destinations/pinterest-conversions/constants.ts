/** Where every event goes. Fixed: a setting that could move it would let a mistyped value send the token elsewhere. */
export const EVENTS_ENDPOINT = 'https://api.pinterest.com/v5/ad_accounts/{ad_account_id}/events'

/** Pinterest's documented event names (OpenAPI 5.23). `signup`, never `sign_up`. */
export const EVENT_NAMES = [
  'add_payment_info',
  'add_to_cart',
  'add_to_wishlist',
  'app_install',
  'app_open',
  'checkout',
  'contact',
  'custom',
  'customize_product',
  'find_location',
  'initiate_checkout',
  'lead',
  'page_visit',
  'schedule',
  'search',
  'signup',
  'start_trial',
  'submit_application',
  'subscribe',
  'view_category',
  'view_content',
  'watch_video'
] as const
export type EventName = typeof EVENT_NAMES[number]

export const ACTION_SOURCES = ['web', 'app_android', 'app_ios', 'offline'] as const
export type ActionSource = typeof ACTION_SOURCES[number]

/** Pinterest accepts 1 to 1000 events per request. */
export const MAX_EVENTS_PER_REQUEST = 1000
/** Requests of one batch in flight at once: enough to overlap latency, far below 5,000 calls/min. */
export const MAX_CONCURRENT_REQUESTS = 4
/** How long one request waits for Pinterest's answer, unless the delivery is given another. */
export const REQUEST_TIMEOUT_MS = 10_000

/** Pinterest answers 422 for events older than this. */
export const MAX_EVENT_AGE_SECONDS = 7 * 24 * 60 * 60
/** Clocks of event sources drift; a timestamp this far ahead is still "now". */
export const CLOCK_SKEW_SECONDS = 60
/** Pinterest reports events received more than an hour after they happened as offline. */
export const OFFLINE_AFTER_SECONDS = 60 * 60

export const AD_ACCOUNT_ID_PATTERN = /^\d{1,18}$/
