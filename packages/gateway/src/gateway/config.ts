/**
 * The gateway's configuration file: where it is, what it must hold (checked at start and on
 * every save, each error naming its key path), and how it is shown and written back. Secrets
 * given literally never leave in an answer; a secret named by environment variable is
 * resolved only when the configuration is put to use (see runtime.ts).
 */
import type { JSONObject } from '@segment/actions-core'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs'
import { dirname, join } from 'path'
import destination, { ACTION_SLUG } from 'pinterest-conversions'
import { isObject, FieldError, automaticPresets, resolveMapping } from 'pinterest-conversions-tools'
import { checkConsent } from './consent'
import { checkFixedValues } from './fixed-values'
import { checkTrigger } from './trigger'
import type { DestinationConfig, GatewayConfig, Secret, SourceConfig, SubscriptionConfig } from './types'

export { checkTrigger } from './trigger'

/** The file a configuration saved from the page goes to when none was named. */
export const CONFIG_FILE = 'gateway.json'

/** The destination a configuration without one sends to. */
export const DEFAULT_DESTINATION = 'pinterest'

const ID = /^[A-Za-z0-9_-]{1,64}$/

export interface LoadedConfig {
  config: GatewayConfig
  /** Where it is read from and saved to. */
  path: string
  /** No file yet: the built-in configuration (every preset a subscription). */
  isDefault: boolean
  /** Kept in a store several instances share (see shared-config.ts): the version in use, and its seed. */
  shared?: { version: number; seed: string }
}

/** The configuration named by `--config`/`CONFIG`, else `DATA_DIR/gateway.json`, else the built-in one. */
export function loadConfig(input: { file?: string; dataDir: string }): LoadedConfig {
  const path = input.file ?? join(input.dataDir, CONFIG_FILE)
  if (!existsSync(path)) {
    if (input.file) throw new FieldError(`The configuration file ${path} does not exist.`, 'CONFIG')
    return { config: defaultConfig(), path, isDefault: true }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new FieldError(`The configuration file ${path} is not JSON: ${(error as Error).message}.`, 'CONFIG')
  }
  return { config: checkConfig(parsed), path, isDefault: false }
}

export function defaultConfig(): GatewayConfig {
  return { destinations: [{ id: DEFAULT_DESTINATION }] }
}

