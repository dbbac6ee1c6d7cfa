import type { Preset } from '@segment/actions-core'
import { defaultValues } from '@segment/actions-core'
import type { EventName } from './constants'
import { path, productAt } from './mapping-directives'
import reportConversionEvent from './reportConversionEvent'

const defaultCustomData = reportConversionEvent.fields.custom_data.default as object

// Events about one product carry it in `properties` itself rather than in `properties.products`;
// it is also what the event is about (content_name, content_brand, content_category).
const singleProduct = {
  contents: [productAt('$.properties')],
  custom_data: {
    ...defaultCustomData,
    content_name: path('$.properties.name'),
    content_brand: path('$.properties.brand'),
    content_category: path('$.properties.category')
  }
}
const category = { custom_data: { ...defaultCustomData, content_category: path('$.properties.category') } }

const track = (...events: string[]) => `type = "track" and (${events.map((e) => `event = "${e}"`).join(' or ')})`

const PRESETS: Array<[name: string, subscribe: string, eventName: EventName, extra?: object]> = [
  ['Checkout', track('Order Completed'), 'checkout'],
  ['Add to Cart', track('Product Added'), 'add_to_cart', singleProduct],
  ['Search', track('Products Searched', 'Product List Filtered'), 'search'],
  ['Page View', 'type = "page"', 'page_visit'],
  ['View Content', track('Product Viewed'), 'view_content', singleProduct],
  ['View Category', track('Product Category Viewed', 'Product List Viewed'), 'view_category', category],
  ['Add to Wishlist', track('Product Added to Wishlist'), 'add_to_wishlist', singleProduct],
  ['Initiate Checkout', track('Checkout Started'), 'initiate_checkout'],
  ['Add Payment Info', track('Payment Info Entered'), 'add_payment_info'],
  ['Sign Up', track('Signed Up'), 'signup'],
  ['Lead', track('Generate Lead', 'Lead Generated'), 'lead'],
  ['Watch Video', track('Product Video Watched', 'Video Playback Started'), 'watch_video'],
  ['App Install', track('Application Installed'), 'app_install'],
  ['App Open', track('Application Opened'), 'app_open'],
  ['Start Trial', track('Trial Started'), 'start_trial'],
  ['Subscribe', track('Subscription Created'), 'subscribe']
]

export const presets: Preset[] = PRESETS.map(([name, subscribe, eventName, extra]) => ({
  name,
  subscribe,
  partnerAction: 'reportConversionEvent',
  mapping: { ...defaultValues(reportConversionEvent.fields), ...extra, event_name: eventName },
  type: 'automatic'
}))
