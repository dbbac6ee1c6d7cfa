import type { GlobalSetting } from '@segment/actions-core'
import type { CountryCode } from 'libphonenumber-js'
import { getCountryCallingCode } from 'libphonenumber-js'
import { AD_ACCOUNT_ID_PATTERN, EVENTS_ENDPOINT } from './constants'
import { SettingsError } from './errors'
import type { Settings } from './generated-types'
import { EVENT_MAX_LENGTH } from './limits'

export const settingsFields: Record<string, GlobalSetting> = {
  ad_account_id: {
    label: 'Ad Account ID',
    description:
      'The ID of the Pinterest ad account that receives the conversions: digits only, up to 18, as shown in Ads Manager (for example 549755885175).',
    type: 'string',
    required: true
  },
  conversion_token: {
    label: 'Conversion Token',
    description:
      'The conversion access token of the ad account (Ads Manager > Conversions > Conversion access token). It is sent as a Bearer token and never shown in logs or errors.',
    type: 'password',
    required: true
  },
  test_mode: {
    label: 'Test Mode',
    description:
      'Send every request with `?test=true`: Pinterest checks the events and answers as usual but records nothing. Use it while setting up.',
    type: 'boolean',
    default: false
  },
  partner_name: {
    label: 'Partner Name',
    description:
      'Sent as `partner_name` on every event when set; third-party partners use a lowercase `ss-<partner>` name.',
    type: 'string'
  },
  default_phone_country: {
    label: 'Default Phone Country',
    description:
      'Two-letter ISO country code used to read phone numbers written without a country code: with US, (415) 555-0100 becomes 14155550100.',
    type: 'string',
    default: 'US'
  }
}

// Conversion tokens are printable ASCII without spaces. Anything else was pasted badly, and
// some of it (a line break, an emoji) cannot travel in an HTTP header at all.
const TOKEN = /^[\x21-\x7e]+$/

/** Settings read, checked and ready to use. */
export interface CheckedSettings {
  adAccountId: string
  testMode: boolean
  partnerName?: string
  defaultPhoneCountry: CountryCode
  /** Events endpoint, with `?test=true` when test mode is on. */
  eventsUrl: string
}

/** Throws a SettingsError naming the setting when one is unusable. */
export function readSettings(settings: Settings, { forceTestMode = false } = {}): CheckedSettings {
  const adAccountId = readAdAccountId(settings.ad_account_id)
  readToken(settings.conversion_token)
  const partnerName = textSetting(
    settings.partner_name,
    'partner_name',
    'Partner Name must be text, such as ss-segment.'
  )
  if (partnerName && partnerName.length > EVENT_MAX_LENGTH.partner_name) {
    throw new SettingsError(
      `Partner Name is longer than ${EVENT_MAX_LENGTH.partner_name} characters: use the short ss-<partner> name.`,
      'partner_name'
    )
  }
  const testMode = forceTestMode || settings.test_mode === true
  return {
    adAccountId,
    testMode,
    partnerName,
    defaultPhoneCountry: readPhoneCountry(settings.default_phone_country),
    eventsUrl: `${EVENTS_ENDPOINT.replace('{ad_account_id}', adAccountId)}${testMode ? '?test=true' : ''}`
  }
}

/**
 * The Authorization header, or undefined when the token could not be sent in one. Left out
 * then rather than built: the HTTP client would throw a TypeError quoting the whole token
 * before perform runs, where readSettings turns the same token into a settings error.
 */
export function authorizationHeader(settings: Settings): string | undefined {
  const token: unknown = settings.conversion_token
  return typeof token === 'string' && TOKEN.test(token.trim()) ? `Bearer ${token.trim()}` : undefined
}

const ACCOUNT_ERROR =
  'Ad Account ID must be the digits of a Pinterest ad account ID (up to 18, no spaces or letters), such as 549755885175.'

function readAdAccountId(value: unknown): string {
  // A number past 2^53 has lost digits already: it would name another account.
  const text =
    typeof value === 'number'
      ? Number.isSafeInteger(value)
        ? String(value)
        : ''
      : textSetting(value, 'ad_account_id', ACCOUNT_ERROR) ?? ''
  if (!AD_ACCOUNT_ID_PATTERN.test(text)) throw new SettingsError(ACCOUNT_ERROR, 'ad_account_id')
  return text
}

function readToken(value: unknown): void {
  const token =
    textSetting(value, 'conversion_token', 'Conversion Token must be text: copy it from Ads Manager > Conversions.') ??
    ''
  if (!token) {
    throw new SettingsError('Conversion Token is empty: copy it from Ads Manager > Conversions.', 'conversion_token')
  }
  if (!TOKEN.test(token)) {
    // Never quote the token: this message reaches logs and answers.
    throw new SettingsError(
      'Conversion Token has characters a conversion token never has (spaces, line breaks, non-ASCII): copy it again from Ads Manager > Conversions.',
      'conversion_token'
    )
  }
}

/**
 * A text setting, trimmed; undefined when empty. Settings arrive as the runtime got them, so a
 * number or an object where text belongs is a settings error, not a TypeError.
 */
function textSetting(value: unknown, setting: string, message: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new SettingsError(message, setting)
  return value.trim() || undefined
}

const PHONE_COUNTRY_ERROR =
  'Default Phone Country must be a two-letter ISO country code with a telephone numbering plan, such as US, GB or DE.'

function readPhoneCountry(value: string | undefined): CountryCode {
  const code = textSetting(value, 'default_phone_country', PHONE_COUNTRY_ERROR)?.toUpperCase() ?? 'US'
  try {
    getCountryCallingCode(code as CountryCode)
    return code as CountryCode
  } catch {
    throw new SettingsError(PHONE_COUNTRY_ERROR, 'default_phone_country')
  }
}
