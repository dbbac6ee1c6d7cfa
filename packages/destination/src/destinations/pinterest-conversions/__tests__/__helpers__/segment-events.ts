/** Realistic Segment events, as the Segment spec and SDKs produce them, and who they describe. */
import type { SegmentEvent } from '@segment/actions-core'
import { digest, recent } from './pinterest-fake'

export const PAGE_URL = 'https://shop.example.com/checkout?utm_source=pinterest&epik=dj0yJnU9ZXBpaw'
export const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15'

/** A web visitor who is known: traits in context.traits, as analytics.js sends them on track calls. */
export function webContext() {
  return {
    ip: '203.0.113.7',
    userAgent: USER_AGENT,
    locale: 'en-US',
    page: { url: PAGE_URL, path: '/checkout', title: 'Checkout', referrer: 'https://www.pinterest.com/' },
    traits: {
      email: ' Jane.Doe@Example.com ',
      phone: '(415) 555-0100',
      firstName: 'Jane',
      lastName: 'Doe',
      gender: 'Female',
      birthday: '1990-07-04T00:00:00.000Z',
      address: { city: 'San Francisco', state: 'California', postalCode: '94103-1234', country: 'United States' }
    },
    library: { name: 'analytics.js', version: '2.11.1' }
  }
}

/** Pinterest's user_data for the person of webContext(), computed from the normalized strings. */
export function webUserData() {
  return {
    em: [digest('jane.doe@example.com')],
    ph: [digest('14155550100')],
    ge: [digest('f')],
    db: [digest('19900704')],
    fn: [digest('jane')],
    ln: [digest('doe')],
    ct: [digest('sanfrancisco')],
    st: [digest('ca')],
    zp: [digest('94103')],
    country: [digest('us')],
    external_id: [digest('user-42')],
    client_ip_address: '203.0.113.7',
    client_user_agent: USER_AGENT,
    click_id: 'dj0yJnU9ZXBpaw'
  }
}

export function track(
  event: string,
  properties: Record<string, unknown>,
  overrides: Partial<SegmentEvent> = {}
): SegmentEvent {
  return {
    type: 'track',
    event,
    properties,
    userId: 'user-42',
    anonymousId: 'anon-7f3a',
    messageId: `msg-${event.toLowerCase().replace(/\s+/g, '-')}`,
    timestamp: recent(3),
    context: webContext(),
    ...overrides
  } as SegmentEvent
}

export function page(): SegmentEvent {
  return {
    type: 'page',
    name: 'Checkout',
    properties: { url: PAGE_URL, path: '/checkout', title: 'Checkout' },
    userId: 'user-42',
    anonymousId: 'anon-7f3a',
    messageId: 'msg-page',
    timestamp: recent(3),
    context: webContext()
  } as SegmentEvent
}

export const IDFA = 'EA7583CD-A667-48BC-B806-42ECB2B48606'
export const GAID = '38400000-8cf0-11bd-b23e-10b96e40000d'

/** An event from a mobile app: context.app, an advertising ID, no page. */
export function appTrack(event: string, platform: 'iOS' | 'Android', adTrackingEnabled = true): SegmentEvent {
  const ios = platform === 'iOS'
  return {
    type: 'track',
    event,
    properties: {},
    userId: 'user-42',
    anonymousId: 'anon-app',
    messageId: `msg-app-${event.toLowerCase().replace(/\s+/g, '-')}`,
    timestamp: recent(3),
    context: {
      ip: '198.51.100.23',
      locale: ios ? 'en-GB' : 'de-DE',
      app: { name: 'Acme Shop', version: '3.2.1', build: '321', namespace: 'com.acme.shop' },
      device: {
        advertisingId: ios ? IDFA : GAID,
        adTrackingEnabled,
        manufacturer: ios ? 'Apple' : 'Samsung',
        model: ios ? 'iPhone15,2' : 'SM-S911B',
        type: ios ? 'ios' : 'android'
      },
      os: { name: platform, version: ios ? '17.1' : '14' },
      network: { carrier: ios ? 'EE' : 'Telekom.de', wifi: ios },
      traits: { email: 'jane.doe@example.com' }
    }
  } as SegmentEvent
}

export const PRODUCTS = [
  {
    product_id: 'sku-1',
    sku: 'SKU1',
    name: 'Linen Shirt',
    price: 49.99,
    quantity: 2,
    category: 'Apparel',
    brand: 'Acme'
  },
  { sku: 'SKU2', name: 'Wool Socks', price: 10, quantity: 1, category: 'Apparel' },
  { product_id: 'p-3', name: 'Gift Card', price: 40 }
]

export const CONTENTS = [
  {
    id: 'sku-1',
    item_price: '49.99',
    quantity: 2,
    item_name: 'Linen Shirt',
    item_category: 'Apparel',
    item_brand: 'Acme'
  },
  { id: 'SKU2', item_price: '10', quantity: 1, item_name: 'Wool Socks', item_category: 'Apparel' },
  { id: 'p-3', item_price: '40', item_name: 'Gift Card' }
]

export const SHIRT = {
  product_id: 'sku-1',
  sku: 'SKU1',
  name: 'Linen Shirt',
  price: 49.99,
  quantity: 1,
  category: 'Apparel',
  brand: 'Acme',
  currency: 'USD'
}
export const SHIRT_CONTENT = {
  id: 'sku-1',
  item_price: '49.99',
  quantity: 1,
  item_name: 'Linen Shirt',
  item_category: 'Apparel',
  item_brand: 'Acme'
}
