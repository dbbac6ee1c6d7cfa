import { addAppAndDevice } from './app-device'
import { text } from './clean'
import type { ActionSource } from './constants'
import { ACTION_SOURCES, EVENT_NAMES } from './constants'
import type { PinterestEvent, UserData } from './contract/types'
import { buildCustomData } from './custom-data'
import type { Problem } from './errors'
import { FieldValidationError } from './errors'
import { eventTimeOf } from './event-time'
import { languageOf } from './language'
import { DEVICE_INFO_MAX_LENGTH, EVENT_MAX_LENGTH } from './limits'
import type { NormalizeOptions } from './normalize'
import type { Payload } from './reportConversionEvent/generated-types'
import type { UserDataTrace } from './user-data'
import { buildUserData } from './user-data'
import { booleanOf, codePoints, textOf } from './values'
import type { Warnings } from './warnings'

/** Filled while an event is built, for an observer: each user_data value's fate, and the user_data built. */
export interface EventTrace {
  values: UserDataTrace
  userData?: UserData
}

export interface EventOptions extends NormalizeOptions {
  partnerName?: string
  /** Pinterest's partner marker inside custom_data. */
  np?: string
  nowSeconds: number
}

/**
 * One Pinterest event from one mapped payload. Refused, with a FieldValidationError naming the
 * fields, only when Pinterest could not take it: no event name, time or ID Pinterest accepts,
 * no identifier it can match. Any other value it cannot use is left out, with a warning.
 *
 * Every key is built to Pinterest's contract by construction; the tests hold every body to the
 * contract schema, so the schema is not run again here, on the hot path.
 */
export function buildEvent(
  payload: Payload,
  options: EventOptions,
  warnings: Warnings,
  trace?: EventTrace
): PinterestEvent {
  const eventSourceUrl = textOf(
    payload.event_source_url,
    'event_source_url',
    EVENT_MAX_LENGTH.event_source_url,
    warnings
  )
  const userData = buildUserData(payload.user_data ?? {}, eventSourceUrl, options, warnings, trace?.values)
  if (trace) trace.userData = userData
  // Every check runs, so a refusal names every reason at once (no identifier and 9 days old).
  const problems: Problem[] = []
  const checked = <T>(check: () => T): T => {
    try {
      return check()
    } catch (error) {
      if (!(error instanceof FieldValidationError)) throw error
      problems.push(...error.problems)
      return undefined as unknown as T
    }
  }
  checked(() => requireIdentifier(userData))
  const event: PinterestEvent = {
    event_name: checked(() => oneOf(EVENT_NAMES, payload.event_name, 'event_name')),
    action_source: checked(() => actionSourceOf(payload)),
    event_time: checked(() => eventTimeOf(payload.event_time, options.nowSeconds)),
    event_id: checked(() => eventIdOf(payload.event_id)),
    user_data: userData
  }
  if (problems.length > 0) throw FieldValidationError.of(problems)
  // Optional keys are written only when they have a value: Pinterest gets no empty key.
  let customData = buildCustomData(payload, warnings)
  if (options.np !== undefined) (customData ??= {}).np = options.np
  if (customData !== undefined) event.custom_data = customData
  if (eventSourceUrl !== undefined) event.event_source_url = eventSourceUrl
  const optOut = optOutOf(payload, warnings)
  if (optOut !== undefined) event.opt_out = optOut
  if (options.partnerName !== undefined) event.partner_name = options.partnerName
  addAppAndDevice(event, payload, warnings)
  const locale = textOf(payload.language, 'language', DEVICE_INFO_MAX_LENGTH.locale, warnings)
  const language = locale === undefined ? undefined : languageOf(locale)
  if (language !== undefined) event.language = language
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

/**
 * One of a field's choices. Segment's generated Payload types a field with choices as plain
 * text; actions-core refuses any other value before perform, and a runtime that does not is
 * answered here, in the framework's words.
 */
function oneOf<T extends string>(values: readonly T[], value: string, field: string): T {
  if ((values as readonly string[]).includes(value)) return value as T
  throw new FieldValidationError(`${field} must be one of: ${values.map((v) => `"${v}"`).join(', ')}.`, [field])
}

/** Opted out when the mapping says so, or when the device does not allow ad tracking. */
function optOutOf(payload: Payload, warnings: Warnings): boolean | undefined {
  const optOut = booleanOf(payload.opt_out, 'opt_out', warnings)
  if (optOut !== undefined) return optOut
  return booleanOf(payload.advertiser_tracking_enabled, 'advertiser_tracking_enabled', warnings) === false
    ? true
    : undefined
}

/** Apps on iOS or Android report as such; everything else, websites and servers, as web. */
function actionSourceOf(payload: Payload): ActionSource {
  if (payload.action_source) return oneOf(ACTION_SOURCES, payload.action_source, 'action_source')
  const app = payload.app_info
  if (payload.app_id || payload.app_name || payload.app_version || app?.app_name || app?.app_package_name) {
    const platform = `${payload.os_name ?? ''} ${payload.device_info?.os_name ?? ''} ${
      payload.device_type ?? ''
    }`.toLowerCase()
    if (/ios|iphone|ipad/.test(platform)) return 'app_ios'
    if (platform.includes('android')) return 'app_android'
  }
  return 'web'
}

/** Pinterest cannot take an event without its ID, nor one cut short (another ID): either refuses the event. */
function eventIdOf(value: string): string {
  const id = text(value)
  if (id === undefined)
    throw new FieldValidationError('event_id is empty: Pinterest needs it on every event.', ['event_id'])
  const max = EVENT_MAX_LENGTH.event_id
  if (id.length > max && codePoints(id) > max) {
    throw new FieldValidationError(
      `event_id is ${codePoints(id)} characters long, more than the ${max} Pinterest takes.`,
      ['event_id']
    )
  }
  return id
}
