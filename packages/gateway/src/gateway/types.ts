/**
 * The gateway's configuration as its file holds it (`--config FILE`, `CONFIG`, or
 * `DATA_DIR/gateway.json` once saved from the browser), and the shapes its admin routes answer
 * with. The file never needs the conversion token: a setting can name an environment
 * variable instead of holding a value.
 */
import type { JSONObject } from '@segment/actions-core'
import type { ConsentRule } from './consent'

/** A value written in the file, or read from an environment variable at start. */
export type Secret = string | { env: string }

export interface GatewayConfig {
  /** Sources that may send, each by its write key; events of a source go to `destinations` (every one when absent). */
  sources?: SourceConfig[]
  destinations: DestinationConfig[]
}

export interface SourceConfig {
  /** A name for logs, metrics and the page: `web`, `ios`. */
  name: string
  writeKey: Secret
  destinations?: string[]
}

export interface DestinationConfig {
  /** Its key in routes, metrics and the queue: `pinterest`. Letters, digits, `-` and `_`. */
  id: string
  /**
   * The destination's settings, as Segment's settings page holds them; the token by environment
   * reference. Absent: the server's own, from PINTEREST_AD_ACCOUNT_ID and
   * PINTEREST_CONVERSION_TOKEN, or the embedded sandbox when those are unset.
   */
  settings?: {
    ad_account_id: Secret
    conversion_token: Secret
    test_mode?: boolean
    partner_name?: string
    default_phone_country?: string
  }
  /**
   * What goes to this destination. Absent: every preset of the action is a subscription, as
   * when a destination is enabled in Segment.
   */
  subscriptions?: SubscriptionConfig[]
}

export interface SubscriptionConfig {
  /** Its key in routes, the queue and dead letters: `checkout`. Letters, digits, `-` and `_`. */
  id: string
  name: string
  /** Off: events it would take are not queued for it. On by default. */
  enabled?: boolean
  /** FQL, as Segment writes subscriptions: `type = "track" and event = "Order Completed"`. */
  trigger: string
  /** A preset whose mapping is the base (its name, such as `Checkout`). */
  preset?: string
  /** Field mappings laid over the preset's (or the action's defaults): whole keys replace whole keys. */
  mapping?: JSONObject
  /**
   * The consent categories its events need (`context.consent.categoryPreferences`, each `true`);
   * an event lacking one is not stored (`skip`) or is sent with Limited Data Processing (`ldp`).
   */
  consent?: ConsentRule
}

/**
 * `GET /gateway/status`: the store's counts since it was created (every instance's, on
 * PostgreSQL), and now. They survive restarts; accepted = queued + delivered + dead_lettered.
 */
export interface GatewayStatus {
  /**
   * Events answered 200 and stored: one per call and subscription that took it, and one per call
   * of a batch kept as a dead letter. The same count as gateway_events_accepted_total.
   */
  accepted: number
  /** Events waiting or being delivered. */
  queued: number
  delivered: number
  /** Of the delivered, those sent with at least one value left out (see the event's story). */
  warned: number
  /** Dead letters now (a requeue moves them back to queued). */
  dead_lettered: number
  /** Calls no subscription took (identify, group, alias, unmatched events): counted, not queued. */
  unrouted: number
  /** Events a subscription took but did not store, for lack of the consent it needs (since this process started). */
  consent_skipped: number
  duplicates: number
  oldest_queued_age_seconds: number
  store: 'sqlite' | 'postgres'
  mode: 'live' | 'sandbox'
}
