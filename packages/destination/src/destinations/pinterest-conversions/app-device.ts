/**
 * The app and device of an event: the keys Pinterest has at the top of an event, and its
 * app_info and device_info objects (API 5.16+). Values outside Pinterest's limits and lists are
 * left out with a warning.
 */
import { isEmpty } from './clean'
import type { AppInfo, DeviceInfo, OsFamily, PinterestEvent } from './contract/types'
import { FORM_FACTORS, NETWORK_TYPES, OS_FAMILIES } from './contract/types'
import { toUnixSeconds } from './event-time'
import { languageOf } from './language'
import {
  APP_DEVICE_RANGES,
  APP_INFO_MAX_LENGTH,
  DEVICE_INFO_MAX_LENGTH,
  EVENT_MAX_LENGTH,
  MAX_LANGUAGES
} from './limits'
import type { Payload } from './reportConversionEvent/generated-types'
import { booleanOf, choiceOf, leaveOut, textOf, wholeNumberOf } from './values'
import type { Warnings } from './warnings'

/** The keys of the app and device at the top of the event, which web events (most of them) do not have. */
export function addAppAndDevice(event: PinterestEvent, payload: Payload, warnings: Warnings): void {
  const max = EVENT_MAX_LENGTH
  let text: string | undefined
  if ((text = textOf(payload.app_id, 'app_id', max.app_id, warnings))) event.app_id = text
  if ((text = textOf(payload.app_name, 'app_name', max.app_name, warnings))) event.app_name = text
  if ((text = textOf(payload.app_version, 'app_version', max.app_version, warnings))) event.app_version = text
  if ((text = textOf(payload.device_brand, 'device_brand', max.device_brand, warnings))) event.device_brand = text
  if ((text = textOf(payload.device_carrier, 'device_carrier', max.device_carrier, warnings)))
    event.device_carrier = text
  if ((text = textOf(payload.device_model, 'device_model', max.device_model, warnings))) event.device_model = text
  if ((text = textOf(payload.device_type, 'device_type', max.device_type, warnings))) event.device_type = text
  if ((text = textOf(payload.os_version, 'os_version', max.os_version, warnings))) event.os_version = text
  const wifi = booleanOf(payload.wifi, 'wifi', warnings)
  if (wifi !== undefined) event.wifi = wifi
  const appInfo = appInfoOf(payload.app_info, warnings)
  if (appInfo) event.app_info = appInfo
  const deviceInfo = deviceInfoOf(payload, warnings)
  if (deviceInfo) event.device_info = deviceInfo
}

function appInfoOf(input: Payload['app_info'], warnings: Warnings): AppInfo | undefined {
  if (!input) return undefined
  const info: AppInfo = {}
  const max = APP_INFO_MAX_LENGTH
  const text = (key: keyof typeof max) => textOf(input[key], `app_info.${key}`, max[key], warnings)
  let value: string | undefined
  if ((value = text('app_id'))) info.app_id = value
  if ((value = text('app_name'))) info.app_name = value
  if ((value = text('app_package_name'))) info.app_package_name = value
  if ((value = text('app_store'))) info.app_store = value
  if ((value = text('app_version'))) info.app_version = value
  if ((value = text('user_agent'))) info.user_agent = value
  const installed = installTimeOf(input.install_time, warnings)
  if (installed !== undefined) info.install_time = installed
  const size = (key: 'window_height' | 'window_width') =>
    wholeNumberOf(input[key], `app_info.${key}`, APP_DEVICE_RANGES.window, warnings)
  let number: number | undefined
  if ((number = size('window_height')) !== undefined) info.window_height = number
  if ((number = size('window_width')) !== undefined) info.window_width = number
  return isEmpty(info) ? undefined : info
}

function installTimeOf(value: string | number | undefined, warnings: Warnings): number | undefined {
  if (value === undefined || value === '') return undefined
  const seconds = toUnixSeconds(value)
  if (seconds === undefined || seconds < 0) return leaveOut(warnings, 'app_info.install_time', 'is not a date')
  return seconds
}

