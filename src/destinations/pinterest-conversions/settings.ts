import { IntegrationError } from '@segment/actions-core'
import type { GlobalSetting } from '@segment/actions-core'
import type { CountryCode } from 'libphonenumber-js'
import { getCountryCallingCode } from 'libphonenumber-js'
import { AD_ACCOUNT_ID_PATTERN, API_VERSION, DEFAULT_API_BASE_URL } from './constants'
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
  },
  api_base_url: {
    label: 'API Base URL',
    description:
      'Advanced: where requests go instead of https://api.pinterest.com, for a proxy or a local Pinterest sandbox. The path /v5/ad_accounts/{id}/events is added to it.',
    type: 'string',
    default: DEFAULT_API_BASE_URL
  }
}

// Conversion tokens are printable ASCII without spaces. Anything else was pasted badly, and
// some of it (a line break, an emoji) cannot travel in an HTTP header at all.
const TOKEN = /^[\x21-\x7e]+$/

/** Settings read, checked and ready to use. */
export interface DeliveryConfig {
  adAccountId: string
  testMode: boolean
  partnerName?: string
  defaultPhoneCountry: CountryCode
  /** Events endpoint, with `?test=true` when test mode is on. */
  eventsUrl: string
}

/** Throws an IntegrationError naming the setting when one is unusable. */
export function readSettings(settings: Settings, { forceTestMode = false } = {}): DeliveryConfig {
  const accountError =
    'Ad Account ID must be the digits of a Pinterest ad account ID (up to 18, no spaces or letters), such as 549755885175.'
  const account: unknown = settings.ad_account_id
  // A number past 2^53 has lost digits already: it would name another account.
  const adAccountId =
    (typeof account === 'number'
      ? Number.isSafeInteger(account)
        ? String(account)
        : ''
      : textSetting(account, accountError)) ?? ''
  if (!AD_ACCOUNT_ID_PATTERN.test(adAccountId)) throw new IntegrationError(accountError, 'INVALID_SETTINGS', 400)
  const token =
    textSetting(settings.conversion_token, 'Conversion Token must be text: copy it from Ads Manager > Conversions.') ??
    ''
  if (!token) {
    throw new IntegrationError(
      'Conversion Token is empty: copy it from Ads Manager > Conversions.',
      'INVALID_SETTINGS',
      400
    )
  }
  if (!TOKEN.test(token)) {
    // Never quote the token: this message reaches logs and answers.
    throw new IntegrationError(
      'Conversion Token has characters a conversion token never has (spaces, line breaks, non-ASCII): copy it again from Ads Manager > Conversions.',
      'INVALID_SETTINGS',
      400
    )
  }
  const partnerName = textSetting(settings.partner_name, 'Partner Name must be text, such as ss-segment.')
  if (partnerName && partnerName.length > EVENT_MAX_LENGTH.partner_name) {
    throw new IntegrationError(
      `Partner Name is longer than ${EVENT_MAX_LENGTH.partner_name} characters: use the short ss-<partner> name.`,
      'INVALID_SETTINGS',
      400
    )
  }
  const testMode = forceTestMode || settings.test_mode === true
  const base = readBaseUrl(settings.api_base_url)
  return {
    adAccountId,
    testMode,
    partnerName,
    defaultPhoneCountry: readPhoneCountry(settings.default_phone_country),
    eventsUrl: `${base}/${API_VERSION}/ad_accounts/${adAccountId}/events${testMode ? '?test=true' : ''}`
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

/**
 * A text setting, trimmed; undefined when empty. Settings arrive as the runtime got them, so a
 * number or an object where text belongs is a settings error, not a TypeError.
 */
function textSetting(value: unknown, message: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new IntegrationError(message, 'INVALID_SETTINGS', 400)
  return value.trim() || undefined
}

const BASE_URL_ERROR = 'API Base URL is not a URL: use https://api.pinterest.com or your proxy’s address.'

function readBaseUrl(value: string | undefined): string {
  const text = textSetting(value, BASE_URL_ERROR) ?? DEFAULT_API_BASE_URL
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new IntegrationError(BASE_URL_ERROR, 'INVALID_SETTINGS', 400)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IntegrationError(
      'API Base URL must start with https:// (or http:// for a local sandbox).',
      'INVALID_SETTINGS',
      400
    )
  }
  if (url.search || url.hash) {
    throw new IntegrationError('API Base URL must not carry a query or fragment.', 'INVALID_SETTINGS', 400)
  }
  return url.href.replace(/\/+$/, '')
}

const PHONE_COUNTRY_ERROR =
  'Default Phone Country must be a two-letter ISO country code with a telephone numbering plan, such as US, GB or DE.'

function readPhoneCountry(value: string | undefined): CountryCode {
  const code = textSetting(value, PHONE_COUNTRY_ERROR)?.toUpperCase() ?? 'US'
  try {
    getCountryCallingCode(code as CountryCode)
    return code as CountryCode
  } catch {
    throw new IntegrationError(PHONE_COUNTRY_ERROR, 'INVALID_SETTINGS', 400)
  }
}
