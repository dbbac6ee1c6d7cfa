import { withoutUndefined } from './clean'
import type { ActionSource } from './constants'
import { eventContractViolation, type PinterestEvent, type UserData } from './contract'
import { buildCustomData } from './custom-data'
import { FieldValidationError } from './errors'
import { eventTimeOf } from './event-time'
import { checkLimits } from './limits'
import type { NormalizeOptions } from './normalize'
import type { Payload } from './reportConversionEvent/generated-types'
import { buildUserData, type UserDataTrace } from './user-data'

export interface EventOptions extends NormalizeOptions {
  partnerName?: string
  nowSeconds: number
}

/**
 * One Pinterest event from one mapped payload, checked against everything Pinterest would
 * refuse it for. Throws a PayloadValidationError naming the field when it cannot be sent.
 */
export function buildEvent(payload: Payload, options: EventOptions, trace?: UserDataTrace): PinterestEvent {
  const eventSourceUrl = text(payload.event_source_url)
  const userData = buildUserData(payload.user_data ?? {}, eventSourceUrl, options, trace)
  requireIdentifier(userData)
  const event: PinterestEvent = {
    event_name: payload.event_name,
    action_source: actionSourceOf(payload),
    event_time: eventTimeOf(payload.event_time, options.nowSeconds),
    event_id: requiredText(payload.event_id, 'event_id'),
    user_data: userData,
    custom_data: buildCustomData(payload.custom_data, payload.contents),
    event_source_url: eventSourceUrl,
    opt_out: payload.opt_out ?? (payload.ad_tracking_enabled === false ? true : undefined),
    partner_name: options.partnerName,
    app_id: text(payload.app_id),
    app_name: text(payload.app_name),
    app_version: text(payload.app_version),
    device_brand: text(payload.device_brand),
    device_carrier: text(payload.device_carrier),
    device_model: text(payload.device_model),
    device_type: text(payload.device_type),
    os_version: text(payload.os_version),
    wifi: payload.wifi,
    language: languageOf(payload.language)
  }
  withoutUndefined(event)
  checkLimits(event)
  const violation = eventContractViolation(event)
  if (violation) throw new FieldValidationError(`Pinterest would refuse this event: ${violation.text}.`, [violation.at || 'event'])
  return event
}

const IDENTIFIER_FIELDS = ['user_data.email', 'user_data.hashed_maids', 'user_data.client_ip_address', 'user_data.client_user_agent']

function requireIdentifier(userData: UserData): void {
  if (userData.em || userData.hashed_maids || (userData.client_ip_address && userData.client_user_agent)) return
  throw new FieldValidationError(
    'Pinterest cannot match this event to a person: it needs user_data.email (em), user_data.hashed_maids, or both user_data.client_ip_address and user_data.client_user_agent, and none of them has a usable value.',
    IDENTIFIER_FIELDS
  )
}

/** Apps on iOS or Android report as such; everything else, websites and servers, as web. */
function actionSourceOf(payload: Payload): ActionSource {
  if (payload.action_source) return payload.action_source
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
  return language === undefined ? undefined : (WITHDRAWN[language] ?? language)
}

function requiredText(value: string, field: string): string {
  const trimmed = text(value)
  if (trimmed === undefined) throw new FieldValidationError(`${field} is empty: Pinterest needs it on every event.`, [field])
  return trimmed
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
