import type { ActionSource } from './constants'
import { ACTION_SOURCES, EVENT_NAMES } from './constants'
import type { PinterestEvent, UserData } from './contract'
import { buildCustomData } from './custom-data'
import { FieldValidationError } from './errors'
import { eventTimeOf } from './event-time'
import { checkLimits } from './limits'
import type { NormalizeOptions } from './normalize'
import type { Payload } from './reportConversionEvent/generated-types'
import type { UserDataTrace } from './user-data'
import { buildUserData } from './user-data'

export interface EventOptions extends NormalizeOptions {
  partnerName?: string
  nowSeconds: number
}

/**
 * One Pinterest event from one mapped payload, checked against everything Pinterest would
 * refuse it for. Throws a FieldValidationError naming the field when it cannot be sent.
 *
 * Every key is built to Pinterest's contract by construction; the tests hold every body to the
 * contract schema, so the schema is not run again here, on the hot path.
 */
export function buildEvent(payload: Payload, options: EventOptions, trace?: UserDataTrace): PinterestEvent {
  const eventSourceUrl = text(payload.event_source_url)
  const userData = buildUserData(payload.user_data ?? {}, eventSourceUrl, options, trace)
  requireIdentifier(userData)
  const event: PinterestEvent = {
    event_name: oneOf(EVENT_NAMES, payload.event_name, 'event_name'),
    action_source: actionSourceOf(payload),
    event_time: eventTimeOf(payload.event_time, options.nowSeconds),
    event_id: requiredText(payload.event_id, 'event_id'),
    user_data: userData
  }
  // Optional keys are written one by one, only when they have a value (an undefined key would
  // still be walked by JSON.stringify); a shared setter taking the key by name cost more.
  const customData = buildCustomData(payload.custom_data, payload.contents)
  if (customData !== undefined) event.custom_data = customData
  if (eventSourceUrl !== undefined) event.event_source_url = eventSourceUrl
  const optOut = payload.opt_out ?? (payload.ad_tracking_enabled === false ? true : undefined)
  if (optOut !== undefined) event.opt_out = optOut
  if (options.partnerName !== undefined) event.partner_name = options.partnerName
  addAppAndDevice(event, payload)
  const language = languageOf(payload.language)
  if (language !== undefined) event.language = language
  checkLimits(event)
  return event
}

const IDENTIFIER_FIELDS = [
  'user_data.email',
  'user_data.hashed_maids',
  'user_data.client_ip_address',
  'user_data.client_user_agent'
]

function requireIdentifier(userData: UserData): void {
  if (userData.em || userData.hashed_maids || (userData.client_ip_address && userData.client_user_agent)) return
  throw new FieldValidationError(
    'Pinterest cannot match this event to a person: it needs user_data.email (em), user_data.hashed_maids, or both user_data.client_ip_address and user_data.client_user_agent, and none of them has a usable value.',
    IDENTIFIER_FIELDS
  )
}

/** The app and device keys, which web events (most of them) do not have. A text key with nothing in it is left out. */
function addAppAndDevice(event: PinterestEvent, payload: Payload): void {
  let value: string | undefined
  if ((value = text(payload.app_id))) event.app_id = value
  if ((value = text(payload.app_name))) event.app_name = value
  if ((value = text(payload.app_version))) event.app_version = value
  if ((value = text(payload.device_brand))) event.device_brand = value
  if ((value = text(payload.device_carrier))) event.device_carrier = value
  if ((value = text(payload.device_model))) event.device_model = value
  if ((value = text(payload.device_type))) event.device_type = value
  if ((value = text(payload.os_version))) event.os_version = value
  if (payload.wifi !== undefined) event.wifi = payload.wifi
}

/** Apps on iOS or Android report as such; everything else, websites and servers, as web. */
function actionSourceOf(payload: Payload): ActionSource {
  if (payload.action_source) return oneOf(ACTION_SOURCES, payload.action_source, 'action_source')
  if (payload.app_id || payload.app_name || payload.app_version) {
    const platform = `${payload.os_name ?? ''} ${payload.device_type ?? ''}`.toLowerCase()
    if (/ios|iphone|ipad/.test(platform)) return 'app_ios'
    if (platform.includes('android')) return 'app_android'
  }
  return 'web'
}

const LANGUAGE = /^([a-z]{2})(?:[-_]|$)/i
// The codes ISO 639-1 withdrew in 1989, which Java's Locale (and so Android before API 34) still writes.
const WITHDRAWN: Record<string, string> = { iw: 'he', in: 'id', ji: 'yi' }

/** ISO 639-1 from a locale: en-US → en. Three-letter languages have no two-letter form and are left out. */
function languageOf(locale: string | undefined): string | undefined {
  const language = locale ? LANGUAGE.exec(locale.trim())?.[1].toLowerCase() : undefined
  return language === undefined ? undefined : WITHDRAWN[language] ?? language
}

/**
 * The generated Payload has a plain string where a field has choices. actions-core refuses a
 * value outside them before perform runs; this tells the compiler, and refuses it the same way
 * on any path that skips the framework's validation.
 */
function oneOf<T extends string>(values: readonly T[], value: string, field: string): T {
  if ((values as readonly string[]).includes(value)) return value as T
  throw new FieldValidationError(`${field} must be one of: ${values.map((v) => `"${v}"`).join(', ')}.`, [field])
}

function requiredText(value: string, field: string): string {
  const trimmed = text(value)
  if (trimmed === undefined)
    throw new FieldValidationError(`${field} is empty: Pinterest needs it on every event.`, [field])
  return trimmed
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
