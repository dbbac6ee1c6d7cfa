// @ts-check
/**
 * How the editor groups the action's fields, as Segment's mapping screens do: what Pinterest
 * cannot take an event without, what makes it match more people and report the value, and the
 * rest (closed). App and device fields are shown only for app events.
 */
import { isObject } from './values.js'

/**
 * Pinterest refuses an event without a name, a time and an ID, and without at least one of an
 * email, a mobile advertising ID, or an IP address with its user agent. In the order shown.
 */
const REQUIRED = [
  'event_name',
  'event_time',
  'event_id',
  'user_data',
  'user_data.email',
  'user_data.hashed_maids',
  'user_data.client_ip_address',
  'user_data.client_user_agent'
]

/** Every further identifier Pinterest matches people on (by its weight), then what the conversion was worth. */
const RECOMMENDED = [
  'action_source',
  'event_source_url',
  'user_data.external_id',
  'user_data.phone',
  'user_data.first_name',
  'user_data.last_name',
  'user_data.click_id',
  'user_data.gender',
  'user_data.date_of_birth',
  'user_data.city',
  'user_data.state',
  'user_data.zip',
  'user_data.country',
  'custom_data',
  'custom_data.value',
  'custom_data.currency',
  'custom_data.order_id',
  'custom_data.num_items',
  'custom_data.content_ids',
  'custom_data.search_string',
  'contents'
]

/** Fields only an app (or the device it runs on) fills: a web event has none of them. */
const APP_FIELDS = new Set([
  'app_id',
  'app_name',
  'app_version',
  'device_brand',
  'device_carrier',
  'device_model',
  'device_type',
  'os_name',
  'os_version',
  'wifi',
  'advertiser_tracking_enabled',
  'app_info',
  'device_info',
  'user_data.hashed_maids'
])

/** @typedef {'required' | 'recommended' | 'other'} Group */

/**
 * @param {string} field a field key, or `object.key` for a key of an object field
 * @returns {Group}
 */
export function groupOf(field) {
  if (REQUIRED.includes(field)) return 'required'
  if (RECOMMENDED.includes(field)) return 'recommended'
  return 'other'
}

/**
 * Where a field comes in its group: in the order above, which puts what matters most first
 * (an object field's own notes just before its keys); everything else in the action's order.
 * @param {string} field
 */
export function rankOf(field) {
  const rank = [...REQUIRED, ...RECOMMENDED].indexOf(field)
  return rank === -1 ? Infinity : rank
}

/** @param {string} field */
export function isAppField(field) {
  return APP_FIELDS.has(field) || APP_FIELDS.has(field.split('.')[0])
}

/** Segment's mobile lifecycle events, which only apps send. */
const APP_TRIGGER = /type\s*=\s*"screen"|context\.(app|device|os)\b|"Application [A-Z][a-z]+"/

/**
 * An app event: the trigger takes screens or app lifecycle events, or the sample comes from an
 * app (it has `context.app`, a device advertising ID, or iOS or Android as its system).
 * @param {Record<string, unknown> | undefined} event
 * @param {string} trigger
 */
export function isAppEvent(event, trigger) {
  if (APP_TRIGGER.test(trigger)) return true
  if (!event) return false
  const context = isObject(event.context) ? event.context : {}
  const device = isObject(context.device) ? context.device : {}
  const os = isObject(context.os) ? context.os : {}
  return (
    event.type === 'screen' ||
    isObject(context.app) ||
    typeof device.advertisingId === 'string' ||
    /^(ios|ipados|android)$/i.test(String(os.name ?? ''))
  )
}
