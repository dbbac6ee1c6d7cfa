/**
 * The most the destination sends, in one place. The contract schema
 * (contract/pinterest-events-request.schema.json) carries the same numbers, and a test keeps
 * the two equal.
 *
 * Going over a limit fails that event alone, with a FieldValidationError naming the field.
 * Nothing is cut short: a shortened ID, URL or user agent is a different value, wrong data
 * that would still be sent. And one bad event never earns the whole request a 400.
 *
 * Lengths are characters (Unicode code points), as JSON Schema's maxLength counts them: an
 * emoji is one. They are only counted for a string whose `length` (UTF-16 code units, never
 * fewer than its characters) is already past the limit, so the usual case costs one read.
 */
import type { ContentItem, CustomData, PinterestEvent, UserData } from './contract/types'
import { FieldValidationError } from './errors'

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
  item_brand: TEXT
})

/**
 * Distinct values of one hashed key (after normalization, duplicates dropped). A person has an
 * email or two and a phone or two; a dozen is a list of people merged into one event by mistake,
 * and sending it would credit the conversion to all of them.
 */
export const MAX_HASHED_VALUES = 10

/**
 * Products of one event (contents, and content_ids). Far above any real order or product grid;
 * past it, a whole catalog or order history was mapped as the products of one conversion.
 */
export const MAX_CONTENTS = 500

/**
 * quantity and num_items: at least 0 (the contract's minimum), and at most the largest 32-bit integer, the smallest integer type a server may
 * read them into. A number past it is junk, and may fail a whole request to parse.
 */
export const MAX_COUNT = 2_147_483_647

/**
 * Fails an event with a string or a count out of its limits, naming the mapping field. A few
 * property reads per event, cheap next to hashing: with the builders, this is what keeps every
 * event within the contract schema (which holds the same limits) without running the schema
 * on the hot path.
 */
export function checkLimits(event: PinterestEvent): void {
  checkLengths(event, EVENT_MAX_LENGTH, '')
  checkLengths(event.user_data, USER_DATA_MAX_LENGTH, 'user_data.')
  const custom = event.custom_data
  if (custom === undefined) return
  checkLengths(custom, CUSTOM_DATA_MAX_LENGTH, 'custom_data.')
  // Products first: a quantity past the limit is why num_items, their sum, is past it too.
  const contents = custom.contents
  if (contents !== undefined) {
    for (let i = 0; i < contents.length; i++) {
      const item = contents[i]
      checkLengths(item, CONTENT_MAX_LENGTH, 'contents', i)
      if (!isCount(item.quantity)) throw badCount(`contents[${i}].quantity`, item.quantity as number)
    }
  }
  if (!isCount(custom.num_items)) throw badCount('custom_data.num_items', custom.num_items as number)
  const ids = custom.content_ids
  if (ids !== undefined) {
    for (const id of ids)
      if (isTooLong(id, CONTENT_ID_MAX_LENGTH))
        throw tooLong('custom_data.content_ids', codePoints(id), CONTENT_ID_MAX_LENGTH)
  }
}

/** The error for a list with more than `max` entries. */
export function tooMany(field: string, count: number, max: number, what: string): FieldValidationError {
  return new FieldValidationError(`${field} has ${count} ${what}, more than the ${max} one event may carry.`, [field])
}

// Field names are only written out for an error: every check passes on almost every event.
function checkLengths<T extends object>(
  object: T,
  limits: Partial<Record<keyof T, number>>,
  prefix: string,
  index?: number
): void {
  for (const key in limits) {
    const value = object[key]
    const max = limits[key] as number
    if (typeof value === 'string' && isTooLong(value, max)) {
      const field = index === undefined ? `${prefix}${key}` : `${prefix}[${index}].${key}`
      throw tooLong(field, codePoints(value), max)
    }
  }
}

function isTooLong(value: string, max: number): boolean {
  return value.length > max && codePoints(value) > max
}

/** Characters as JSON Schema counts them (Ajv's ucs2length): a surrogate pair is one, a lone surrogate one too. */
function codePoints(value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++, count++) {
    const code = value.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
  }
  return count
}

function isCount(value: number | undefined): boolean {
  return value === undefined || !(value < 0 || value > MAX_COUNT)
}

function badCount(field: string, value: number): FieldValidationError {
  if (value < 0) return new FieldValidationError(`${field} is ${value}: a number of items cannot be negative.`, [field])
  return new FieldValidationError(`${field} is ${value}, more than the largest count sent (${MAX_COUNT}).`, [field])
}

// Never quotes the value: it may be personal data, and it is too long to read anyway.
function tooLong(field: string, length: number, max: number): FieldValidationError {
  return new FieldValidationError(`${field} is ${length} characters long, more than the ${max} sent to Pinterest.`, [
    field
  ])
}
