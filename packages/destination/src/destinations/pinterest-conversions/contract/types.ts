import type { ActionSource, EventName } from '../constants'

/** One event of Pinterest's v5 events endpoint, as we send it (see request-schema.ts). */
export interface PinterestEvent {
  event_name: EventName
  action_source: ActionSource
  event_time: number
  event_id: string
  user_data: UserData
  custom_data?: CustomData
  event_source_url?: string
  opt_out?: boolean
  partner_name?: string
  app_id?: string
  app_name?: string
  app_version?: string
  device_brand?: string
  device_carrier?: string
  device_model?: string
  device_type?: string
  os_version?: string
  wifi?: boolean
  language?: string
  app_info?: AppInfo
  device_info?: DeviceInfo
}

export const HASHED_KEYS = [
  'em',
  'ph',
  'ge',
  'db',
  'fn',
  'ln',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
  'hashed_maids'
] as const
export type HashedUserDataKey = typeof HASHED_KEYS[number]

export type UserData = { [K in HashedUserDataKey]?: string[] } & {
  client_ip_address?: string
  client_user_agent?: string
  click_id?: string
  partner_id?: string
}

export interface CustomData {
  currency?: string
  value?: string
  content_ids?: string[]
  content_name?: string
  content_category?: string
  content_brand?: string
  contents?: ContentItem[]
  num_items?: number
  order_id?: string
  search_string?: string
  opt_out_type?: string
  predicted_ltv?: string
  /** A partner's marker; Pinterest's internal use. */
  np?: string
}

export interface ContentItem {
  id?: string
  item_price?: string
  quantity?: number
  item_name?: string
  item_category?: string
  item_brand?: string
  item_brand_id?: string
}

/** Since API 5.16: the app of an app event. */
export interface AppInfo {
  app_id?: string
  app_name?: string
  app_package_name?: string
  app_store?: string
  app_version?: string
  /** Unix seconds. */
  install_time?: number
  user_agent?: string
  window_height?: number
  window_width?: number
}

/** Since API 5.16: the device of an event. */
export interface DeviceInfo {
  brand?: string
  carrier?: string
  model?: string
  type?: string
  os_version?: string
  os_name?: string
  os_release_name?: string
  kernel_version?: string
  locale?: string
  timezone?: string
  timezone_abbr?: string
  languages?: string[]
  form_factor?: FormFactor
  network_type?: NetworkType
  os_family?: OsFamily
  battery_level?: number
  cpu_cores?: number
  storage_size?: number
  storage_free_space?: number
  external_storage_size?: number
  external_storage_free_space?: number
  screen_density?: number
  screen_height?: number
  screen_width?: number
}

export const FORM_FACTORS = [
  'desktop',
  'laptop',
  'cellphone',
  'tablet',
  'smartwatch',
  'tv',
  'vr',
  'console',
  'other'
] as const
export type FormFactor = typeof FORM_FACTORS[number]
export const NETWORK_TYPES = [
  'wifi',
  'cellular_2g',
  'cellular_3g',
  'cellular_4g',
  'cellular_5g',
  'cellular_6g',
  'ethernet',
  'unknown'
] as const
export type NetworkType = typeof NETWORK_TYPES[number]
export const OS_FAMILIES = ['ios', 'android', 'macos', 'windows', 'linux', 'bsd', 'other'] as const
export type OsFamily = typeof OS_FAMILIES[number]

export interface EventsRequest {
  data: PinterestEvent[]
}

export interface EventResult {
  status: 'processed' | 'failed'
  error_message?: string | null
  warning_message?: string | null
}

/** The 200 answer; a 422 carries the same shape in `details`. */
export interface EventsResponse {
  num_events_received: number
  num_events_processed: number
  events: EventResult[]
}
