import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import { checkPinterestAfterEach, digest, fakePinterest, seconds, SETTINGS } from './__helpers__/pinterest-fake'
import {
  appTrack,
  CONTENTS,
  GAID,
  IDFA,
  page,
  PAGE_URL,
  PRODUCTS,
  SHIRT,
  SHIRT_CONTENT,
  track,
  webUserData
} from './__helpers__/segment-events'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

function presetMapping(name: string) {
  const preset = destination.presets?.find((p) => p.name === name)
  if (preset?.type !== 'automatic' || !preset.mapping) throw new Error(`no automatic preset named ${name}`)
  return preset.mapping
}

/** The Pinterest event every web preset sends for the person of webContext(), with Segment's partner markers. */
function webEvent(event: SegmentEvent, eventName: string, customData?: object) {
  return {
    event_name: eventName,
    action_source: 'web',
    event_time: seconds(event.timestamp as string),
    event_id: event.messageId,
    user_data: webUserData(),
    event_source_url: PAGE_URL,
    language: 'en',
    device_info: { locale: 'en-US' },
    partner_name: 'ss-segment',
    custom_data: { ...customData, np: 'ss-segment' }
  }
}

const orderCompleted = track('Order Completed', {
  order_id: 'ord-1001',
  total: 149.98,
  revenue: 139.98,
  currency: 'usd',
  products: PRODUCTS
})
const checkoutStarted = track('Checkout Started', {
  order_id: 'ord-1001',
  value: 149.98,
  currency: 'USD',
  products: PRODUCTS
})
const productList = track('Product List Viewed', {
  list_id: 'summer',
  category: 'Apparel',
  products: PRODUCTS.slice(0, 2)
})
// A single-product event: the product is what the event is about, and its price times its
// quantity what it was worth.
const SHIRT_DATA = {
  currency: 'USD',
  value: '49.99',
  content_ids: ['sku-1'],
  content_name: 'Linen Shirt',
  content_category: 'Apparel',
  content_brand: 'Acme',
  contents: [SHIRT_CONTENT],
  num_items: 1
}
const searched = track('Products Searched', { query: 'linen shirt' })
const filtered = track('Product List Filtered', { list_id: 'summer', filters: [{ type: 'size', value: 'M' }] })

const webCases: Array<[preset: string, event: SegmentEvent, eventName: string, customData: object | undefined]> = [
  [
    'Checkout',
    orderCompleted,
    'checkout',
    {
      currency: 'USD',
      value: '149.98',
      order_id: 'ord-1001',
      content_ids: ['sku-1', 'SKU2', 'p-3'],
      contents: CONTENTS,
      num_items: 4
    }
  ],
  ['Add to Cart', track('Product Added', SHIRT), 'add_to_cart', SHIRT_DATA],
  ['Search', searched, 'search', { search_string: 'linen shirt' }],
  ['Search', filtered, 'search', undefined],
  ['Page View', page(), 'page_visit', undefined],
  ['View Content', track('Product Viewed', SHIRT), 'view_content', SHIRT_DATA],
  [
    'View Category',
    productList,
    'view_category',
    { content_category: 'Apparel', content_ids: ['sku-1', 'SKU2'], contents: CONTENTS.slice(0, 2), num_items: 3 }
  ],
  ['Add to Wishlist', track('Product Added to Wishlist', SHIRT), 'add_to_wishlist', SHIRT_DATA],
  [
    'Initiate Checkout',
    checkoutStarted,
    'initiate_checkout',
    {
      currency: 'USD',
      value: '149.98',
      order_id: 'ord-1001',
      content_ids: ['sku-1', 'SKU2', 'p-3'],
      contents: CONTENTS,
      num_items: 4
    }
  ],
  [
    'Add Payment Info',
    track('Payment Info Entered', { checkout_id: 'chk-9', order_id: 'ord-1001', payment_method: 'card' }),
    'add_payment_info',
    { order_id: 'ord-1001' }
  ],
  ['Sign Up', track('Signed Up', { type: 'email' }), 'signup', undefined],
  ['Lead', track('Generate Lead', { value: 50, currency: 'EUR' }), 'lead', { currency: 'EUR', value: '50' }],
  [
    'Watch Video',
    track('Video Playback Started', { content_asset_id: 'vid-1', video_player: 'youtube' }),
    'watch_video',
    undefined
  ],
  [
    'Start Trial',
    track('Trial Started', { trial_plan: 'pro', value: 0, currency: 'USD' }),
    'start_trial',
    { currency: 'USD', value: '0' }
  ],
  [
    'Subscribe',
    track('Subscription Created', { plan: 'pro', value: 9.99, currency: 'USD' }),
    'subscribe',
    { currency: 'USD', value: '9.99' }
  ]
]

