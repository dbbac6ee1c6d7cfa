import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import { DEFAULT_API_BASE_URL } from '../destinations/pinterest-conversions/constants'
import type { Mode } from '../runtime/mode'
import { describeSettings } from '../runtime/mode'
import { REDACTED } from '../runtime/redact'

/** The settings an explanation ran with, fit to show: never the token. */
export interface SettingsView {
  mode: Mode['kind']
  /** One line: where events go and whether Pinterest records them. */
  description: string
  /** Whether an explanation sends the request (sandbox), or only builds it unless asked (live). */
  sends: boolean
  ad_account_id: string
  api_base_url: string
  test_mode: boolean
  partner_name?: string
  default_phone_country?: string
  conversion_token: typeof REDACTED
}

export function settingsView(mode: Mode['kind'], settings: Settings, sends: boolean): SettingsView {
  return {
    mode,
    description: describeSettings(mode, settings),
    sends,
    ad_account_id: String(settings.ad_account_id ?? ''),
    api_base_url: settings.api_base_url?.trim() || DEFAULT_API_BASE_URL,
    test_mode: settings.test_mode === true,
    ...(settings.partner_name && { partner_name: settings.partner_name }),
    ...(settings.default_phone_country && { default_phone_country: settings.default_phone_country }),
    conversion_token: REDACTED
  }
}
