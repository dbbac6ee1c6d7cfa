import { createHash } from 'crypto'
import type { EventName, PinterestEvent, UserData } from 'pinterest-conversions'

/** SHA-256 in lowercase hex, computed apart from the destination's own hashing. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Sending time shared by the tests: 2025-06-15T15:06:40Z. */
export const NOW = 1_750_000_000

export const IP_UA: UserData = {
  client_ip_address: '203.0.113.7',
  client_user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
}

/** Every identifier Pinterest weighs, for a Californian shopper, each normalized as the destination does before hashing. */
export const EVERY_ID: UserData = {
  ...IP_UA,
  em: [sha256('jane.doe@example.com')],
  hashed_maids: [sha256('aebe52e7-03ee-455a-b3c4-e57283966239')],
  external_id: [sha256('user-1042')],
  fn: [sha256('jane')],
  ln: [sha256('doe')],
  click_id: 'dj0yJnU9b2JqbW1vZlRHa3BQVWtQekFmOGRfT0pvOVpaTDVpNXI',
  ph: [sha256('14155550123')],
  ge: [sha256('f')],
  db: [sha256('19900704')],
  ct: [sha256('sanfrancisco')],
  st: [sha256('ca')],
  zp: [sha256('94103')],
  country: [sha256('us')]
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