describe('presets send the exact Pinterest event for a realistic Segment event', () => {
  test.each(webCases)('%s', async (preset: string, event: SegmentEvent, eventName: string, customData?: object) => {
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event,
      mapping: presetMapping(preset),
      settings: SETTINGS
    })
    expect(pinterest.bodies).toEqual([{ data: [webEvent(event, eventName, customData)] }])
  })

  it('App Install from an iOS app: app_ios, hashed IDFA, app and device data, no page URL', async () => {
    const event = appTrack('Application Installed', 'iOS')
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event,
      mapping: presetMapping('App Install'),
      settings: SETTINGS
    })
    expect(pinterest.bodies).toEqual([
      {
        data: [
          {
            event_name: 'app_install',
            action_source: 'app_ios',
            event_time: seconds(event.timestamp as string),
            event_id: event.messageId,
            user_data: {
              em: [digest('jane.doe@example.com')],
              external_id: [digest('user-42')],
              hashed_maids: [digest(IDFA.toLowerCase())],
              client_ip_address: '198.51.100.23'
            },
            partner_name: 'ss-segment',
            custom_data: { np: 'ss-segment' },
            app_id: 'com.acme.shop',
            app_name: 'Acme Shop',
            app_version: '3.2.1',
            device_brand: 'Apple',
            device_carrier: 'EE',
            device_model: 'iPhone15,2',
            device_type: 'ios',
            os_version: '17.1',
            wifi: true,
            language: 'en',
            app_info: { app_name: 'Acme Shop', app_package_name: 'com.acme.shop', app_version: '3.2.1' },
            device_info: {
              brand: 'Apple',
              carrier: 'EE',
              model: 'iPhone15,2',
              type: 'ios',
              os_name: 'iOS',
              os_version: '17.1',
              os_family: 'ios',
              locale: 'en-GB',
              network_type: 'wifi'
            }
          }
        ]
      }
    ])
  })

  it('App Open on Android with ad tracking limited: app_android and opt_out true', async () => {
    const event = appTrack('Application Opened', 'Android', false)
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event,
      mapping: presetMapping('App Open'),
      settings: SETTINGS
    })
    const [sent] = pinterest.bodies[0].data
    expect(sent).toMatchObject({
      event_name: 'app_open',
      action_source: 'app_android',
      opt_out: true,
      wifi: false,
      language: 'de',
      device_brand: 'Samsung'
    })
    expect(sent.user_data.hashed_maids).toEqual([digest(GAID)])
  })

  it('every preset is automatic, subscribes with FQL, and carries the full default mapping', () => {
    const fields = destination.actions.reportConversionEvent.fields
    const defaults = Object.keys(fields).filter((key) => fields[key].default !== undefined)
    expect(destination.presets).toHaveLength(16)
    for (const preset of destination.presets ?? []) {
      expect(preset).toMatchObject({ type: 'automatic', partnerAction: 'reportConversionEvent' })
      expect(Object.keys(preset.mapping ?? {})).toEqual(expect.arrayContaining([...defaults, 'event_name']))
    }
  })
})
