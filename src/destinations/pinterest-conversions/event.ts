import { setDefined } from './clean'
import type { ActionSource } from './constants'
import type { PinterestEvent, UserData } from './contract'
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
    event_name: payload.event_name,
    action_source: actionSourceOf(payload),
    event_time: eventTimeOf(payload.event_time, options.nowSeconds),
    event_id: requiredText(payload.event_id, 'event_id'),
    user_data: userData
  }
  setDefined(event, 'custom_data', buildCustomData(payload.custom_data, payload.contents))
  setDefined(event, 'event_source_url', eventSourceUrl)
  setDefined(event, 'opt_out', payload.opt_out ?? (payload.ad_tracking_enabled === false ? true : undefined))
  setDefined(event, 'partner_name', options.partnerName)
  setDefined(event, 'app_id', text(payload.app_id))
  setDefined(event, 'app_name', text(payload.app_name))
  setDefined(event, 'app_version', text(payload.app_version))
  setDefined(event, 'device_brand', text(payload.device_brand))
  setDefined(event, 'device_carrier', text(payload.device_carrier))
  setDefined(event, 'device_model', text(payload.device_model))
  setDefined(event, 'device_type', text(payload.device_type))
  setDefined(event, 'os_version', text(payload.os_version))
  setDefined(event, 'wifi', payload.wifi)
  setDefined(event, 'language', languageOf(payload.language))
  checkLimits(event)
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
