/**
 * A checked configuration put to use: secrets read from the environment, write keys ready for
 * constant-time comparison, each subscription's trigger compiled and its mapping resolved, so
 * routing an event and delivering it never parse anything again.
 */
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { timingSafeEqual } from 'crypto'
import type { Settings } from 'pinterest-conversions'
import { ACTION_SLUG } from 'pinterest-conversions'
import { FieldError, secretDigest, resolveMapping, subscriptionOf } from 'pinterest-conversions-tools'
import type { Transport } from 'pinterest-conversions-tools'
import { subscriptionsOf } from './config'
import type { DestinationConfig, GatewayConfig, Secret } from './types'

export interface Subscription {
  id: string
  name: string
  enabled: boolean
  matches(event: SegmentEvent): boolean
  mapping: JSONObject
}

export interface Destination {
  id: string
  settings: Settings
  /** Where its requests go instead of Pinterest (the sandbox); Pinterest when absent. */
  transport?: Transport
  subscriptions: Map<string, Subscription>
}

export interface Source {
  name: string
  /** The destinations its events go to; every one when absent. */
  destinations?: string[]
}

export interface Runtime {
  destinations: Map<string, Destination>
  /** The source a write key belongs to; undefined for a key nobody configured. */
  sourceOf(writeKey: string): Source | undefined
  /** No write key at all is configured: every call is refused, and the operator must be told why. */
  hasWriteKeys: boolean
}

export interface Surroundings {
  env: NodeJS.ProcessEnv
  /** The server's own settings (live from the environment, or the sandbox's) for a destination without settings. */
  baseSettings: Settings
  /** Where the server's own requests go (its sandbox), for a destination without settings. */
  baseTransport?: Transport
  /** Where a destination with its own settings sends: Pinterest, unless an external sandbox is set for drills. */
  settingsTransport?: Transport
  /** Keys accepted besides the file's: WRITE_KEY, or the sandbox's fixed key. */
  extraWriteKeys: string[]
}

export function compileConfig(config: GatewayConfig, around: Surroundings): Runtime {
  const destinations = new Map(
    config.destinations.map((destination, i) => [
      destination.id,
      compileDestination(destination, `destinations[${i}]`, around)
    ])
  )
  const keys: Array<{ digest: Buffer; source: Source }> = []
  config.sources?.forEach((source, i) =>
    keys.push({
      digest: secretDigest(secretValue(source.writeKey, `sources[${i}].writeKey`, around.env)),
      source: { name: source.name, ...(source.destinations && { destinations: source.destinations }) }
    })
  )
  for (const key of around.extraWriteKeys) keys.push({ digest: secretDigest(key), source: { name: 'default' } })
  return {
    destinations,
    hasWriteKeys: keys.length > 0,
    sourceOf: (writeKey) => {
      const digest = secretDigest(writeKey)
      let found: Source | undefined
      // Every key is compared, found or not, so the time taken says nothing about which matched.
      for (const key of keys) if (timingSafeEqual(key.digest, digest) && !found) found = key.source
      return found
    }
  }
}

function compileDestination(destination: DestinationConfig, at: string, around: Surroundings): Destination {
  const subscriptions = new Map<string, Subscription>()
  for (const subscription of subscriptionsOf(destination)) {
    subscriptions.set(subscription.id, {
      id: subscription.id,
      name: subscription.name,
      enabled: subscription.enabled !== false,
      matches: subscriptionOf(subscription.trigger),
      mapping: resolveMapping({ actionSlug: ACTION_SLUG, preset: subscription.preset, mapping: subscription.mapping })
    })
  }
  const given = destination.settings
  if (!given) {
    return { id: destination.id, settings: around.baseSettings, transport: around.baseTransport, subscriptions }
  }
  const settings: Settings = {
    ad_account_id: secretValue(given.ad_account_id, `${at}.settings.ad_account_id`, around.env),
    conversion_token: secretValue(given.conversion_token, `${at}.settings.conversion_token`, around.env),
    ...(given.test_mode !== undefined && { test_mode: given.test_mode }),
    ...(given.partner_name !== undefined && { partner_name: given.partner_name }),
    ...(given.default_phone_country !== undefined && { default_phone_country: given.default_phone_country })
  }
  return { id: destination.id, settings, transport: around.settingsTransport, subscriptions }
}

function secretValue(secret: Secret, at: string, env: NodeJS.ProcessEnv): string {
  if (typeof secret === 'string') return secret
  const value = env[secret.env]?.trim()
  if (!value) throw new FieldError(`${at} names the environment variable ${secret.env}, which is not set.`, at)
  return value
}

/** The secrets of a runtime's settings, for scrubbing answers and logs. */
export function secretsOf(runtime: Runtime): string[] {
  return [...runtime.destinations.values()].map((destination) => destination.settings.conversion_token)
}
