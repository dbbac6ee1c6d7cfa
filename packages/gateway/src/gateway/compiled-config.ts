/**
 * A checked configuration put to use: secrets read from the environment, write keys ready for
 * constant-time comparison, each subscription's trigger compiled and its mapping resolved, and
 * each source's subscriptions listed, so routing an event and delivering it never parse anything
 * again.
 */
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { timingSafeEqual } from 'crypto'
import type { Settings } from 'pinterest-conversions'
import { ACTION_SLUG } from 'pinterest-conversions'
import { FieldError, secretDigest, resolveMapping, subscriptionOf } from 'pinterest-conversions-tools'
import type { Target } from 'pinterest-conversions-tools'
import { subscriptionsOf } from './config'
import type { ConsentRule } from './consent'
import { LDP_SUFFIX, withLdp } from './consent'
import type { DestinationConfig, GatewayConfig, Secret } from './types'

/** A subscription ready to route: a routing target that knows its destination. */
export interface CompiledSubscription extends Target {
  id: string
  /** The id of its destination. */
  destination: string
  enabled: boolean
  matches(event: SegmentEvent): boolean
  mapping: JSONObject
  consent?: ConsentRule
  /** Set on the LDP variant of a subscription (consent.ts): delivered, never routed to. */
  ldpOf?: string
}

export interface CompiledDestination {
  id: string
  settings: Settings
  /**
   * The base URL of the sandbox its requests go to instead of Pinterest; Pinterest when absent.
   * A URL, not a transport: a delivery thread rebuilds the transport from it. Asked at each
   * batch: the embedded sandbox's address is known once the server listens.
   */
  sandboxUrl?: () => string
  subscriptions: Map<string, CompiledSubscription>
}

export interface CompiledSource {
  name: string
  /** The enabled subscriptions of the destinations it sends to, in the configuration's order. */
  subscriptions: CompiledSubscription[]
}

export interface CompiledConfig {
  destinations: Map<string, CompiledDestination>
  /** The source a write key belongs to; undefined for a key nobody configured. */
  sourceOf(writeKey: string): CompiledSource | undefined
  /** No write key at all is configured: every call is refused, and the operator must be told why. */
  hasWriteKeys: boolean
  /** The destinations whose requests go to Pinterest itself (not a sandbox). */
  toPinterest: string[]
}

export interface Surroundings {
  env: NodeJS.ProcessEnv
  /** The server's own settings (live from the environment, or the sandbox's) for a destination without settings. */
  baseSettings: Settings
  /** The sandbox the server's own requests go to, for a destination without settings; Pinterest when absent. */
  baseSandboxUrl?: () => string
  /** The sandbox a destination with its own settings sends to (an external one, for drills); Pinterest when absent. */
  settingsSandboxUrl?: string
  /** Keys accepted besides the file's: WRITE_KEY. */
  extraWriteKeys: string[]
  /** The account and conversion token of the Pinterest connection, once an account is picked: they replace the base ones. */
  connected?: () => Pick<Settings, 'ad_account_id' | 'conversion_token'> | undefined
  /**
   * The sandbox's public key (`sandbox-write-key`), accepted only while every destination sends
   * to a sandbox: anyone knows it, so it must never send to Pinterest with someone's token.
   */
  sandboxWriteKey?: string
}

export function compileConfig(config: GatewayConfig, around: Surroundings): CompiledConfig {
  const destinations = new Map(
    config.destinations.map((destination, i) => [
      destination.id,
      compileDestination(destination, `destinations[${i}]`, around)
    ])
  )
  const enabledOf = (ids?: string[]) =>
    [...destinations.values()]
      .filter((destination) => !ids || ids.includes(destination.id))
      .flatMap((destination) => [...destination.subscriptions.values()].filter((s) => s.enabled && !s.ldpOf))
  const keys: Array<{ digest: Buffer; source: CompiledSource }> = []
  config.sources?.forEach((source, i) =>
    keys.push({
      digest: secretDigest(secretValue(source.writeKey, `sources[${i}].writeKey`, around.env)),
      source: { name: source.name, subscriptions: enabledOf(source.destinations) }
    })
  )
  const everywhere: CompiledSource = { name: 'default', subscriptions: enabledOf() }
  const toPinterest = [...destinations.values()].filter((d) => d.sandboxUrl === undefined).map((d) => d.id)
  const extra = [
    ...around.extraWriteKeys,
    ...(around.sandboxWriteKey && toPinterest.length === 0 ? [around.sandboxWriteKey] : [])
  ]
  for (const key of extra) keys.push({ digest: secretDigest(key), source: everywhere })
  return {
    destinations,
    hasWriteKeys: keys.length > 0,
    toPinterest,
    sourceOf: (writeKey) => {
      const digest = secretDigest(writeKey)
      let found: CompiledSource | undefined
      // Every key is compared, found or not, so the time taken says nothing about which matched.
      for (const key of keys) if (timingSafeEqual(key.digest, digest) && !found) found = key.source
      return found
    }
  }
}

function compileDestination(destination: DestinationConfig, at: string, around: Surroundings): CompiledDestination {
  const subscriptions = new Map<string, CompiledSubscription>()
  for (const subscription of subscriptionsOf(destination)) {
    const compiled: CompiledSubscription = {
      id: subscription.id,
      destination: destination.id,
      name: subscription.name,
      enabled: subscription.enabled !== false,
      matches: subscriptionOf(subscription.trigger),
      mapping: resolveMapping({ actionSlug: ACTION_SLUG, preset: subscription.preset, mapping: subscription.mapping }),
      ...(subscription.consent && { consent: subscription.consent })
    }
    subscriptions.set(compiled.id, compiled)
    if (compiled.consent?.when_missing === 'ldp') {
      const id = compiled.id + LDP_SUFFIX
      subscriptions.set(id, { ...compiled, id, mapping: withLdp(compiled.mapping), ldpOf: compiled.id })
    }
  }
  const given = destination.settings
  if (!given) {
    const connected = around.connected?.()
    const settings = connected ? { ...around.baseSettings, ...connected } : around.baseSettings
    return { id: destination.id, settings, sandboxUrl: around.baseSandboxUrl, subscriptions }
  }
  const settings: Settings = {
    ad_account_id: secretValue(given.ad_account_id, `${at}.settings.ad_account_id`, around.env),
    conversion_token: secretValue(given.conversion_token, `${at}.settings.conversion_token`, around.env),
    ...(given.test_mode !== undefined && { test_mode: given.test_mode }),
    ...(given.partner_name !== undefined && { partner_name: given.partner_name }),
    ...(given.default_phone_country !== undefined && { default_phone_country: given.default_phone_country })
  }
  const sandboxUrl = around.settingsSandboxUrl
  return {
    id: destination.id,
    settings,
    ...(sandboxUrl !== undefined && { sandboxUrl: () => sandboxUrl }),
    subscriptions
  }
}

function secretValue(secret: Secret, at: string, env: NodeJS.ProcessEnv): string {
  if (typeof secret === 'string') return secret
  const value = env[secret.env]?.trim()
  if (!value) throw new FieldError(`${at} names the environment variable ${secret.env}, which is not set.`, at)
  return value
}

/** The secrets of a compiled configuration's settings, for scrubbing answers and logs. */
export function secretsOf(compiled: CompiledConfig): string[] {
  return [...compiled.destinations.values()].map((destination) => destination.settings.conversion_token)
}
