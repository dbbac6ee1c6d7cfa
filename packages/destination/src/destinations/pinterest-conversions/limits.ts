/**
 * The most the destination sends, in one place. The contract schema
 * (contract/request-schema.ts) carries the same numbers, and a test keeps
 * the two equal.
 *
 * A value over its limit is left out of its event, with a warning naming the field; the event
 * is refused only when it is event_id, which Pinterest cannot do without. Nothing is cut
 * short: a shortened ID, URL or user agent is a different value, wrong data that would still
 * be sent. And one bad value never earns the whole request a 400.
 *
 * Lengths are characters (Unicode code points), as JSON Schema's maxLength counts them: an
 * emoji is one. They are only counted for a string whose `length` (UTF-16 code units, never
 * fewer than its characters) is already past the limit, so the usual case costs one read.
 */
import type { AppInfo, ContentItem, CustomData, DeviceInfo, PinterestEvent, UserData } from './contract/types'

/** Identifiers: far above a UUID (36), a ULID or a compound order key; anything longer is not an ID someone matches on. */
const ID = 256
/** Free text (product names, categories, a search): many times any real product name, category path or query. */
const TEXT = 1024
/** Pages that long cannot be loaded from most servers (8 KiB request line: nginx, Apache, CDNs). */
const URL = 8192

/** A table of maxima for some keys of the Pinterest object T: a key T does not have is a compile error. */
function maximaOf<T>() {
  return <M extends Partial<Record<keyof T, number>>>(table: M): Readonly<M> => table
}

/** Event keys and their maxima. App and device keys take Pinterest's own maxima for the same data in app_info and device_info. */
export const EVENT_MAX_LENGTH = maximaOf<PinterestEvent>()({
  event_id: ID,
  event_source_url: URL,
  partner_name: ID,
  app_id: 200, // app_info.app_id
  app_name: 200, // app_info.app_name
  app_version: 100, // app_info.app_version
  device_brand: 100, // device_info.brand
  device_carrier: 100, // device_info.carrier
  device_model: 100, // device_info.model
  device_type: 100, // device_info.type
  os_version: 100 // device_info.os_version
})

export const USER_DATA_MAX_LENGTH = maximaOf<UserData>()({
  client_ip_address: 45, // the longest text of an IPv6 address, "ffff:…:ffff:255.255.255.255"
  client_user_agent: 16_384, // app_info.user_agent
  click_id: ID,
  partner_id: ID
})

export const CUSTOM_DATA_MAX_LENGTH = maximaOf<CustomData>()({
  order_id: ID,
  content_name: TEXT,
  content_category: TEXT,
  content_brand: TEXT,
  search_string: TEXT,
  opt_out_type: ID
})

/** Each of custom_data.content_ids. */
export const CONTENT_ID_MAX_LENGTH = ID

export const CONTENT_MAX_LENGTH = maximaOf<ContentItem>()({
  id: ID,
  item_name: TEXT,
  item_category: TEXT,
  item_brand: TEXT,
  item_brand_id: 64 // Pinterest's own maximum
})

/** Pinterest's own maxima for app_info. */
export const APP_INFO_MAX_LENGTH = maximaOf<AppInfo>()({
  app_id: 200,
  app_name: 200,
  app_package_name: 200,
  app_store: 100,
  app_version: 100,
  user_agent: 16_384
})

/** Pinterest's own maxima for device_info. */
export const DEVICE_INFO_MAX_LENGTH = maximaOf<DeviceInfo>()({
  brand: 100,
  carrier: 100,
  model: 100,
  type: 100,
  os_version: 100,
  os_name: 100,
  os_release_name: 100,
  kernel_version: 100,
  locale: 35,
  timezone: 40,
  timezone_abbr: 5
})

/** Pinterest's own ranges for the numbers of app_info and device_info. */
export const APP_DEVICE_RANGES = {
  window: [0, 30_720],
  screen: [0, 30_720],
  screen_density: [0, 100_000],
  battery_level: [0, 100],
  cpu_cores: [0, 1152],
  storage: [0, 1_048_576]
} as const

/** device_info.languages holds at most this many codes. */
export const MAX_LANGUAGES = 100

/**
 * Distinct values of one hashed key (after normalization, duplicates dropped). A person has an
 * email or two and a phone or two; a dozen is a list of people merged into one event by mistake,
 * and sending it would credit the conversion to all of them: the key is left out instead.
 */
export const MAX_HASHED_VALUES = 10

/**
 * Products of one event (contents, and content_ids). Far above any real order or product grid;
 * past it, a whole catalog or order history was mapped as the products of one conversion.
 */
export const MAX_CONTENTS = 500

/**
 * quantity and num_items: at least 0 (the contract's minimum), and at most the largest 32-bit
 * integer, the smallest integer type a server may read them into. A number past it is junk, and
 * may fail a whole request to parse.
 */
export const MAX_COUNT = 2_147_483_647

/** A count's range: at least 0, at most MAX_COUNT. */
export const COUNT_RANGE = [0, MAX_COUNT] as const
