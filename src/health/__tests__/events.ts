import { createHash } from 'crypto'
import type { EventName } from '../../destinations/pinterest-conversions/constants'
import type { PinterestEvent, UserData } from '../../destinations/pinterest-conversions/contract/types'
import type { HashedKey } from '../../destinations/pinterest-conversions/normalize'
import { isDropped, normalizeValue } from '../../destinations/pinterest-conversions/normalize'

/** SHA-256 in lowercase hex, computed apart from the destination's own hashing. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Sending time shared by the tests: 2025-06-15T15:06:40Z. */
export const NOW = 1_750_000_000

/** The digest Pinterest expects: our own normalization, then SHA-256. */
export function digest(key: HashedKey, raw: string): string {
  const normalized = normalizeValue(key, raw, { defaultPhoneCountry: 'US' })
  if (isDropped(normalized)) throw new Error(`test value for ${key} is dropped: ${normalized.dropped}`)
  return sha256(normalized)
}

export const IP_UA: UserData = {
  client_ip_address: '203.0.113.7',
  client_user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
}

/** Every identifier Pinterest weighs, for a Californian shopper. */
export const EVERY_ID: UserData = {
  ...IP_UA,
  em: [digest('em', ' Jane.Doe@Example.com ')],
  hashed_maids: [digest('hashed_maids', 'AEBE52E7-03EE-455A-B3C4-E57283966239')],
  external_id: [digest('external_id', 'user-1042')],
  fn: [digest('fn', 'Jane')],
  ln: [digest('ln', 'Doe')],
  click_id: 'dj0yJnU9b2JqbW1vZlRHa3BQVWtQekFmOGRfT0pvOVpaTDVpNXI',
  ph: [digest('ph', '+1 (415) 555-0123')],
  ge: [digest('ge', 'female')],
  db: [digest('db', '1990-07-04')],
  ct: [digest('ct', 'San Francisco')],
  st: [digest('st', 'California')],
  zp: [digest('zp', '94103')],
  country: [digest('country', 'United States')]
}

/** One event sent a minute after it happened; the name is a string because custom names pass through at runtime. */
export function event(name: string, userData: UserData, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: name as EventName,
    action_source: 'web',
    event_time: NOW - 60,
    event_id: `evt-${name}`,
    user_data: userData,
    ...overrides
  }
}

export function without(userData: UserData, ...keys: (keyof UserData)[]): UserData {
  const copy: UserData = { ...userData }
  for (const key of keys) delete copy[key]
  return copy
}

export function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index))
}
