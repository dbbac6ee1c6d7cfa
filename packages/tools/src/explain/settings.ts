import type { Settings } from 'pinterest-conversions'
import type { Mode } from '../local/mode'
import { REDACTED } from '../local/redact'

/** The settings an explanation ran with, fit to show: never the token. */
export interface SettingsView {
  mode: Mode['kind']
  /** One line: where events go and whether Pinterest records them. */
  description: string
  /** Whether an explanation sends the request (sandbox), or only builds it unless asked (live). */
  sends: boolean
  ad_account_id: string
  test_mode: boolean
  partner_name?: string
  default_phone_country?: string
  conversion_token: typeof REDACTED
}

export function settingsView(
  where: { mode: Mode['kind']; description: string },
  settings: Settings,
  sends: boolean
): SettingsView {
  return {
    ...where,
    sends,
    ad_account_id: String(settings.ad_account_id ?? ''),
    test_mode: settings.test_mode === true,
    ...(settings.partner_name && { partner_name: settings.partner_name }),
    ...(settings.default_phone_country && { default_phone_country: settings.default_phone_country }),
    conversion_token: REDACTED
  }
}