/** Writes the whole file at once: a crash mid-write leaves the old file, never half of the new one. */
export function saveConfig(path: string, config: GatewayConfig): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`)
  renameSync(temporary, path)
}

/** The subscriptions of a destination; with none configured, one per preset, as Segment subscribes a new destination. */
export function subscriptionsOf(destination: DestinationConfig): SubscriptionConfig[] {
  return destination.subscriptions ?? presetSubscriptions()
}

export function presetSubscriptions(): SubscriptionConfig[] {
  return automaticPresets
    .filter((preset) => preset.partnerAction === ACTION_SLUG)
    .map((preset) => ({
      id: slug(preset.name ?? preset.subscribe),
      name: preset.name ?? preset.subscribe,
      enabled: true,
      trigger: preset.subscribe,
      preset: preset.name
    }))
}

export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 64) || 'subscription'
  )
}

// ---------------------------------------------------------------------------------------------
// Checking: every value read from outside, each error naming its place in the file.

/** The configuration, checked whole; throws a FieldError naming the first key that is wrong. */
export function checkConfig(value: unknown): GatewayConfig {
  const root = objectAt(value, '', ['sources', 'destinations'])
  const destinations = listAt(root.destinations, 'destinations').map((item, i) =>
    checkDestination(item, `destinations[${i}]`)
  )
  if (destinations.length === 0) throw new FieldError('destinations needs at least one destination.', 'destinations')
  uniqueIds(destinations, 'destinations')
  const ids = new Set(destinations.map((d) => d.id))
  const sources =
    root.sources === undefined
      ? undefined
      : listAt(root.sources, 'sources').map((item, i) => checkSource(item, `sources[${i}]`, ids))
  // A redacted write key sent back is restored by its source's name: two sources of one name would swap keys.
  sources?.forEach((source, i) => {
    if (sources.findIndex((other) => other.name === source.name) !== i)
      throw new FieldError(`sources[${i}].name "${source.name}" is used twice.`, `sources[${i}].name`)
  })
  return { ...(sources && { sources }), destinations }
}

function checkSource(value: unknown, at: string, destinations: Set<string>): SourceConfig {
  const source = objectAt(value, at, ['name', 'writeKey', 'destinations'])
  const name = textAt(source.name, `${at}.name`)
  const writeKey = secretAt(source.writeKey, `${at}.writeKey`)
  if (source.destinations === undefined) return { name, writeKey }
  const targets = listAt(source.destinations, `${at}.destinations`).map((id, i) => {
    const where = `${at}.destinations[${i}]`
    const text = textAt(id, where)
    if (!destinations.has(text)) throw new FieldError(`${where} names no destination: "${text}".`, where)
    return text
  })
  return { name, writeKey, destinations: targets }
}

function checkDestination(value: unknown, at: string): DestinationConfig {
  const destination = objectAt(value, at, ['id', 'settings', 'subscriptions'])
  const id = idAt(destination.id, `${at}.id`)
  const settings =
    destination.settings === undefined ? undefined : checkSettings(destination.settings, `${at}.settings`)
  if (destination.subscriptions === undefined) return { id, ...(settings && { settings }) }
  const subscriptions = listAt(destination.subscriptions, `${at}.subscriptions`).map((item, i) =>
    checkSubscription(item, `${at}.subscriptions[${i}]`)
  )
  uniqueIds(subscriptions, `${at}.subscriptions`)
  return { id, ...(settings && { settings }), subscriptions }
}

function checkSettings(value: unknown, at: string): NonNullable<DestinationConfig['settings']> {
  const settings = objectAt(value, at, [
    'ad_account_id',
    'conversion_token',
    'test_mode',
    'partner_name',
    'default_phone_country'
  ])
  const checked: NonNullable<DestinationConfig['settings']> = {
    ad_account_id: secretAt(settings.ad_account_id, `${at}.ad_account_id`),
    conversion_token: secretAt(settings.conversion_token, `${at}.conversion_token`)
  }
  if (settings.test_mode !== undefined) {
    if (typeof settings.test_mode !== 'boolean')
      throw new FieldError(`${at}.test_mode must be true or false.`, `${at}.test_mode`)
    checked.test_mode = settings.test_mode
  }
  if (settings.partner_name !== undefined) checked.partner_name = textAt(settings.partner_name, `${at}.partner_name`)
  if (settings.default_phone_country !== undefined)
    checked.default_phone_country = textAt(settings.default_phone_country, `${at}.default_phone_country`)
  return checked
}

/** One subscription, checked as the admin routes and the file take it. */
export function checkSubscription(value: unknown, at: string): SubscriptionConfig {
  const subscription = objectAt(value, at, ['id', 'name', 'enabled', 'trigger', 'preset', 'mapping', 'consent'])
  const name = textAt(subscription.name, `${at}.name`)
  const id = subscription.id === undefined ? slug(name) : idAt(subscription.id, `${at}.id`)
  if (subscription.enabled !== undefined && typeof subscription.enabled !== 'boolean')
    throw new FieldError(`${at}.enabled must be true or false.`, `${at}.enabled`)
  const trigger = checkTrigger(subscription.trigger, `${at}.trigger`)
  const { preset, mapping } = checkMapping(subscription, at)
  const consent = subscription.consent === undefined ? undefined : checkConsent(subscription.consent, `${at}.consent`)
  return {
    id,
    name,
    enabled: subscription.enabled !== false,
    trigger,
    ...(preset !== undefined && { preset }),
    ...(mapping && { mapping }),
    ...(consent && { consent })
  }
}

/**
 * A subscription's preset and mapping: every key a field of the action, every field every event
 * needs given a value, and every fixed value one its field takes. Errors name `at.preset` or
 * `at.mapping.<field>`.
 */
export function checkMapping(
  subscription: { preset?: unknown; mapping?: unknown },
  at: string
): { preset?: string; mapping?: JSONObject } {
  const preset = subscription.preset === undefined ? undefined : textAt(subscription.preset, `${at}.preset`)
  const fields = destination.actions[ACTION_SLUG]?.fields ?? {}
  let mapping: JSONObject | undefined
  if (subscription.mapping !== undefined) {
    if (!isObject(subscription.mapping)) throw new FieldError(`${at}.mapping must be an object.`, `${at}.mapping`)
    mapping = subscription.mapping as JSONObject
    // actions-core ignores a key that is no field of the action: a typo would silently keep the preset's value.
    // Own keys only: `constructor` or `__proto__` is "in" any object, and is no field.
    const unknown = Object.keys(mapping).find((key) => !Object.prototype.hasOwnProperty.call(fields, key))
    if (unknown !== undefined) {
      throw new FieldError(
        `${at}.mapping.${unknown} is not a field of ${ACTION_SLUG} (its fields: ${Object.keys(fields).join(', ')}).`,
        `${at}.mapping.${unknown}`
      )
    }
  }
  let resolved: JSONObject
  try {
    resolved = resolveMapping({ actionSlug: ACTION_SLUG, preset, mapping, presetField: `${at}.preset` })
  } catch (error) {
    if (error instanceof FieldError && !error.field.startsWith(at)) {
      throw new FieldError(error.message, `${at}.mapping.${error.field}`)
    }
    throw error
  }
  // Without a value for a required field (event_name has no default) every event it takes would be dead-lettered.
  const missing = Object.keys(fields).find((key) => fields[key].required && resolved[key] === undefined)
  if (missing !== undefined) {
    throw new FieldError(
      `${at} gives no ${missing}, which every event needs: name a preset, or give mapping.${missing}.`,
      `${at}.mapping.${missing}`
    )
  }
  checkFixedValues(resolved, fields, `${at}.mapping`)
  return { ...(preset !== undefined && { preset }), ...(mapping && { mapping }) }
}

function objectAt(value: unknown, at: string, keys: readonly string[]): Record<string, unknown> {
  const name = at || 'The configuration'
  if (!isObject(value)) throw new FieldError(`${name} must be an object.`, at || 'config')
  const unknown = Object.keys(value).find((key) => !keys.includes(key))
  if (unknown !== undefined) {
    const where = at ? `${at}.${unknown}` : unknown
    throw new FieldError(
      `${where} is not a configuration key (${at || 'the top level'} takes ${keys.join(', ')}).`,
      where
    )
  }
  return value
}

function listAt(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new FieldError(`${at} must be a list.`, at)
  return value
}

function textAt(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FieldError(`${at} must be a non-empty text.`, at)
  return value
}

function idAt(value: unknown, at: string): string {
  const id = textAt(value, at)
  if (!ID.test(id)) throw new FieldError(`${at} may hold only letters, digits, - and _ (at most 64): "${id}".`, at)
  return id
}

function secretAt(value: unknown, at: string): Secret {
  if (typeof value === 'string' && value.trim() !== '') return value
  if (isObject(value) && Object.keys(value).length === 1 && typeof value.env === 'string' && value.env !== '')
    return { env: value.env }
  throw new FieldError(`${at} must be a text or {"env": "VARIABLE"} naming where it is.`, at)
}

function uniqueIds(items: ReadonlyArray<{ id: string }>, at: string): void {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    if (seen.has(item.id)) throw new FieldError(`${at}[${i}].id "${item.id}" is used twice.`, `${at}[${i}].id`)
    seen.add(item.id)
  })
}

// ---------------------------------------------------------------------------------------------
// Showing and taking back: a literal secret is shown as {"redacted": true}; saving that marker
// keeps the value the file holds.

const REDACTED_SECRET = { redacted: true } as const

export function redactConfig(config: GatewayConfig): unknown {
  return {
    ...config,
    ...(config.sources && {
      sources: config.sources.map((source) => ({ ...source, writeKey: redactSecret(source.writeKey) }))
    }),
    destinations: config.destinations.map((destination) =>
      destination.settings
        ? {
            ...destination,
            settings: { ...destination.settings, conversion_token: redactSecret(destination.settings.conversion_token) }
          }
        : destination
    )
  }
}

function redactSecret(secret: Secret): Secret | typeof REDACTED_SECRET {
  return typeof secret === 'string' ? REDACTED_SECRET : secret
}

/** A configuration as the page sends it back: each redacted secret takes the value it replaces. */
export function restoreSecrets(value: unknown, current: GatewayConfig): unknown {
  if (!isObject(value)) return value
  const sources = Array.isArray(value.sources)
    ? value.sources.map((source: unknown) => {
        if (!isObject(source) || !isRedacted(source.writeKey)) return source
        const before = current.sources?.find((s) => s.name === source.name)
        return { ...source, writeKey: before?.writeKey ?? source.writeKey }
      })
    : value.sources
  const destinations = Array.isArray(value.destinations)
    ? value.destinations.map((destination: unknown) => {
        if (!isObject(destination) || !isObject(destination.settings)) return destination
        if (!isRedacted(destination.settings.conversion_token)) return destination
        const before = current.destinations.find((d) => d.id === destination.id)?.settings?.conversion_token
        return { ...destination, settings: { ...destination.settings, conversion_token: before } }
      })
    : value.destinations
  return { ...value, ...(sources !== undefined && { sources }), destinations }
}

function isRedacted(value: unknown): boolean {
  return isObject(value) && value.redacted === true
}