type DeviceText = keyof typeof DEVICE_INFO_MAX_LENGTH
type DeviceNumber = Exclude<
  { [K in keyof DeviceInfo]-?: NonNullable<DeviceInfo[K]> extends number ? K : never }[keyof DeviceInfo],
  undefined
>

const DEVICE_NUMBER_RANGES: Record<DeviceNumber, readonly [number, number]> = {
  battery_level: APP_DEVICE_RANGES.battery_level,
  cpu_cores: APP_DEVICE_RANGES.cpu_cores,
  storage_size: APP_DEVICE_RANGES.storage,
  storage_free_space: APP_DEVICE_RANGES.storage,
  external_storage_size: APP_DEVICE_RANGES.storage,
  external_storage_free_space: APP_DEVICE_RANGES.storage,
  screen_density: APP_DEVICE_RANGES.screen_density,
  screen_height: APP_DEVICE_RANGES.screen,
  screen_width: APP_DEVICE_RANGES.screen
}

function deviceInfoOf(payload: Payload, warnings: Warnings): DeviceInfo | undefined {
  const input = payload.device_info
  if (!input) return undefined
  const info: DeviceInfo = {}
  for (const key of Object.keys(DEVICE_INFO_MAX_LENGTH) as DeviceText[]) {
    const text = textOf(input[key], `device_info.${key}`, DEVICE_INFO_MAX_LENGTH[key], warnings)
    if (text) info[key] = text
  }
  for (const key of Object.keys(DEVICE_NUMBER_RANGES) as DeviceNumber[]) {
    const number = wholeNumberOf(input[key], `device_info.${key}`, DEVICE_NUMBER_RANGES[key], warnings)
    if (number !== undefined) info[key] = number
  }
  const languages = languagesOf(input.languages, warnings)
  if (languages) info.languages = languages
  const formFactor = choiceOf(input.form_factor, 'device_info.form_factor', FORM_FACTORS, warnings)
  if (formFactor) info.form_factor = formFactor
  const network =
    choiceOf(input.network_type, 'device_info.network_type', NETWORK_TYPES, warnings) ??
    (payload.wifi === true ? 'wifi' : undefined)
  if (network) info.network_type = network
  const family =
    choiceOf(input.os_family, 'device_info.os_family', OS_FAMILIES, warnings) ??
    familyOf(info.os_name ?? payload.os_name)
  if (family) info.os_family = family
  return isEmpty(info) ? undefined : info
}

function languagesOf(value: unknown, warnings: Warnings): string[] | undefined {
  if (value === undefined || value === null) return undefined
  const codes = new Set<string>()
  for (const entry of Array.isArray(value) ? value : [value]) {
    const text = textOf(entry, 'device_info.languages', DEVICE_INFO_MAX_LENGTH.locale, warnings)
    if (text === undefined) continue
    const code = languageOf(text)
    if (code) codes.add(code)
    else warnings.add('device_info.languages', 'holds a value with no two-letter ISO 639-1 code')
  }
  if (codes.size > MAX_LANGUAGES) {
    return leaveOut(
      warnings,
      'device_info.languages',
      `has ${codes.size} languages, more than the ${MAX_LANGUAGES} Pinterest takes`
    )
  }
  return codes.size > 0 ? [...codes] : undefined
}

/** The OS family of an OS name as Segment's SDKs write it (iOS, iPadOS, Android, Mac OS X, Windows, ...). */
function familyOf(osName: string | undefined): OsFamily | undefined {
  const name = osName?.toLowerCase() ?? ''
  if (/ios|ipados|iphone/.test(name)) return 'ios'
  if (name.includes('android')) return 'android'
  if (/mac ?os|os x|darwin/.test(name)) return 'macos'
  if (name.includes('windows')) return 'windows'
  if (/linux|ubuntu|debian|fedora|chrome ?os/.test(name)) return 'linux'
  if (/bsd/.test(name)) return 'bsd'
  return undefined
}
